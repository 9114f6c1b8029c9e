import { domainVerifies } from '../domain/claim-rules.js';
import { authorPaperTexts, type Claim, createClaim } from '../store/author-claims.js';
import type { Author } from '../store/authors.js';
import type { User } from '../store/users.js';
import type { WebDeps } from './pages/page.js';

/**
 * "This author is me", behind the author page's form and /api/v1: verified at once when the
 * user's e-mail domain appears in the author's papers (domain/claim-rules.ts), else pending for
 * a moderator. A second claim changes nothing (a rejected one stays rejected).
 */
export async function claimAuthorAs(deps: WebDeps, user: User, author: Author): Promise<Claim> {
  const verified = domainVerifies(user.email, await authorPaperTexts(deps.store, author.id));
  return createClaim(deps.store, author.id, user.id, verified, deps.now());
}
