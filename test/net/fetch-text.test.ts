// Fetching a policy: redirects that stay on http(s) and off private addresses, the page's own
// character set, and bodies let go of as soon as they are refused.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../src/net/address-kind.ts';
import { decodeText } from '../../src/net/decode-text.ts';
import { fetchText } from '../../src/net/fetch-text.ts';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const POLICY_FR = '<table><tr><th>Nom du cookie</th><th>Finalité</th></tr><tr><td>sessionid</td><td>Sécurité</td></tr></table>';

let server: Server;
let origin: string;
const closed: string[] = [];
const onClose = new Map<string, () => void>();
/** Resolves once the server saw the connection of `path` close: an event, not a deadline (the test's timeout bounds it). */
const closedFor = (path: string) => (closed.includes(path) ? Promise.resolve() : new Promise<void>((resolve) => onClose.set(path, resolve)));

beforeAll(async () => {
  server = createServer((req, res) => {
    req.socket.once('close', () => {
      closed.push(req.url ?? '');
      onClose.get(req.url ?? '')?.();
    });
    switch (req.url) {
      case '/latin1-header':
        res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' }).end(latin1(POLICY_FR));
        break;
      case '/latin1-meta':
        res.writeHead(200, { 'content-type': 'text/html' }).end(latin1(`<html><head><meta charset="windows-1252"></head><body>${POLICY_FR}</body></html>`));
        break;
      case '/utf8':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(Buffer.from(POLICY_FR, 'utf8'));
        break;
      case '/huge-declared':
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50_000_000) });
        res.write('x'.repeat(1000)); // and then nothing: a client that does not let go waits
        break;
      case '/huge-streamed': {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = 'y'.repeat(64 * 1024);
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(chunk)), 1);
        break;
      }
      case '/binary':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write('%PDF-1.7'); // left open
        break;
      case '/to-local':
        res.writeHead(302, { location: `${origin}/utf8` }).end();
        break;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetching a policy', () => {
  it('honours the charset of Content-Type and of <meta charset>', async () => {
    for (const path of ['/latin1-header', '/latin1-meta', '/utf8']) {
      const result = await fetchText(`${origin}${path}`);
      expect(result.ok && result.text, path).toContain('Sécurité');
      expect(result.ok && result.text, path).toContain('Finalité');
    }
  });

  it('lets go of a body it refuses, at once: too large (declared or streamed), or not text', async () => {
    // The server never ends these bodies, and the fetch's own timeout is an hour: only the refusal
    // itself can end the fetch and close the connection (a client that waited would hang the test).
    for (const path of ['/huge-declared', '/huge-streamed', '/binary']) {
      const result = await fetchText(`${origin}${path}`, { maxBytes: 1_000_000, timeoutMs: 3_600_000 });
      expect(result.ok, path).toBe(false);
      expect(!result.ok && result.reason, path).not.toMatch(/time/i);
      await closedFor(path);
      expect(closed, `${path}: connection still open`).toContain(path);
    }
  });

  it('follows redirects between local addresses, as the demo portal and tests need', async () => {
    const result = await fetchText(`${origin}/to-local`);
    expect(result.ok && result.url).toBe(`${origin}/utf8`);
  });

  it('never follows a redirect off http(s), nor from a public host to a private address', async () => {
    const asked: string[] = [];
    const redirectTo = (location: string): typeof fetch => async (input) => {
      asked.push(String(input));
      return String(input) === 'https://portal.example/terms/cookies-policy/'
        ? new Response(null, { status: 302, headers: { location } })
        : new Response('<p>secret admin page</p>', { headers: { 'content-type': 'text/html' } });
    };
    for (const location of ['data:text/html,<table><tr><td>evil</td></tr></table>', 'file:///etc/passwd', `${origin}/utf8`, 'http://localhost:8080/', 'http://192.168.1.1/admin', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://10.0.0.2/']) {
      asked.length = 0;
      const result = await fetchText('https://portal.example/terms/cookies-policy/', { fetchImpl: redirectTo(location) });
      expect(result.ok, location).toBe(false);
      expect(asked, location).toEqual(['https://portal.example/terms/cookies-policy/']);
    }
    asked.length = 0;
    const fine = await fetchText('https://portal.example/terms/cookies-policy/', { fetchImpl: redirectTo('https://www.portal.example/cookies') });
    expect(fine.ok).toBe(true);
  });

  it('checks the end of a chain the browser followed itself', async () => {
    const followed: typeof fetch = async () => Object.defineProperty(new Response('<p>x</p>', { headers: { 'content-type': 'text/html' } }), 'url', { value: 'http://127.0.0.1:9/' });
    const result = await fetchText('https://portal.example/cookies', { fetchImpl: followed });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('private address') });
  });
});

describe('what a host name says', () => {
  it('tells loopback, private and link-local addresses from public ones', () => {
    for (const host of ['localhost', 'a.localhost', '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.169.254', '0.0.0.0', '100.64.0.1', '[::1]', '[fd00::1]', '[fe80::1]', '[::ffff:7f00:1]']) expect(isPrivateHost(host), host).toBe(true);
    for (const host of ['data.toulouse-metropole.fr', '172.32.0.1', '8.8.8.8', '[2001:db8::1]', '[::ffff:808:808]', 'localhost.example.com']) expect(isPrivateHost(host), host).toBe(false);
  });

  it('decodes by byte-order mark first, and falls back to UTF-8 on an unknown label', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), 'text/html; charset=iso-8859-1')).toBe('A');
    expect(decodeText(latin1('é'), 'text/plain; charset=latin1')).toBe('é');
    expect(decodeText(Buffer.from('é'), 'text/html; charset=klingon')).toBe('é');
  });
});

describe('the first address', () => {
  it('is never asked when it is private and the caller says private addresses are off limits', async () => {
    const asked: string[] = [];
    for (const url of ['http://127.0.0.2:9100/', 'http://169.254.169.254/latest/meta-data/', 'http://192.168.1.1/', 'http://[fd00::1]/']) {
      const result = await fetchText(url, { allowPrivate: false, fetchImpl: async (input) => (asked.push(String(input)), new Response('<p>x</p>', { headers: { 'content-type': 'text/html' } })) });
      expect(result, url).toMatchObject({ ok: false, reason: expect.stringContaining('private address') });
    }
    expect(asked).toEqual([]);
  });

  it('may be private when the user typed it, and then its redirects may stay private', async () => {
    const result = await fetchText(`${origin}/to-local`);
    expect(result.ok).toBe(true);
  });
});
