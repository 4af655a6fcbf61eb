// A name cell in, the cookie name patterns it declares out. Cells hold several names
// ("_ga, _gid", "_hjSessionUser; _hjid", "a et b"), placeholder notations ("_ga_<ID>",
// "_hjSession_XXXXXX", "_pk_id.*") and sometimes prose ("les cookies commençant par _pk_").

/** RFC 6265 token characters, plus `*` for our wildcard and the brackets of placeholders. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z<>{}[\]]+$/;

const PREFIX_PROSE =
  /(?:commen[cç]ant par|d[ée]butant par|commencent par|commence par|pr[ée]fix[ée]s? (?:par|de|avec)|avec le pr[ée]fixe|starting with|beginning with|begins? with|starts? with|prefixed (?:with|by)|with the prefix)\s*[«"“'`]?\s*([^\s«»"“”'`,;()]+)/gi;
const CONTAINS_PROSE = /(?:contenant|containing|qui contient|that contains?)\s*[«"“'`]?\s*([^\s«»"“”'`,;()]+)/gi;
const SEPARATORS = /[,;\n/|]|\s+(?:et|and|ou|or|&)\s+/;
const WORDS_THAT_ARE_NOT_NAMES = new Set([
  'note', 'notes', 'exemple', 'example', 'important', 'attention', 'remarque', 'cookie', 'cookies',
  'nom', 'name', 'names', 'aucun', 'none', 'n/a', 'na', 'etc', 'voir', 'see',
  // Column labels, when a header row was not recognised as one ("Cookie-Name", "Nom_du_cookie").
  'cookie-name', 'cookie_name', 'cookiename', 'cookie-names', 'nom-du-cookie', 'nom_du_cookie', 'cookie-id', 'name-of-cookie',
  'nombre', 'naam', 'nome', 'kein', 'keine', 'ninguna', 'ninguno', 'geen', 'nessuno',
]);

export interface NameReading {
  patterns: string[];
  /** Parts of the cell that looked like prose rather than names, for the reader's warnings. */
  doubts: string[];
}

/** Placeholders become `*`; `.*` stays as a literal dot followed by the wildcard. */
const PLACEHOLDER_HINT = /[<{[#…*]|XXX|xxx|nnnn|0000|\.\.\./;

export function normalisePlaceholders(name: string): string {
  if (!PLACEHOLDER_HINT.test(name)) return name;
  return name
    .replace(/<[^<>]*>|\{[^{}]*\}|\[[^[\]]*\]/g, '*')
    .replace(/(^|[_.\-])(?:X{3,}|x{3,}|#+|n{4,}|0{4,}|…|\.{3})(?=$|[_.\-])/g, '$1*')
    .replace(/(?:…|\.\.\.)$/, '*')
    .replace(/\*{2,}/g, '*');
}

/** A word that reads as a cookie name even outside a name column. */
export function looksLikeCookieName(word: string): boolean {
  if (!TOKEN.test(word) || word.length > 200) return false;
  if (WORDS_THAT_ARE_NOT_NAMES.has(word.toLowerCase())) return false;
  return (
    /[_*.\-0-9]/.test(word) || // _ga, _pk_id.*, ai_user, AWSALB-2
    /^[a-z]{3,}$/.test(word) || // sessionid, csrftoken
    /^[A-Za-z][a-z]*[A-Z][A-Za-z]*$/.test(word) // JSESSIONID, CookieConsent (an inner capital)
  );
}

/** Stricter still, for words picked out of prose: only names no sentence would contain. */
function looksLikeCodeName(word: string): boolean {
  // A letter at least: a number in a sentence ("2 cookies") is no name.
  return looksLikeCookieName(word) && /[A-Za-z]/.test(word) && (/[_*0-9]/.test(word) || /^[A-Za-z][a-z]*[A-Z]/.test(word));
}

function stripDecoration(piece: string): string {
  return piece
    .replace(/^[\s•·▪◦‣*-]+\s+/, '') // list bullets ("• _ga"), not a leading wildcard ("*_id")
    .replace(/\s*\([^()]*\)[\s.:,;]*$/, '') // "sessionid (Django)", "sessionid (Django)."
    .replace(/^[\s"'`“”«»‘’]+|[\s"'`“”«»‘’.:,;]+$/g, '')
    .trim();
}

/**
 * Reads a name cell. `strict` is for text outside a name column (list items, paragraphs),
 * where a lone capitalised word is more likely prose than a cookie.
 */
export function readNames(cell: string, strict = false): NameReading {
  const patterns: string[] = [];
  const doubts: string[] = [];
  let rest = cell.replace(/`/g, '');
  // Prose ("any cookie starting with _hs") needs words: a cell without a space has none.
  if (rest.includes(' ')) {
    rest = rest.replace(PREFIX_PROSE, (_m, prefix: string) => {
      patterns.push(normalisePlaceholders(`${stripDecoration(prefix)}*`));
      return ' ';
    });
    rest = rest.replace(CONTAINS_PROSE, (_m, part: string) => {
      patterns.push(normalisePlaceholders(`*${stripDecoration(part)}*`));
      return ' ';
    });
  }
  for (const raw of rest.split(SEPARATORS)) {
    const piece = stripDecoration(raw ?? '');
    if (!piece) continue;
    if (!/\s/.test(piece)) {
      const name = normalisePlaceholders(piece);
      if (strict ? looksLikeCookieName(piece) : TOKEN.test(piece) && !WORDS_THAT_ARE_NOT_NAMES.has(piece.toLowerCase())) {
        patterns.push(name);
      } else if (!/^[-–—.]+$/.test(piece)) doubts.push(piece);
      continue;
    }
    // Prose around names ("le cookie _ga de Google"): keep the words that read as names.
    const found = piece.split(/\s+/).map(stripDecoration).filter(looksLikeCodeName);
    if (found.length > 0) {
      patterns.push(...found.map(normalisePlaceholders));
      doubts.push(piece);
    } else if (patterns.length === 0 || piece.length > 3) doubts.push(piece);
  }
  return { patterns: [...new Set(patterns.filter((p) => p !== '*' && p.length > 0))], doubts };
}
