// DNS rebinding in Node: a public portal's name (or a hop's) that resolves to a private address is
// refused at the connection, on the address connected to. Real sockets on 127.0.0.1 and 127.0.0.2;
// the names are resolved by the test's own DNS, and 127.0.0.1 stands for a public address.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchText } from '../../src/net/fetch-text.ts';
import { publicOnlyFetch } from '../../src/net/node-public-fetch.ts';

const DNS: Record<string, string[]> = {
  'portal.example.fr': ['127.0.0.1'],
  'rebound.example.fr': ['127.0.0.2'],
  'both.example.fr': ['127.0.0.2', '127.0.0.1'],
};

describe('a public portal\'s requests from Node, whatever its names resolve to', () => {
  let publicSide: Server;
  let privateSide: Server;
  const privateAsked: string[] = [];
  let port = 0;
  const fetchPublic = publicOnlyFetch({
    // As dns.lookup answers: every address with `all`, else the first one alone.
    resolve: ((name: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      const addresses = DNS[name];
      if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
      if (options.all) return callback(null, addresses.map((address) => ({ address, family: 4 })));
      return callback(null, addresses[0], 4);
    }) as never,
    isPrivate: (address) => address !== '127.0.0.1',
  });

  beforeAll(async () => {
    publicSide = createServer((req, res) => {
      if (req.url === '/policy') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] }).end('<h1>Charte cookies</h1>');
      if (req.url === '/moved') return void res.writeHead(302, { location: `http://rebound.example.fr:${port}/secret` }).end();
      if (req.url === '/hop') return void res.writeHead(302, { location: '/policy' }).end();
      res.writeHead(404).end();
    });
    privateSide = createServer((req, res) => {
      privateAsked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' }).end('intranet');
    });
    await new Promise<void>((resolve) => publicSide.listen(0, '127.0.0.1', resolve));
    port = (publicSide.address() as AddressInfo).port;
    await new Promise<void>((resolve) => privateSide.listen(port, '127.0.0.2', resolve));
  });
  afterAll(async () => {
    await Promise.all([publicSide, privateSide].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('reads a public portal\'s policy through it, redirects followed hop by hop, headers as sent', async () => {
    const read = await fetchText(`http://portal.example.fr:${port}/hop`, { publicFetch: fetchPublic });
    expect(read).toMatchObject({ ok: true, text: '<h1>Charte cookies</h1>', url: `http://portal.example.fr:${port}/policy` });
    const response = await fetchPublic(`http://portal.example.fr:${port}/policy`);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect((await fetchPublic(`http://portal.example.fr:${port}/nothing`)).status).toBe(404);
  });

  it('never connects to a public name that resolves to a private address, first or at a redirect hop, and says why', async () => {
    const direct = await fetchText(`http://rebound.example.fr:${port}/secret`, { publicFetch: fetchPublic });
    expect(direct).toEqual({ ok: false, reason: `a public name that resolves to a private address (rebound.example.fr:${port} is 127.0.0.2), not fetched for a portal on a public host` });
    const hop = await fetchText(`http://portal.example.fr:${port}/moved`, { publicFetch: fetchPublic });
    expect(hop).toMatchObject({ ok: false, reason: expect.stringContaining('resolves to a private address') });
    expect(privateAsked).toEqual([]);
  });

  it('connects to the public one of a name\'s addresses, never the private one', async () => {
    expect(await fetchText(`http://both.example.fr:${port}/policy`, { publicFetch: fetchPublic })).toMatchObject({ ok: true, text: '<h1>Charte cookies</h1>' });
    expect(privateAsked).toEqual([]);
  });

  it('takes loopback, IPv4 and IPv6 alike, for private by default', async () => {
    const byDefault = publicOnlyFetch({
      resolve: ((name: string, _options: unknown, callback: (...args: unknown[]) => void) => callback(null, [{ address: name.startsWith('v6') ? '::1' : '127.0.0.1', family: name.startsWith('v6') ? 6 : 4 }])) as never,
    });
    for (const name of ['portal.example.fr', 'v6.example.fr']) {
      expect(await fetchText(`http://${name}:${port}/policy`, { publicFetch: byDefault }), name).toMatchObject({ ok: false, reason: expect.stringContaining('resolves to a private address') });
    }
  });

  it('leaves a portal that is itself private to the plain fetch: an intranet portal reads its own', async () => {
    const read = await fetchText(`http://127.0.0.2:${port}/policy`, { publicFetch: fetchPublic });
    expect(read).toMatchObject({ ok: true, text: 'intranet' });
    expect(privateAsked).toEqual(['/policy']);
  });

  it('says a name that does not resolve is unreachable, and gives up at its timeout', async () => {
    expect(await fetchText('http://nowhere.example.fr/', { publicFetch: fetchPublic })).toEqual({ ok: false, reason: 'unreachable (ENOTFOUND)' });
    // A server that never answers: the fetch ends on its own timeout, whatever the machine's load.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    DNS['slow.example.fr'] = ['127.0.0.1'];
    try {
      const slow = await fetchText(`http://slow.example.fr:${(silent.address() as AddressInfo).port}/`, { publicFetch: fetchPublic, timeoutMs: 300 });
      expect(slow).toEqual({ ok: false, reason: 'no answer within 0.3 s' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
