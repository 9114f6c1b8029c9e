import { InvalidInputError } from '../domain/errors.js';
import { isCategory } from '../domain/text.js';
import { findAuthorById } from '../store/authors.js';
import { canFollowCollection, follow, type FollowKind, isFollowKind } from '../store/follows.js';
import { findOrgById } from '../store/orgs.js';
import type { User } from '../store/users.js';
import type { WebDeps } from './pages/page.js';

/**
 * What one may follow, behind the site's follow form and /api/v1/me/follows: an author, a
 * visible org, an arXiv category, or a collection that is public or the user's own. A private
 * collection of someone else is "not found", exactly as a missing one.
 */
export function followKind(kind: unknown): FollowKind {
  if (!isFollowKind(kind)) throw new InvalidInputError('kind: author, org, category or collection', 'invalid_kind');
  return kind;
}

/** The kind and target, checked: the thing exists and this user may follow it. */
export async function followTarget(deps: WebDeps, userId: number, rawKind: unknown, rawTarget: unknown): Promise<{ kind: FollowKind; target: string }> {
  const kind = followKind(rawKind);
  const target = (typeof rawTarget === 'string' || typeof rawTarget === 'number' ? String(rawTarget) : '').trim();
  if (kind === 'category') {
    if (!isCategory(target)) throw new InvalidInputError('not an arXiv category (e.g. cs.CL)', 'invalid_category');
    return { kind, target };
  }
  if (!/^[1-9]\d{0,9}$/.test(target)) throw new InvalidInputError('target: an id', 'invalid_target');
  const id = Number(target);
  const exists = kind === 'author' ? Boolean(await findAuthorById(deps.store, id))
    : kind === 'org' ? (await findOrgById(deps.store, id))?.hiddenAt === null
    : await canFollowCollection(deps.store, userId, id);
  if (!exists) throw new InvalidInputError(`no such ${kind === 'org' ? 'organization' : kind}`, 'not_found');
  return { kind, target };
}

/** Follows a checked target (idempotent); a 400 past the most follows one can have. */
export async function followAs(deps: WebDeps, user: User, rawKind: unknown, rawTarget: unknown): Promise<{ kind: FollowKind; target: string }> {
  const { kind, target } = await followTarget(deps, user.id, rawKind, rawTarget);
  if ((await follow(deps.store, user.id, kind, target, deps.now())) === 'full') throw new InvalidInputError('you follow as many things as one can: unfollow some first', 'too_many_follows');
  return { kind, target };
}
