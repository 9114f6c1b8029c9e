import { arxivLinks } from '../../domain/arxiv-id.js';
import { absoluteUrl } from '../render/absolute-url.js';
import { LIMITS } from '../../domain/community-rules.js';
import { mathToPlainText } from '../../domain/math-text.js';
import { paperLinksOf } from '../../domain/paper-links.js';
import type { PaperState } from '../../domain/paper-state.js';
import { plainSummary } from '../../domain/plain-summary.js';
import type { CommentRow } from '../../store/comments.js';
import type { Collection } from '../../store/collections.js';
import { collectionPath } from '../../domain/collection-rules.js';
import { AddToCollection } from './add-to-collection.js';
import type { PaperCard } from '../../store/feed.js';
import type { UpvotesOverTime } from '../../store/site-activity.js';
import type { OrgBadge } from '../../store/orgs.js';
import { renderCommentMarkdown } from '../render/markdown.js';
import { Ago } from './time.js';
import { Layout, type PageContext } from './layout.js';
import { MathText } from './math.js';
import { AttachMediaForm, PaperMediaView } from './media.js';
import { AuthorAdditionsForm, FromTheAuthors } from './author-additions.js';
import type { StoredAuthorAdditions } from '../../store/author-additions.js';
import { ModerationForm } from './moderation-form.js';
import { authorPath, PaperList, paperPath } from './paper-card.js';
import { PaperSidebar } from './paper-sidebar.js';
import { UpvoteSparkline } from './upvote-sparkline.js';
import { UserLink } from './user-link.js';
import { VoteButton } from './vote-button.js';

export interface PaperView {
  paper: PaperState;
  upvotes: number;
  voted: boolean;
  submittedBy: string | null;
  submitterName: string | null;
  comments: CommentRow[];
  now: Date;
  /** Papers like this one (vector neighbours fused with shared rare words), most similar first. */
  similar: PaperCard[];
  /** Upvotes by day, for the sparkline under the vote button. */
  upvoteHistory: UpvotesOverTime;
  /** A line for the reader about what they just did (e.g. a submission of a paper already here). */
  notice?: string;
  /** The share-card image (og:image), absolute or site-relative: the paper's thumbnail when there is one. */
  image?: string;
  /** The image or video its submitter attached (src/web/views/media.tsx). */
  media?: { kind: 'image' | 'video'; url: string; width: number; height: number } | null;
  /** The reader is the paper's submitter: the page offers to attach media. */
  canAttachMedia?: boolean;
  /** Stars of the paper's code repository on GitHub, when known. */
  githubStars?: number | null;
  /** Keyphrases of the paper (src/enrich/summaries/), each a link to a phrase search. */
  keywords?: string[];
  /** Author pages by position in the author list (src/store/authors.ts). */
  authorLinks?: Map<number, { slug: string; name: string }>;
  /** Users verified as one of the paper's authors: their comments carry the "author" badge. */
  authorUsers?: Set<number>;
  /** The org it was submitted under. */
  org?: OrgBadge | null;
  /** Public collections holding the paper (the first few) and how many there are. */
  inCollections?: { total: number; collections: Collection[] };
  /** What its verified authors added: code link, project page, note (src/store/author-additions.ts). */
  authorAdditions?: StoredAuthorAdditions | undefined;
}

/** Similar papers show upvotes as numbers, not buttons: no vote state to read for them. */
const NONE: ReadonlySet<string> = new Set();
const NO_USERS: ReadonlySet<number> = new Set();

