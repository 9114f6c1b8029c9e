import { COLLECTION_LIMITS, collectionPath } from '../../domain/collection-rules.js';
import { absoluteUrl } from '../render/absolute-url.js';
import type { Collection, CollectionItem } from '../../store/collections.js';
import { linkUrlsHtml } from '../render/link-urls.js';
import { FollowButton } from './follow-button.js';
import { Layout, type PageContext } from './layout.js';
import { PaperCardView } from './paper-card.js';
import { UserLink } from './user-link.js';

export interface CollectionView {
  collection: Collection;
  items: CollectionItem[];
  voted: ReadonlySet<string>;
  /** The reader owns it: edit forms on the page. */
  own: boolean;
  /** Does the signed-in reader follow this collection (undefined when signed out). */
  following?: boolean | undefined;
}

/**
 * `/c/{id}-{slug}`: a collection's title, description (plain text, its web addresses linked),
 * owner and papers in the owner's order, each with its note. The owner edits everything here
 * with plain forms (CSRF-protected, no JavaScript needed).
 */
export function CollectionPage({ ctx, view }: { ctx: PageContext; view: CollectionView }) {
  const { collection: c, items, own } = view;
  const canonical = absoluteUrl(ctx.baseUrl, collectionPath(c));
  const csrf = own ? ctx.csrf : null;
  return (
    <Layout ctx={ctx} title={c.title} description={c.description.slice(0, 200) || `A collection of papers by ${c.ownerShownName}`} canonical={canonical}>
      <h1>{c.title}</h1>
      <p class="muted">
        A collection by <UserLink handle={c.ownerName} name={c.ownerShownName} /> · {c.paperCount === 1 ? '1 paper' : `${c.paperCount} papers`}
        {c.visibility === 'private' ? ' · private: only you see it' : <> · feed: <a href={`/feeds/collection/${c.id}.rss`}>RSS</a>, <a href={`/feeds/collection/${c.id}.atom`}>Atom</a>, <a href={`/feeds/collection/${c.id}.json`}>JSON</a></>}
      </p>
      <FollowButton ctx={ctx} kind="collection" target={String(c.id)} following={view.following} back={collectionPath(c)} />
      {c.description ? <p class="collection-description" dangerouslySetInnerHTML={{ __html: linkUrlsHtml(c.description) }} /> : null}
      {csrf ? <EditCollection csrf={csrf} c={c} /> : null}
      {items.length === 0 ? <p class="muted">No papers yet{own ? ': use "Add to collection" under any paper.' : '.'}</p> : (
        <ol class="papers list collection">
          {items.map((item, i) => (
            <PaperCardView ctx={ctx} card={item.card} voted={view.voted.has(item.card.id)} after={<ItemExtras csrf={csrf} c={c} item={item} first={i === 0} last={i === items.length - 1} />} />
          ))}
        </ol>
      )}
    </Layout>
  );
}

function EditCollection({ csrf, c }: { csrf: string; c: Collection }) {
  return (
    <div class="collection-edit">
      <details>
        <summary>Edit title, description and visibility</summary>
        <form class="stack" method="post" action={`/collections/${c.id}/edit`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label for="collection-title">Title</label>
          <input id="collection-title" type="text" name="title" required maxLength={COLLECTION_LIMITS.titleMaxChars} value={c.title} />
          <label for="collection-description">Description (plain text; web addresses become links)</label>
          <textarea id="collection-description" name="description" maxLength={COLLECTION_LIMITS.descriptionMaxChars}>{c.description}</textarea>
          <fieldset>
            <legend>Who sees it</legend>
            <label><input type="radio" name="visibility" value="public" checked={c.visibility === 'public'} /> Public: anyone, with its feeds</label>
            <label><input type="radio" name="visibility" value="private" checked={c.visibility === 'private'} /> Private: only you</label>
          </fieldset>
          <button class="secondary" type="submit">Save</button>
        </form>
      </details>
      <details>
        <summary>Delete this collection</summary>
        <form class="stack" method="post" action={`/collections/${c.id}/delete`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label><input type="checkbox" name="confirm" value="yes" required /> Yes, delete "{c.title}" and its list of {c.paperCount} papers (the papers stay on the site)</label>
          <button class="secondary" type="submit">Delete collection</button>
        </form>
      </details>
    </div>
  );
}

/** Under a card: its note, and for the owner the note's form, move up/down and remove. */
function ItemExtras({ csrf, c, item, first, last }: { csrf: string | null; c: Collection; item: CollectionItem; first: boolean; last: boolean }) {
  const note = item.note ? <p class="note" dangerouslySetInnerHTML={{ __html: linkUrlsHtml(item.note) }} /> : null;
  if (!csrf) return note;
  const paper = item.card.id;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="paper" value={paper} />
    </>
  );
  return (
    <div class="collection-item">
      {note}
      <div class="actions">
        <details>
          <summary>{item.note ? 'Edit note' : 'Add a note'}</summary>
          <form class="stack" method="post" action={`/collections/${c.id}/note`}>
            {hidden}
            <textarea name="note" maxLength={COLLECTION_LIMITS.noteMaxChars} aria-label={`Note on ${item.card.title}`}>{item.note}</textarea>
            <button class="secondary" type="submit">Save note</button>
          </form>
        </details>
        {first ? null : (
          <form method="post" action={`/collections/${c.id}/move`}>
            {hidden}
            <button class="linkish" type="submit" name="move" value="up" aria-label={`Move ${item.card.title} up`}>Move up</button>
          </form>
        )}
        {last ? null : (
          <form method="post" action={`/collections/${c.id}/move`}>
            {hidden}
            <button class="linkish" type="submit" name="move" value="down" aria-label={`Move ${item.card.title} down`}>Move down</button>
          </form>
        )}
        <form method="post" action={`/collections/${c.id}/remove`}>
          {hidden}
          <button class="linkish" type="submit" aria-label={`Remove ${item.card.title} from this collection`}>Remove</button>
        </form>
      </div>
    </div>
  );
}

/** A list of collections (a profile's, or those holding a paper): title, papers, private marker. */
export function CollectionLinks({ collections }: { collections: Collection[] }) {
  return (
    <ul class="collections">
      {collections.map((c) => (
        <li>
          <a href={collectionPath(c)}>{c.title}</a> <span class="muted">· {c.paperCount === 1 ? '1 paper' : `${c.paperCount} papers`}{c.visibility === 'private' ? ' · private' : ''}</span>
        </li>
      ))}
    </ul>
  );
}

/** The own profile's form for a new collection. */
export function NewCollectionForm({ csrf }: { csrf: string }) {
  return (
    <details>
      <summary>New collection</summary>
      <form class="stack" method="post" action="/collections">
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="new-collection-title">Title</label>
        <input id="new-collection-title" type="text" name="title" required maxLength={COLLECTION_LIMITS.titleMaxChars} />
        <label for="new-collection-description">Description (optional)</label>
        <textarea id="new-collection-description" name="description" maxLength={COLLECTION_LIMITS.descriptionMaxChars}></textarea>
        <label><input type="checkbox" name="visibility" value="private" /> Private: only you see it</label>
        <button class="secondary" type="submit">Create collection</button>
      </form>
    </details>
  );
}
