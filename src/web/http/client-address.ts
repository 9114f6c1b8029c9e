import type { IncomingMessage } from 'node:http';

/**
 * The client's address when Paperboy runs behind a reverse proxy (TRUST_PROXY). Without it, a
 * proxy on the same machine makes every reader 127.0.0.1: one read budget and one sign-in-mail
 * budget for the whole world, and /metrics open to everyone the proxy forwards.
 *
 * TRUST_PROXY lists the addresses of the proxies themselves ("loopback" for 127.0.0.1 and ::1).
 * A request whose socket comes from one of them is attributed to the last X-Forwarded-For entry
 * the trusted hops did not add (the same walk Fastify's `trustProxy` does; one function serves
 * both so the front door and the application count the same address).
 */
export type TrustProxy = (address: string) => boolean;

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/**
 * Parses TRUST_PROXY: empty (trust no one), or a comma list of addresses, IPv4 ranges
 * (172.16.0.0/12: a container network, where the proxy's address is not fixed) and "loopback".
 */
export function trustProxyFrom(setting: string): TrustProxy | null {
  const entries = setting.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const trusted = new Set(entries.filter((e) => !e.includes('/')).flatMap((e) => (e === 'loopback' ? LOOPBACK : [e, `::ffff:${e}`])));
  const ranges = entries.filter((e) => e.includes('/')).map((e) => {
    const [base, bits] = e.split('/');
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return { net: (ipv4(base!) ?? -1) & mask, mask };
  });
  return (address) => {
    if (trusted.has(address)) return true;
    const ip = ipv4(address.replace(/^::ffff:/, ''));
    return ip !== null && ranges.some((r) => ((ip & r.mask) >>> 0) === r.net >>> 0);
  };
}

function ipv4(text: string): number | null {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** The address a request came from, walking X-Forwarded-For back over trusted proxies. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | null): string {
  let address = req.socket.remoteAddress ?? '';
  if (!trust) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  while (trust(address) && hops.length > 0) address = hops.pop()!;
  return address;
}