export function PaperPage({ ctx, view }: { ctx: PageContext; view: PaperView }) {
  const { paper } = view;
  const links = paperLinksOf(paper);
  const visible = view.comments.filter((c) => !c.hiddenAt || ctx.user?.isAdmin);
  const title = mathToPlainText(paper.title);
  const canonical = absoluteUrl(ctx.baseUrl, paperPath(paper.id));
  return (
    <Layout ctx={ctx} title={title} description={plainSummary(paper.abstract || title)} canonical={canonical} shareType="article" {...(view.image ? { image: view.image } : {})}>
      {view.notice ? <div class="notice" role="status">{view.notice}</div> : null}
      <div class="paper-layout">
        <article class="paper">
          <div class="paper-head">
            <div class="vote-column">
              <VoteButton ctx={ctx} paperId={paper.id} upvotes={view.upvotes} voted={view.voted} />
              <UpvoteSparkline data={view.upvoteHistory} until={view.now.toISOString().slice(0, 10)} />
            </div>
            <div>
              <h1><MathText text={paper.title} /></h1>
              <p class="authors">{paper.authors.map((name, i) => {
                const link = view.authorLinks?.get(i);
                return <>{i ? ', ' : ''}{link ? <a href={authorPath(link.slug)}>{name}</a> : name}</>;
              })}</p>
            </div>
          </div>
          <nav class="links" aria-label="Read">
            <a href={arxivLinks(paper.id).pdf}>PDF</a>
            <a href="#comments">{view.comments.length === 0 ? 'Discuss' : `Comments (${visible.filter((c) => !c.deletedAt).length})`}</a>
          </nav>
          {view.inCollections?.total ? <InCollections {...view.inCollections} /> : null}
          <AddToCollection ctx={ctx} paperId={paper.id} />
          {view.media ? <PaperMediaView media={view.media} title={title} /> : null}
          {view.canAttachMedia && ctx.csrf ? <AttachMediaForm csrf={ctx.csrf} paperId={paper.id} replacing={!!view.media} /> : null}
          <h2>Abstract</h2>
          {paper.abstract ? <MathText tag="p" class="abstract" text={paper.abstract} blocks links /> : <p class="muted">No abstract.</p>}
          {view.keywords?.length ? <Keywords keywords={view.keywords} /> : null}
          {view.authorAdditions ? <FromTheAuthors ctx={ctx} additions={view.authorAdditions} /> : null}
          {ctx.user && ctx.csrf && view.authorUsers?.has(ctx.user.id) ? <AuthorAdditionsForm csrf={ctx.csrf} paperId={paper.id} current={view.authorAdditions} /> : null}
          {ctx.user?.isAdmin && ctx.csrf ? <ModerationForm csrf={ctx.csrf} summary="Moderate this paper" action="/moderation/hide-paper" target={{ paper: paper.id }} button="Hide paper" /> : null}
        </article>
        <PaperSidebar paper={paper} links={links} githubStars={view.githubStars ?? null} submittedBy={view.submittedBy} submitterName={view.submitterName} org={view.org ?? null} />
        <div class="paper-rest">
          {view.similar.length > 0 ? (
            <section class="similar" aria-label="Similar papers">
              <h2>Similar papers</h2>
              <PaperList ctx={ctx} cards={view.similar} voted={NONE} options={{ compact: true, showDay: 'year' }} />
            </section>
          ) : null}
          <Comments ctx={ctx} paperId={paper.id} comments={visible} now={view.now} authorUsers={view.authorUsers ?? NO_USERS} />
        </div>
      </div>
    </Layout>
  );
}

