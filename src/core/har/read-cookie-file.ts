// Cookie files for the CLI: a JSON array in the WebExtensions `cookies.Cookie` shape, or a HAR 1.2
// capture (request and response cookies of every entry). Pure: text in, cookies or a reason out.
import type { Cookie, SameSite } from '../types.ts';
import { clampExpiry } from '../audit/expiry.ts';
import { cleanText } from '../text/clean-text.ts';

/** A cookie's name for a warning: one line, no control character, not too long. */
const quoted = (name: string) => JSON.stringify(cleanText(name.slice(0, 80)));

/** The expiry as the audit can use it; an out-of-range one reads as far future (or past), with a warning. */
function expiryOf(name: string, seconds: number | undefined, warnings: string[]): number | undefined {
  const { seconds: clamped, clamped: changed } = clampExpiry(seconds);
  if (changed) warnings.push(`cookie ${quoted(name)}: expiry ${String(seconds)} is out of range, read as ${clamped === undefined ? 'a session cookie' : clamped === 0 ? 'expired' : 'far future (9999-12-31)'}`);
  return clamped;
}

/** `warnings`: fields that were out of range or of the wrong type, clamped or ignored, by cookie name. */
export type CookieFileReading = { ok: true; cookies: Cookie[]; warnings: string[] } | { ok: false; reason: string };

const SAME_SITE: Record<string, SameSite> = { none: 'no_restriction', no_restriction: 'no_restriction', lax: 'lax', strict: 'strict', unspecified: 'unspecified' };

/** SameSite as HAR files, Set-Cookie headers ("None", "Lax") and the WebExtensions API write it. */
export function sameSiteOf(value: unknown): SameSite {
  return SAME_SITE[String(value ?? 'unspecified').toLowerCase()] ?? 'unspecified';
}

function hostOf(url: unknown): string | undefined {
  try {
    return typeof url === 'string' ? new URL(url).hostname : undefined;
  } catch {
    return undefined;
  }
}

/** A partition key whose top-level site is a string, or none (with a warning) for anything else. */
function partitionOf(name: string, value: unknown, warnings: string[]): Cookie['partitionKey'] | undefined {
  if (value === undefined || value === null) return undefined;
  const site = (value as { topLevelSite?: unknown }).topLevelSite;
  if (typeof value === 'object' && (site === undefined || typeof site === 'string')) return site === undefined ? {} : { topLevelSite: site };
  warnings.push(`cookie ${quoted(name)}: partitionKey ignored (topLevelSite is not a string)`);
  return undefined;
}

function fromHar(log: { entries?: unknown }): CookieFileReading {
  if (!Array.isArray(log.entries)) return { ok: false, reason: 'HAR file without log.entries' };
  const cookies: Cookie[] = [];
  const warnings: string[] = [];
  for (const entry of log.entries as { request?: { url?: unknown; cookies?: unknown }; response?: { cookies?: unknown } }[]) {
    const host = hostOf(entry?.request?.url);
    if (!host) continue;
    for (const c of (Array.isArray(entry.request?.cookies) ? entry.request.cookies : []) as Record<string, unknown>[]) {
      if (typeof c?.name === 'string') cookies.push({ name: c.name, value: String(c.value ?? ''), domain: host, path: '/', hostOnly: true });
    }
    for (const c of (Array.isArray(entry.response?.cookies) ? entry.response.cookies : []) as Record<string, unknown>[]) {
      if (typeof c?.name !== 'string') continue;
      const parsed = typeof c.expires === 'string' ? Date.parse(c.expires) / 1000 : Number.NaN;
      const expires = Number.isNaN(parsed) ? undefined : expiryOf(c.name, parsed, warnings);
      const domain = typeof c.domain === 'string' && c.domain ? c.domain : host;
      cookies.push({
        name: c.name,
        value: String(c.value ?? ''),
        domain: domain.startsWith('.') || domain === host ? domain : `.${domain}`,
        path: typeof c.path === 'string' && c.path ? c.path : '/',
        hostOnly: !(typeof c.domain === 'string' && c.domain),
        httpOnly: c.httpOnly === true,
        secure: c.secure === true,
        sameSite: sameSiteOf(c.sameSite),
        session: expires === undefined,
        ...(expires === undefined ? {} : { expirationDate: expires }),
      });
    }
  }
  return { ok: true, cookies, warnings };
}

export function readCookieFile(text: string): CookieFileReading {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : 'parse error'})` };
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && 'log' in data) return fromHar((data as { log: { entries?: unknown } }).log ?? {});
  if (!Array.isArray(data)) return { ok: false, reason: 'expected a JSON array of cookies or a HAR file' };
  const cookies: Cookie[] = [];
  const warnings: string[] = [];
  for (const [i, item] of data.entries()) {
    const c = item as Record<string, unknown>;
    if (!c || typeof c !== 'object' || typeof c.name !== 'string') return { ok: false, reason: `cookie ${i + 1} has no name` };
    if (typeof c.domain !== 'string' || !c.domain) return { ok: false, reason: `cookie ${i + 1} (${c.name}) has no domain` };
    const expirationDate = typeof c.expirationDate === 'number' ? expiryOf(c.name, c.expirationDate, warnings) : undefined;
    const partitionKey = partitionOf(c.name, c.partitionKey, warnings);
    cookies.push({
      name: c.name,
      value: typeof c.value === 'string' ? c.value : '',
      domain: c.domain,
      path: typeof c.path === 'string' ? c.path : '/',
      hostOnly: typeof c.hostOnly === 'boolean' ? c.hostOnly : !c.domain.startsWith('.'),
      secure: c.secure === true,
      httpOnly: c.httpOnly === true,
      sameSite: sameSiteOf(c.sameSite),
      session: typeof c.session === 'boolean' ? c.session : expirationDate === undefined,
      ...(expirationDate !== undefined ? { expirationDate } : {}),
      ...(typeof c.storeId === 'string' ? { storeId: c.storeId } : {}),
      ...(partitionKey ? { partitionKey } : {}),
    });
  }
  return { ok: true, cookies, warnings };
}
