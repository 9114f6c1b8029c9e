import type { PageContext } from './layout.js';

/**
 * The upvote control. Signed in: a form that posts the wanted state (`vote=1` or `0`, never
 * "toggle", so two tabs clicking at once still end with one vote); the page script sends it
 * without reloading. Signed out: a link to sign in that comes back here.
 */
export function VoteButton({ ctx, paperId, upvotes, voted }: { ctx: PageContext; paperId: string; upvotes: number; voted: boolean }) {
  if (!ctx.user || !ctx.csrf) {
    return (
      <div class="vote">
        <a class="up" href={`/login?next=${encodeURIComponent(ctx.path)}`} title="Sign in to upvote" aria-label={`${upvotes} upvotes: sign in to upvote`}>
          ▲<span class="count">{upvotes}</span>
        </a>
      </div>
    );
  }
  return (
    <div class="vote">
      <form class="vote-form" method="post" action="/vote">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <input type="hidden" name="paper" value={paperId} />
        <input type="hidden" name="vote" value={voted ? '0' : '1'} />
        <input type="hidden" name="back" value={ctx.path} />
        <button type="submit" aria-pressed={voted ? 'true' : 'false'} title={voted ? 'Remove your upvote' : 'Upvote'}>
          <span aria-hidden="true">▲</span>
          <span class="count">{upvotes}</span>
          <span class="label" hidden>{voted ? 'Upvoted' : 'Upvote'}</span>
        </button>
      </form>
    </div>
  );
}
