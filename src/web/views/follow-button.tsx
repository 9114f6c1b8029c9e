import type { FollowKind } from '../../store/follows.js';
import type { PageContext } from './layout.js';

/**
 * Follow / Unfollow: a plain POST form (works without JavaScript) back to `back`. Shown to
 * signed-in users only: `following` is undefined on the anonymous (cached) render, and then
 * nothing is drawn, so no one's follow state reaches the page cache.
 */
export function FollowButton({ ctx, kind, target, following, back, label }: { ctx: PageContext; kind: FollowKind; target: string; following: boolean | undefined; back: string; label?: string }) {
  if (!ctx.user || !ctx.csrf || following === undefined) return null;
  return (
    <form method="post" action={following ? '/unfollow' : '/follow'} class="inline follow">
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="back" value={back} />
      <button class="secondary" type="submit" aria-pressed={following ? 'true' : 'false'}>{following ? `Unfollow${label ? ` ${label}` : ''}` : `Follow${label ? ` ${label}` : ''}`}</button>
    </form>
  );
}
