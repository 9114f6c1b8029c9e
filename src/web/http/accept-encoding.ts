/**
 * Does the client take gzip? `Accept-Encoding: gzip, deflate, br` yes; `gzip;q=0` no. Browsers
 * all send it; load generators and curl without `--compressed` do not.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.includes('gzip')) return false;
  return !/(?:^|,)\s*gzip\s*;\s*q=0(?:\.0{0,3})?\s*(?:,|$)/i.test(header);
}

/** The Vary a compressed-or-not answer needs, added to what the page already varies on. */
export function withVaryOnEncoding(vary: unknown): string {
  const current = typeof vary === 'string' ? vary : Array.isArray(vary) ? vary.join(', ') : '';
  if (/accept-encoding/i.test(current)) return current;
  return current ? `${current}, Accept-Encoding` : 'Accept-Encoding';
}
