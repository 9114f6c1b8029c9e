import type { Author } from '../../store/authors.js';
import type { Claim, Claimant, PendingClaim } from '../../store/author-claims.js';
import type { PaperCard } from '../../store/feed.js';
import { Pager } from './feed-page.js';
import { FollowButton } from './follow-button.js';
import { Layout, type PageContext } from './layout.js';
import { authorPath, categoryPath, PaperList } from './paper-card.js';
import { UserLink } from './user-link.js';

export interface AuthorView {
  author: Author;
  cards: PaperCard[];
  totals: { papers: number; upvotes: number };
  coAuthors: { slug: string; name: string; papers: number }[];
  categories: { category: string; papers: number }[];
  /** Users verified as this author. */
  claimants: Claimant[];
  /** The signed-in user's own claim, if any. */
  ownClaim: Claim | null;
  page: number;
  pages: number;
  start: number;
  voted: Set<string>;
  /** Does the signed-in reader follow this author (undefined when signed out). */
  following?: boolean | undefined;
}

/** `/authors/{slug}`: an author's papers newest first, their counts, co-authors and categories; claim and moderator forms. */
export function AuthorPage({ ctx, view }: { ctx: PageContext; view: AuthorView }) {
  const { author, totals } = view;
  return (
    <Layout ctx={ctx} title={author.name} description={`${totals.papers} papers by ${author.name}`} canonical={`${ctx.baseUrl}${authorPath(author.slug)}`}>
      <h1>{author.name}</h1>
      <p class="muted">
        {totals.papers.toLocaleString('en-US')} {totals.papers === 1 ? 'paper' : 'papers'} · {totals.upvotes.toLocaleString('en-US')} upvotes received
        {view.claimants.length ? <> · verified as <span class="author-badge">author</span>: {view.claimants.map((u, i) => <>{i ? ', ' : ''}<UserLink handle={u.name} name={u.displayName} /></>)}</> : null}
      </p>
      <FollowButton ctx={ctx} kind="author" target={String(author.id)} following={view.following} back={authorPath(author.slug)} />
      <ClaimPanel ctx={ctx} view={view} />
      <div class="author-facts">
        {view.coAuthors.length ? (
          <section aria-labelledby="co-authors">
            <h2 id="co-authors">Co-authors</h2>
            <ul class="co-authors">
              {view.coAuthors.map((c) => <li><a href={authorPath(c.slug)}>{c.name}</a> <span class="muted">({c.papers})</span></li>)}
            </ul>
          </section>
        ) : null}
        {view.categories.length ? (
          <section aria-labelledby="author-categories">
            <h2 id="author-categories">Categories</h2>
            <p class="chips">{view.categories.map((c) => <><a class="cat" href={categoryPath(c.category)}>{c.category}</a> <span class="muted">{c.papers}</span> </>)}</p>
          </section>
        ) : null}
      </div>
      <h2>Papers</h2>
      {view.cards.length ? <PaperList ctx={ctx} cards={view.cards} voted={view.voted} start={view.start} options={{ showDay: 'year' }} /> : <p class="muted">{view.page > 1 ? 'Past the last page.' : 'No papers to show.'}</p>}
      <Pager page={view.page} pages={view.pages} />
      {ctx.user?.isAdmin && ctx.csrf ? <AuthorModeration csrf={ctx.csrf} author={author} cards={view.cards} /> : null}
    </Layout>
  );
}

function ClaimPanel({ ctx, view }: { ctx: PageContext; view: AuthorView }) {
  const claim = view.ownClaim;
  if (!ctx.user) return <p><a href={`/login?next=${encodeURIComponent(authorPath(view.author.slug))}`}>Sign in</a> to claim this author as you.</p>;
  if (claim?.status === 'verified') return <p class="notice">You are verified as this author.</p>;
  if (claim?.status === 'pending') return <p class="notice">Your claim waits for a moderator (your e-mail domain is not in these papers).</p>;
  if (claim?.status === 'rejected') return <p class="notice">A moderator rejected your claim{claim.reason ? `: ${claim.reason}` : ''}.</p>;
  if (!ctx.csrf) return null;
  return (
    <form method="post" action={`${authorPath(view.author.slug)}/claim`} class="claim">
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <button class="secondary" type="submit">This author is me</button>
      <span class="muted"> Verified at once when your e-mail domain appears in these papers, else by a moderator.</span>
    </form>
  );
}

function AuthorModeration({ csrf, author, cards }: { csrf: string; author: Author; cards: PaperCard[] }) {
  return (
    <section aria-label="Moderate this author">
      <details>
        <summary>Merge this author into another</summary>
        <form class="stack" method="post" action="/moderation/merge-author">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="from" value={author.slug} />
          <label for="merge-into">The other author's slug (/authors/…)</label>
          <input id="merge-into" type="text" name="into" required />
          <label for="merge-reason">Reason (public)</label>
          <input id="merge-reason" type="text" name="reason" required minLength={3} />
          <button class="secondary" type="submit">Merge</button>
        </form>
      </details>
      {cards.length > 1 ? (
        <details>
          <summary>Split this author off a paper (another person with the same name)</summary>
          <form class="stack" method="post" action="/moderation/split-author">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="author" value={author.slug} />
            <label for="split-paper">Paper</label>
            <select id="split-paper" name="paper">{cards.map((c) => <option value={c.id}>{c.id}: {c.title.slice(0, 80)}</option>)}</select>
            <label for="split-reason">Reason (public)</label>
            <input id="split-reason" type="text" name="reason" required minLength={3} />
            <button class="secondary" type="submit">Split</button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

/** `/moderation/claims`: pending claims, each approved or rejected with a public reason. */
export function ClaimsQueuePage({ ctx, claims }: { ctx: PageContext; claims: PendingClaim[] }) {
  return (
    <Layout ctx={ctx} title="Author claims" section="moderation">
      <h1>Author claims</h1>
      <p class="muted">Users who said "this author is me" and whose e-mail domain is not in the author's papers. Decisions go to the <a href="/moderation">public log</a>.</p>
      {claims.length === 0 ? <p class="muted">No claims wait.</p> : (
        <table class="log">
          <thead><tr><th>Claimed (UTC)</th><th>User</th><th>Author</th><th>Decision</th></tr></thead>
          <tbody>
            {claims.map((c) => (
              <tr id={`claim-${c.id}`}>
                <td><time dateTime={c.createdAt}>{c.createdAt.slice(0, 16).replace('T', ' ')}</time></td>
                <td><UserLink handle={c.user.name} name={c.user.displayName} /></td>
                <td><a href={authorPath(c.authorSlug)}>{c.authorName}</a></td>
                <td>
                  {ctx.csrf ? (
                    <form class="stack" method="post" action="/moderation/claims">
                      <input type="hidden" name="_csrf" value={ctx.csrf} />
                      <input type="hidden" name="claim" value={String(c.id)} />
                      <label for={`claim-reason-${c.id}`}>Reason (public)</label>
                      <input id={`claim-reason-${c.id}`} type="text" name="reason" required minLength={3} />
                      <span>
                        <button class="secondary" type="submit" name="decision" value="approve">Approve claim</button>{' '}
                        <button class="secondary" type="submit" name="decision" value="reject">Reject claim</button>
                      </span>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
