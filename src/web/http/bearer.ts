import type { FastifyRequest } from 'fastify';
import { API_TOKEN_PREFIX, resolveApiToken } from '../../store/api-tokens.js';
import type { Store } from '../../store/database.js';
import type { User } from '../../store/users.js';
import { ForbiddenError } from './security.js';

/** The user a request's API token stands for, and which token (writes are rate-limited per token). */
export interface BearerIdentity {
  user: User;
  tokenId: number;
}

// RFC 6750: `Bearer` (any case), one space or more, the token. Ours are `pbt_` + 43 base64url characters.
const AUTHORIZATION = /^Bearer +(\S+) *$/i;
const TOKEN = new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/**
 * Resolves `Authorization: Bearer <token>` to its user, or throws ForbiddenError mapped to 401:
 * code `sign_in` when there is no header, `invalid_token` when it is malformed, unknown,
 * revoked, or its owner is banned (one message for those three: a stolen token's holder learns
 * nothing). Session cookies are not looked at: API writes carry their credential explicitly,
 * which is why they need no CSRF token.
 *
 *   const { user } = await bearerIdentity(req, deps.store, deps.now());
 */
export async function bearerIdentity(req: FastifyRequest, store: Store, now = new Date()): Promise<BearerIdentity> {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw new ForbiddenError('this needs an API token: send "Authorization: Bearer <token>" (create one on your profile page)', 'sign_in');
  }
  const secret = AUTHORIZATION.exec(header)?.[1];
  if (!secret) throw new ForbiddenError('malformed Authorization header: expected "Bearer <token>"', 'invalid_token');
  if (!TOKEN.test(secret)) throw new ForbiddenError(`malformed API token: Paperboy tokens start with "${API_TOKEN_PREFIX}" followed by 43 letters, digits, "-" or "_"`, 'invalid_token');
  const found = await resolveApiToken(store, secret, now);
  if (!found) throw new ForbiddenError('this API token is not valid: it was revoked, never existed, or its account is suspended', 'invalid_token');
  return found;
}

/** The user of a request's API token (see bearerIdentity). */
export async function bearerUser(req: FastifyRequest, store: Store, now = new Date()): Promise<User> {
  return (await bearerIdentity(req, store, now)).user;
}
