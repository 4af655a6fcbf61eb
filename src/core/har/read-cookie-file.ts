// Cookie files for the CLI: a JSON array in the WebExtensions `cookies.Cookie` shape, or a HAR 1.2
// capture (request and response cookies of every entry). Pure: text in, cookies or a reason out.
import type { Cookie, SameSite } from '../types.ts';

export type CookieFileReading = { ok: true; cookies: Cookie[] } | { ok: false; reason: string };

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

function fromHar(log: { entries?: unknown }): CookieFileReading {
  if (!Array.isArray(log.entries)) return { ok: false, reason: 'HAR file without log.entries' };
  const cookies: Cookie[] = [];
  for (const entry of log.entries as { request?: { url?: unknown; cookies?: unknown }; response?: { cookies?: unknown } }[]) {
    const host = hostOf(entry?.request?.url);
    if (!host) continue;
    for (const c of (Array.isArray(entry.request?.cookies) ? entry.request.cookies : []) as Record<string, unknown>[]) {
      if (typeof c?.name === 'string') cookies.push({ name: c.name, value: String(c.value ?? ''), domain: host, path: '/', hostOnly: true });
    }
    for (const c of (Array.isArray(entry.response?.cookies) ? entry.response.cookies : []) as Record<string, unknown>[]) {
      if (typeof c?.name !== 'string') continue;
      const expires = typeof c.expires === 'string' ? Date.parse(c.expires) : Number.NaN;
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
        session: Number.isNaN(expires),
        ...(Number.isNaN(expires) ? {} : { expirationDate: expires / 1000 }),
      });
    }
  }
  return { ok: true, cookies };
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
  for (const [i, item] of data.entries()) {
    const c = item as Record<string, unknown>;
    if (!c || typeof c !== 'object' || typeof c.name !== 'string') return { ok: false, reason: `cookie ${i + 1} has no name` };
    if (typeof c.domain !== 'string' || !c.domain) return { ok: false, reason: `cookie ${i + 1} (${c.name}) has no domain` };
    const expirationDate = typeof c.expirationDate === 'number' ? c.expirationDate : undefined;
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
      ...(c.partitionKey && typeof c.partitionKey === 'object' ? { partitionKey: c.partitionKey as Cookie['partitionKey'] } : {}),
    });
  }
  return { ok: true, cookies };
}
