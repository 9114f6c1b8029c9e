import type { FastifyReply, FastifyRequest } from 'fastify';
import { PaperboyError } from '../../domain/errors.js';
import { sameSecret } from './tokens.js';

/**
 * Sent with every response. Scripts and styles only from our own origin; KaTeX's HTML output
 * sizes glyphs with inline style attributes, hence `style-src-attr 'unsafe-inline'` (styles
 * cannot run code; scripts stay locked to 'self'). No framing, no plugins, forms post home.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * HSTS for a site served over https: browsers then refuse plain http to it for a year (365 days,
 * the value HSTS preload lists ask for), so a network in the middle cannot strip TLS on a later
 * visit. Only then: sent by a plain-http site, it would pin browsers to an https that does not exist.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** Whether the site's public address is https (cookies get `Secure`, responses HSTS). */
export function servesHttps(baseUrl: string): boolean {
  return baseUrl.startsWith('https://');
}

const PLAIN_HTTP_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
const HTTPS_HEADERS = { ...PLAIN_HTTP_HEADERS, 'strict-transport-security': STRICT_TRANSPORT_SECURITY };

export function securityHeaders(reply: FastifyReply, baseUrl: string): void {
  reply.headers(servesHttps(baseUrl) ? HTTPS_HEADERS : PLAIN_HTTP_HEADERS);
}

export class ForbiddenError extends PaperboyError {
  constructor(message: string, code = 'forbidden') {
    super(code, message);
    this.name = 'ForbiddenError';
  }
}

/**
 * Double-submit CSRF check for state-changing requests: the form field `_csrf` (or the
 * `x-csrf-token` header the page script sends) must equal the `pb_csrf` cookie, which another
 * site can neither read nor set; SameSite=Lax cookies are the second wall.
 */
export function checkCsrf(req: FastifyRequest): void {
  const body = req.body as Record<string, unknown> | undefined;
  const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (req.headers['x-csrf-token'] as string | undefined);
  const expected = req.cookies.pb_csrf;
  if (!sent || !expected || !sameSecret(sent, expected)) {
    throw new ForbiddenError('this form expired or came from another site: reload the page and try again', 'csrf');
  }
}
