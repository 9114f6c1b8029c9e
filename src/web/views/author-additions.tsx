import { ADDITION_NOTE_MAX, ADDITION_URL_MAX } from '../../domain/author-additions.js';
import type { StoredAuthorAdditions } from '../../store/author-additions.js';
import { OUTSIDE_LINK_REL } from '../render/link-urls.js';
import type { PageContext } from './layout.js';
import { Ago } from './time.js';
import { UserLink } from './user-link.js';

/** "From the authors": the code link, project page and note a verified author gave, with their name and badge. */
export function FromTheAuthors({ ctx, additions }: { ctx: PageContext; additions: StoredAuthorAdditions }) {
  return (
    <section class="from-authors" id="from-the-authors" aria-label="From the authors">
      <h2>From the authors</h2>
      {additions.codeUrl || additions.projectUrl ? (
        <ul class="side-links">
          {additions.codeUrl ? <li><a href={additions.codeUrl} rel={OUTSIDE_LINK_REL}>Code</a> <span class="muted">{hostOf(additions.codeUrl)}</span></li> : null}
          {additions.projectUrl ? <li><a href={additions.projectUrl} rel={OUTSIDE_LINK_REL}>Project page</a> <span class="muted">{hostOf(additions.projectUrl)}</span></li> : null}
        </ul>
      ) : null}
      {additions.note ? <p class="note">{additions.note}</p> : null}
      <p class="muted who">
        <UserLink handle={additions.by.name} name={additions.by.displayName} /> <span class="author-badge" title="Verified as an author of this paper">author</span> · <Ago at={additions.updatedAt} now={ctx.now} />
      </p>
    </section>
  );
}

/**
 * The form verified authors of the paper see (a plain POST with the CSRF token, redirecting back):
 * empty fields remove what was there.
 */
export function AuthorAdditionsForm({ csrf, paperId, current }: { csrf: string; paperId: string; current: StoredAuthorAdditions | undefined }) {
  return (
    <details class="author-additions-form">
      <summary>{current ? 'Edit what the authors add' : 'As an author: add code, a project page or a note'}</summary>
      <form class="stack" method="post" action="/author-additions">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="paper" value={paperId} />
        <label for="aa-code">Code link</label>
        <input id="aa-code" type="url" name="code" maxLength={ADDITION_URL_MAX} placeholder="https://github.com/owner/repo" value={current?.codeUrl ?? ''} />
        <label for="aa-project">Project page</label>
        <input id="aa-project" type="url" name="project" maxLength={ADDITION_URL_MAX} placeholder="https://…" value={current?.projectUrl ?? ''} />
        <label for="aa-note">Note <span class="muted">(plain text, up to {ADDITION_NOTE_MAX} characters)</span></label>
        <textarea id="aa-note" name="note" maxLength={ADDITION_NOTE_MAX}>{current?.note ?? ''}</textarea>
        <span class="muted">Changes are shown on the public moderation log with your name.</span>
        <button class="primary" type="submit">Save</button>
      </form>
    </details>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
