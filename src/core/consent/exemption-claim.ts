// Does the policy say its audience measurement is exempt from consent? Portals may run Matomo (or
// AT Internet, Piano, Eulerian) without consent under the CNIL's exemption, with "Require user
// consent" off for that tracker; their policy then says so. The sentence is quoted in the audit.

const EXEMPT = /exempt|exon[ée]r|dispens[ée]|sans (?:votre |le |recueil(?:lir)? (?:de |du )?)?consentement|(?:ne |n')(?:n[ée]cessit|requi[eè]r|est pas soumis)\w* (?:pas )?(?:de |à |au |votre |le |l')?(?:votre |le |l')?consentement|without (?:your |the user'?s? |prior )?consent|(?:does|do) not require (?:your |the user'?s? |prior )?consent|not subject to (?:your |the user'?s? |prior )?consent/i;
const AUDIENCE = /mesure d'audience|mesure de (?:la )?fr[ée]quentation|audience measurement|web analytics|matomo|piano|at internet|xiti|eulerian|statistiques? de (?:fr[ée]quentation|visite)/i;

/**
 * The first sentence that claims an exemption for audience measurement, or undefined. Sentences
 * end after `.`, `!` or `?` and a space, or at a line break. Only the sentences around a match of
 * the exemption's words are cut out and read: a long policy has few, and most have none.
 */
export function exemptionClaim(text: string): string | undefined {
  const body = text.slice(0, 2_000_000);
  const exempt = new RegExp(EXEMPT.source, 'gi');
  for (let match = exempt.exec(body); match; match = exempt.exec(body)) {
    const start = sentenceStart(body, match.index);
    const end = sentenceEnd(body, match.index);
    const sentence = body.slice(start, end);
    if (sentence.length <= 600 && EXEMPT.test(sentence) && AUDIENCE.test(sentence)) return sentence.trim();
    exempt.lastIndex = Math.max(end, match.index + 1); // the next sentence
  }
  return undefined;
}

const ends = (c: string | undefined) => c === '.' || c === '!' || c === '?';
const space = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** Where the sentence holding `at` starts: after the last line break, or the last `.`/`!`/`?` and spaces, before it. */
function sentenceStart(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] === '\n') return i + 1;
    if (space(text[i]) && ends(text[i - 1])) return i + 1;
  }
  return 0;
}

/** Where it ends: at the next line break, or after the next `.`/`!`/`?` that spaces follow. */
function sentenceEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    if (text[i] === '\n') return i;
    if (ends(text[i]) && space(text[i + 1])) return i + 1;
  }
  return text.length;
}
