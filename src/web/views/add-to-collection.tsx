import { COLLECTION_LIMITS } from '../../domain/collection-rules.js';
import type { PageContext } from './layout.js';

/**
 * "Add to collection" under a card and on the paper page, for signed-in readers only (cached
 * pages, for signed-out visitors, carry none): one button per collection of theirs, and a new
 * collection by title. Plain forms posting to /collections/add, which redirects back; the page
 * script sends them without a reload and updates the list (src/web/assets/site.js).
 */
export function AddToCollection({ ctx, paperId }: { ctx: PageContext; paperId: string }) {
  if (!ctx.user || !ctx.csrf || !ctx.collections) return null;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <input type="hidden" name="paper" value={paperId} />
      <input type="hidden" name="back" value={ctx.path} />
    </>
  );
  return (
    <details class="collect">
      <summary>Add to collection</summary>
      <form class="collect-form" method="post" action="/collections/add">
        {hidden}
        <ul class="collect-list">
          {ctx.collections.map((c) => (
            <li><button class="linkish" type="submit" name="collection" value={String(c.id)}>{c.title}</button></li>
          ))}
        </ul>
      </form>
      <form class="collect-form" method="post" action="/collections/add">
        {hidden}
        <input type="hidden" name="collection" value="new" />
        <input type="text" name="new_title" required maxLength={COLLECTION_LIMITS.titleMaxChars} placeholder="New collection" aria-label="New collection's title" autocomplete="off" />
        <button class="secondary" type="submit">Create and add</button>
      </form>
      <span class="collect-status" role="status"></span>
    </details>
  );
}
