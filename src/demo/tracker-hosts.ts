// Local stand-ins for two trackers that set no cookie before consent (issue #33), answering on
// 127.0.0.1 under their real names over HTTPS (both are HSTS-preloaded): Google Analytics 4's
// collection endpoint (`www.google-analytics.com/g/collect`, a hit sent with sendBeacon, as GA4's
// consent mode does before any cookie) and Hotjar's script (`static.hotjar.com/c/hotjar-<id>.js`,
// which keeps its identifiers in web storage: `_hjSessionUser_<id>` in localStorage, `_hjSession_<id>`
// in sessionStorage, as Hotjar's own documentation lists them). A browser reaches them through
// `chromiumSwitches()` (Chromium: host resolver rules and this certificate alone trusted) or
// `proxyAutoConfig()` (Firefox: a proxy that connects those two names here, nothing else).
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createHash, X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export const TRACKER_HOSTS = ['www.google-analytics.com', 'static.hotjar.com'] as const;
export const GA_ORIGIN = 'https://www.google-analytics.com';
export const HOTJAR_ORIGIN = 'https://static.hotjar.com';
/** The Hotjar site id of the demo, and the client id its GA hit carries: no output may quote the latter. */
export const HOTJAR_ID = '3712';
export const GA_CLIENT_ID = '555123987.1700000000';

/** What a portal page runs to start both: a GA4 hit by sendBeacon, and Hotjar's script. */
export function cookielessTrackersScript(): string {
  return `navigator.sendBeacon('${GA_ORIGIN}/g/collect?v=2&tid=G-DEMO4&cid=${GA_CLIENT_ID}&en=page_view&_p=1'); (function () { var h = document.createElement('script'); h.src = '${HOTJAR_ORIGIN}/c/hotjar-${HOTJAR_ID}.js?sv=6'; document.head.appendChild(h); })();`;
}

/** Hotjar's script as far as storage goes: its user and session identifiers, and a hit of its own. */
const HOTJAR_SCRIPT = `(function () {
  var id = 'hj-' + Math.random().toString(36).slice(2) + '-user';
  try { localStorage.setItem('_hjSessionUser_${HOTJAR_ID}', JSON.stringify({ id: id, created: Date.now(), existing: false })); } catch (e) {}
  try { sessionStorage.setItem('_hjSession_${HOTJAR_ID}', JSON.stringify({ id: id + '-s', c: Date.now(), s: 0, r: 0 })); } catch (e) {}
  new Image().src = '${HOTJAR_ORIGIN}/api/v2/client/sites/${HOTJAR_ID}/visit-data?sv=6&uid=' + encodeURIComponent(id);
})();`;

export interface TrackerHosts {
  /** The port both names are served on, on 127.0.0.1. */
  port: number;
  /** Every request so far, `METHOD host/path` (the query left out: it is the tracker's). */
  readonly hits: readonly string[];
  /** Chromium's switches that send both names here and trust this certificate only. */
  chromiumSwitches(): string[];
  /** Firefox: the address of a proxy auto-config that sends both names through the local proxy (`proxyPort`). */
  proxyAutoConfig(): string;
  proxyPort: number;
  close(): Promise<void>;
}

export async function startTrackerHosts(tls: { cert: string; key: string }): Promise<TrackerHosts> {
  const hits: string[] = [];
  const server = createHttpsServer(tls, (req, res) => {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'unknown'}`);
    hits.push(`${req.method} ${url.hostname}${url.pathname}`);
    req.resume();
    if (url.hostname === 'static.hotjar.com' && url.pathname.startsWith('/c/hotjar-')) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
      res.end(HOTJAR_SCRIPT);
    } else if (url.pathname.endsWith('.gif') || url.pathname.includes('/visit-data')) {
      res.writeHead(200, { 'content-type': 'image/gif' });
      res.end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
    } else {
      // GA4 answers its hits with an empty 204.
      res.writeHead(204, { 'access-control-allow-origin': '*' });
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Firefox has no host resolver rules: a CONNECT proxy for the two names, refusing anything else.
  // It also serves the auto-config that points the two names at it (a browser's pref takes its address).
  let pac = '';
  const proxy = createHttpServer((req, res) => {
    if (req.url === '/proxy.pac') res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(pac);
    else res.writeHead(403).end();
  });
  proxy.on('connect', (req, socket) => {
    const host = (req.url ?? '').replace(/:\d+$/, '');
    if (!(TRACKER_HOSTS as readonly string[]).includes(host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyPort = (proxy.address() as AddressInfo).port;
  pac = `function FindProxyForURL(url, host) { return ${JSON.stringify(TRACKER_HOSTS)}.indexOf(host) >= 0 ? 'PROXY 127.0.0.1:${proxyPort}' : 'DIRECT'; }`;
  const spki = createHash('sha256').update(new X509Certificate(tls.cert).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  return {
    port,
    hits,
    proxyPort,
    chromiumSwitches: () => [
      // Both names here; every other name that is not local fails to resolve, so nothing leaves 127.0.0.0/8.
      `--host-resolver-rules=${TRACKER_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost, EXCLUDE *.localhost`,
      `--ignore-certificate-errors-spki-list=${spki}`,
    ],
    proxyAutoConfig: () => `http://127.0.0.1:${proxyPort}/proxy.pac`,
    close: () => Promise.all([server, proxy].map((s) => new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    }))).then(() => undefined),
  };
}
