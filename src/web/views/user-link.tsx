/**
 * A person wherever the site names one (comments, cards, the paper page, the moderation log,
 * the header): their display name, linked to their profile by handle. The handle is in the
 * title, so a display name copying someone else's still shows whose it is.
 */
export function UserLink({ handle, name }: { handle: string; name: string }) {
  return (
    <a href={`/u/${encodeURIComponent(handle)}`} title={`@${handle}`}>
      {name}
    </a>
  );
}