function Comments({ ctx, paperId, comments, now, authorUsers }: { ctx: PageContext; paperId: string; comments: CommentRow[]; now: Date; authorUsers: ReadonlySet<number> }) {
  return (
    <section class="comments" id="comments" aria-label="Comments">
      <h2>Comments</h2>
      {comments.length === 0 ? <p class="muted">No comments yet.</p> : null}
      {comments.map((c) => <CommentView ctx={ctx} paperId={paperId} c={c} now={now} isAuthor={authorUsers.has(c.userId)} />)}
      {ctx.user && ctx.csrf ? (
        <CommentForm ctx={ctx} paperId={paperId} parentId={null} label="Add a comment" />
      ) : (
        <p><a href={`/login?next=${encodeURIComponent(`${ctx.path}#comments`)}`}>Sign in</a> to comment.</p>
      )}
    </section>
  );
}

function CommentView({ ctx, paperId, c, now, isAuthor }: { ctx: PageContext; paperId: string; c: CommentRow; now: Date; isAuthor: boolean }) {
  const mine = ctx.user?.id === c.userId;
  const editable = mine && !c.deletedAt && now.getTime() - Date.parse(c.createdAt) < LIMITS.commentEditMinutes * 60_000;
  return (
    <div class={c.parentId ? 'comment reply' : 'comment'} id={`c${c.id}`}>
      <div class="who">
        {c.deletedAt ? 'deleted' : <UserLink handle={c.userName} name={c.userDisplayName} />}
        {isAuthor && !c.deletedAt ? <> <span class="author-badge" title="Verified as an author of this paper">author</span></> : null} · <a href={`#c${c.id}`}><Ago at={c.createdAt} now={ctx.now} /></a>
        {c.editedAt && !c.deletedAt ? ' · edited' : ''}
        {c.hiddenAt ? ' · hidden by a moderator' : ''}
      </div>
      {c.deletedAt ? <p class="text muted">[deleted]</p> : <div class="text" dangerouslySetInnerHTML={{ __html: renderCommentMarkdown(c.body) }} />}
      {ctx.user && ctx.csrf && !c.deletedAt ? (
        <div class="actions">
          {c.parentId === null ? (
            <details>
              <summary>Reply</summary>
              <CommentForm ctx={ctx} paperId={paperId} parentId={c.id} label="Your reply" />
            </details>
          ) : null}
          {editable ? (
            <details>
              <summary>Edit</summary>
              <form class="stack" method="post" action={`/comments/${c.id}/edit`}>
                <input type="hidden" name="_csrf" value={ctx.csrf} />
                <textarea name="body" required maxLength={LIMITS.commentMaxChars} aria-label="Edit comment">{c.body}</textarea>
                <button class="secondary" type="submit">Save</button>
              </form>
            </details>
          ) : null}
          {mine ? (
            <form method="post" action={`/comments/${c.id}/delete`}>
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <button class="linkish" type="submit">Delete</button>
            </form>
          ) : null}
          {ctx.user.isAdmin && !c.hiddenAt ? (
            <form method="post" action={`/moderation/hide-comment`}>
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <input type="hidden" name="comment" value={String(c.id)} />
              <input type="text" name="reason" placeholder="reason (public)" required minLength={LIMITS.reasonMinChars} aria-label="Reason" />
              <button class="linkish" type="submit">Hide</button>
            </form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function CommentForm({ ctx, paperId, parentId, label }: { ctx: PageContext; paperId: string; parentId: number | null; label: string }) {
  const id = parentId ? `reply-${parentId}` : 'new-comment';
  return (
    <form class="stack" method="post" action="/comments">
      <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
      <input type="hidden" name="paper" value={paperId} />
      {parentId ? <input type="hidden" name="parent" value={String(parentId)} /> : null}
      <label for={id}>{label}</label>
      <textarea id={id} name="body" required maxLength={LIMITS.commentMaxChars}></textarea>
      <span class="muted">Markdown: *emphasis*, **bold**, `code`, [links](https://…), $math$.</span>
      <button class="primary" type="submit">{parentId ? 'Reply' : 'Comment'}</button>
    </form>
  );
}

/** Keyword chips under the abstract: each searches for its phrase. */
function Keywords({ keywords }: { keywords: string[] }) {
  return (
    <nav class="chips keywords" aria-label="Keywords">
      {keywords.map((k) => <a class="chip" href={`/search?q=${encodeURIComponent(`"${k}"`)}`}>{k}</a>)}
    </nav>
  );
}

/** "Also in N collections: …" (public ones only). */
function InCollections({ total, collections }: { total: number; collections: Collection[] }) {
  return (
    <p class="in-collections">
      Also in {total === 1 ? '1 collection' : `${total} collections`}:{' '}
      {collections.map((c, i) => <>{i ? ', ' : ''}<a href={collectionPath(c)}>{c.title}</a></>)}
      {total > collections.length ? ` and ${total - collections.length} more` : ''}
    </p>
  );
}
