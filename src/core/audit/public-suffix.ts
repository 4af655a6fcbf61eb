// The Public Suffix List's algorithm (publicsuffix.org/list, "Formal algorithm") over the list as
// the build ships it for the extension (data/public-suffix.json, generated from tldts' copy): the
// registrable domain of a host, private section included, as browsers use it for cookies. In Node,
// tldts itself answers (src/core/audit/party.ts); a test holds the two to the same answers.

/** The list: its rules (`gouv.fr`, `*.ck`) and exceptions (`www.ck`, without the `!`). */
export interface SuffixData {
  rules: readonly string[];
  exceptions: readonly string[];
}

export interface SuffixList {
  rules: ReadonlySet<string>;
  /** The `*.x` rules, as `x`. */
  wildcards: ReadonlySet<string>;
  exceptions: ReadonlySet<string>;
}

export function suffixList(data: SuffixData): SuffixList {
  const rules = new Set<string>();
  const wildcards = new Set<string>();
  for (const rule of data.rules) (rule.startsWith('*.') ? wildcards.add(rule.slice(2)) : rules.add(rule));
  return { rules, wildcards, exceptions: new Set(data.exceptions) };
}

/** Reads the build's file; anything else is not a list (undefined). */
export function readSuffixData(data: unknown): SuffixData | undefined {
  const file = data as Partial<SuffixData> | null;
  if (!file || !Array.isArray(file.rules) || !Array.isArray(file.exceptions) || file.rules.length === 0) return undefined;
  const strings = (xs: unknown[]) => xs.filter((x): x is string => typeof x === 'string');
  return { rules: strings(file.rules), exceptions: strings(file.exceptions) };
}

const IP = /^(?:\d{1,3}\.){3}\d{1,3}$|:/;

/**
 * The registrable domain (the public suffix and one label more) of a lower-case host, or null for
 * an IP address, a single label, or a host that is itself a public suffix.
 */
export function registrableDomain(host: string, list: SuffixList): string | null {
  if (IP.test(host) || !host.includes('.') || host.startsWith('.') || host.endsWith('.') || host.includes('..')) return null;
  const labels = host.split('.');
  // The prevailing rule: an exception wins; otherwise the longest match; "*" (the last label) by default.
  let suffixLength = 1;
  for (let i = 0; i < labels.length; i++) {
    const candidate = labels.slice(i).join('.');
    if (list.exceptions.has(candidate)) {
      suffixLength = labels.length - i - 1;
      break;
    }
    const parent = labels.slice(i + 1).join('.');
    if (list.rules.has(candidate) || (i + 1 < labels.length && list.wildcards.has(parent))) {
      suffixLength = labels.length - i;
      break;
    }
  }
  if (suffixLength >= labels.length) return null;
  return labels.slice(labels.length - suffixLength - 1).join('.');
}
