import { DELETED_USER_NAME, isDeletedHandle } from '../../domain/user-names.js';

/**
 * A person wherever the site names one (comments, cards, the paper page, the moderation log,
 * the header): their display name, linked to their profile by handle. The handle is in the
 * title, so a display name copying someone else's still shows whose it is.
 */
export function UserLink({ handle, name }: { handle: string; name: string }) {
  // A deleted account's placeholder (domain/user-names.ts) has no profile to link to.
  if (isDeletedHandle(handle)) return <span class="deleted-user">{DELETED_USER_NAME}</span>;
  return (
    <a href={`/u/${encodeURIComponent(handle)}`} title={`@${handle}`}>
      {name}
    </a>
  );
}
