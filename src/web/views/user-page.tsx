import type { PaperCard } from '../../store/feed.js';
import type { User } from '../../store/users.js';
import { Layout, type PageContext } from './layout.js';
import { ModerationForm } from './moderation-form.js';
import { PaperList } from './paper-card.js';

/** The own profile's digest line: active (with its manage link), waiting for confirmation, or none. */
export interface DigestSummary {
  state: 'active' | 'unconfirmed' | 'none';
  manage: string | null;
  frequency: string | null;
}

export function UserPage({ ctx, user, upvoted, submitted, voted, digest }: { ctx: PageContext; user: User; upvoted: PaperCard[]; submitted: PaperCard[]; voted: Set<string>; digest: DigestSummary | null }) {
  return (
    <Layout ctx={ctx} title={user.name} section="user">
      <h1>{user.name}</h1>
      <p class="muted">
        Member since {user.createdAt.slice(0, 10)}
        {user.isAdmin ? ' · moderator' : ''}
        {user.bannedAt ? ' · banned' : ''}
      </p>
      {ctx.user?.isAdmin && ctx.csrf && !user.bannedAt && ctx.user.id !== user.id ? <ModerationForm csrf={ctx.csrf} summary="Ban this user" action="/moderation/ban" target={{ user: user.name }} button="Ban" /> : null}
      {digest ? (
        <div class="notice">
          {digest.state === 'active' && digest.manage ? <>You get the {digest.frequency} digest. <a href={digest.manage}>Change topics or frequency, or unsubscribe</a>.</> : null}
          {digest.state === 'unconfirmed' ? <>Your digest waits for confirmation: use the link in the mail, or <a href="/subscribe">ask for a new one</a>.</> : null}
          {digest.state === 'none' ? <>Get the top papers by e-mail: <a href="/subscribe">subscribe to the digest</a>.</> : null}
        </div>
      ) : null}
      <h2>Submitted</h2>
      {submitted.length ? <PaperList ctx={ctx} cards={submitted} voted={voted} /> : <p class="muted">No submissions yet.</p>}
      <h2>Upvoted</h2>
      {upvoted.length ? <PaperList ctx={ctx} cards={upvoted} voted={voted} /> : <p class="muted">No upvotes yet.</p>}
    </Layout>
  );
}
