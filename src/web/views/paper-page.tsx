import { arxivLinks } from '../../domain/arxiv-id.js';
import { bibtexFor } from '../../domain/bibtex.js';
import { LIMITS } from '../../domain/community-rules.js';
import type { PaperState } from '../../domain/paper-state.js';
import type { CommentRow } from '../../store/comments.js';
import type { PaperCard } from '../../store/feed.js';
import { renderCommentMarkdown } from '../render/markdown.js';
import { Layout, type PageContext } from './layout.js';
import { MathText } from './math.js';
import { ModerationForm } from './moderation-form.js';
import { authorLine, paperPath } from './paper-card.js';
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
  /** A line for the reader about what they just did (e.g. a submission of a paper already here). */
  notice?: string;
}

export function PaperPage({ ctx, view }: { ctx: PageContext; view: PaperView }) {
  const { paper } = view;
  const links = arxivLinks(paper.id);
  const visible = view.comments.filter((c) => !c.hiddenAt || ctx.user?.isAdmin);
  return (
    <Layout ctx={ctx} title={paper.title} description={(paper.abstract ?? '').slice(0, 200)}>
      {view.notice ? <div class="notice" role="status">{view.notice}</div> : null}
      <article class="paper">
        <div class="paper-head">
          <VoteButton ctx={ctx} paperId={paper.id} upvotes={view.upvotes} voted={view.voted} />
          <div>
            <h1><MathText text={paper.title} /></h1>
            <p class="authors">{paper.authors.join(', ')}</p>
          </div>
        </div>
        <nav class="links" aria-label="Links">
          <a href={links.abs}>arXiv:{paper.id}{paper.version ? `v${paper.version}` : ''}</a>
          <a href={links.pdf}>PDF</a>
          {paper.githubUrl ? <a href={paper.githubUrl} rel="nofollow noopener">Code</a> : null}
          {paper.projectUrl ? <a href={paper.projectUrl} rel="nofollow noopener">Project page</a> : null}
          <a href="#comments">{view.comments.length === 0 ? 'Discuss' : `Comments (${visible.filter((c) => !c.deletedAt).length})`}</a>
        </nav>
        <h2>Abstract</h2>
        {paper.abstract ? <MathText tag="p" class="abstract" text={paper.abstract} blocks /> : <p class="muted">No abstract.</p>}
        <dl class="facts">
          {paper.submittedAt ? <><dt>Submitted</dt><dd>{paper.submittedAt.slice(0, 10)}</dd></> : null}
          {paper.updatedAt && paper.updatedAt !== paper.submittedAt ? <><dt>Last updated</dt><dd>{paper.updatedAt.slice(0, 10)} (v{paper.version})</dd></> : null}
          {paper.feedDate ? <><dt>In the feed</dt><dd><a href={`/papers/date/${paper.feedDate}`}>{paper.feedDate}</a></dd></> : null}
          {paper.categories.length ? <><dt>Categories</dt><dd>{paper.categories.join(', ')}</dd></> : null}
          {paper.comments ? <><dt>Comments</dt><dd><MathText text={paper.comments} /></dd></> : null}
          {paper.journalRef ? <><dt>Journal ref</dt><dd>{paper.journalRef}</dd></> : null}
          {paper.reportNo ? <><dt>Report number</dt><dd>{paper.reportNo}</dd></> : null}
          {paper.mscClass ? <><dt>MSC class</dt><dd>{paper.mscClass}</dd></> : null}
          {paper.doi ? <><dt>DOI</dt><dd>{paper.doi.split(/\s+/).map((d) => <><a href={`https://doi.org/${d}`}>{d}</a> </>)}</dd></> : null}
          {paper.submitter ? <><dt>Submitted to arXiv by</dt><dd>{paper.submitter}</dd></> : null}
          {view.submittedBy ? <><dt>Submitted by</dt><dd><UserLink handle={view.submittedBy} name={view.submitterName ?? view.submittedBy} /></dd></> : null}
        </dl>
        <details class="cite">
          <summary>Cite (BibTeX)</summary>
          <pre>{bibtexFor(paper)}</pre>
        </details>
        {ctx.user?.isAdmin && ctx.csrf ? <ModerationForm csrf={ctx.csrf} summary="Moderate this paper" action="/moderation/hide-paper" target={{ paper: paper.id }} button="Hide paper" /> : null}
      </article>
      {view.similar.length > 0 ? (
        <section class="similar" aria-label="Similar papers">
          <h2>Similar papers</h2>
          <ol>
            {view.similar.map((card) => (
              <li><a href={paperPath(card.id)}><MathText text={card.title} /></a> <span class="muted">{authorLine(card.authors, 2)}{card.feedDate ? ` · ${card.feedDate}` : ''}</span></li>
            ))}
          </ol>
        </section>
      ) : null}
      <Comments ctx={ctx} paperId={paper.id} comments={visible} now={view.now} />
    </Layout>
  );
}

function Comments({ ctx, paperId, comments, now }: { ctx: PageContext; paperId: string; comments: CommentRow[]; now: Date }) {
  return (
    <section class="comments" id="comments" aria-label="Comments">
      <h2>Comments</h2>
      {comments.length === 0 ? <p class="muted">No comments yet.</p> : null}
      {comments.map((c) => <CommentView ctx={ctx} paperId={paperId} c={c} now={now} />)}
      {ctx.user && ctx.csrf ? (
        <CommentForm ctx={ctx} paperId={paperId} parentId={null} label="Add a comment" />
      ) : (
        <p><a href={`/login?next=${encodeURIComponent(`${ctx.path}#comments`)}`}>Sign in</a> to comment.</p>
      )}
    </section>
  );
}

function CommentView({ ctx, paperId, c, now }: { ctx: PageContext; paperId: string; c: CommentRow; now: Date }) {
  const mine = ctx.user?.id === c.userId;
  const editable = mine && !c.deletedAt && now.getTime() - Date.parse(c.createdAt) < LIMITS.commentEditMinutes * 60_000;
  return (
    <div class={c.parentId ? 'comment reply' : 'comment'} id={`c${c.id}`}>
      <div class="who">
        {c.deletedAt ? 'deleted' : <UserLink handle={c.userName} name={c.userDisplayName} />} · <a href={`#c${c.id}`}><time dateTime={c.createdAt}>{c.createdAt.slice(0, 16).replace('T', ' ')} UTC</time></a>
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
