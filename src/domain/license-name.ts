/**
 * A short name for the licence URL arXiv records: `CC BY 4.0`, `CC0 1.0`, `arXiv licence`;
 * else the URL's host and path. Null for what is not an http(s) URL.
 */
export function licenseName(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const path = u.pathname.replace(/\/+$/, '');
  if (/(^|\.)creativecommons\.org$/i.test(u.hostname)) {
    const cc = /^\/licenses\/([a-z-]+)\/(\d+(?:\.\d+)?)/i.exec(path);
    if (cc) return `CC ${cc[1]!.toUpperCase()} ${cc[2]}`;
    const zero = /^\/publicdomain\/zero\/(\d+(?:\.\d+)?)/i.exec(path);
    if (zero) return `CC0 ${zero[1]}`;
  }
  if (/(^|\.)arxiv\.org$/i.test(u.hostname) && path.includes('nonexclusive-distrib')) return 'arXiv non-exclusive licence';
  return `${u.hostname}${path}`;
}
