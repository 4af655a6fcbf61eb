// Is a host name a loopback, private or link-local address? Read from the name alone (no DNS):
// enough to stop a public page's redirect from steering a fetch to the user's own machine or
// network. A public name that resolves to a private address (DNS rebinding) is caught where the
// connection is made, in Node only (node-public-fetch.ts): the browser resolves names out of sight.

/** The error code of a connection refused because a public name resolved to a private address. */
export const PRIVATE_ADDRESS = 'EPRIVATEADDRESS';

function ipv4Private(host: string): boolean | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

function ipv6Private(host: string): boolean | undefined {
  if (!host.startsWith('[') || !host.endsWith(']')) return undefined;
  const ip = host.slice(1, -1).toLowerCase();
  if (ip === '::1' || ip === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return ipv4Private(mapped[1]!) ?? false;
  // URL normalises ::ffff:a.b.c.d to ::ffff:xxxx:xxxx.
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (hexMapped) {
    const [hi, lo] = [Number.parseInt(hexMapped[1]!, 16), Number.parseInt(hexMapped[2]!, 16)];
    return ipv4Private(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`) ?? false;
  }
  return /^f[cd]/.test(ip) || /^fe[89ab]/.test(ip);
}

/** True for loopback, private (RFC 1918, ULA), link-local and carrier-grade NAT addresses, and localhost names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return ipv4Private(host) ?? ipv6Private(host) ?? false;
}
