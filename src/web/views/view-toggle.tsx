import type { PageContext } from './layout.js';

/** Grid of cards or compact list: two links that set the choice and come back (no JavaScript needed). */
export function ViewToggle({ ctx }: { ctx: PageContext }) {
  const next = encodeURIComponent(ctx.path);
  return (
    <nav class="view-toggle" aria-label="Layout">
      <a href={`/view?as=grid&next=${next}`} aria-current={ctx.listView ? undefined : 'true'} rel="nofollow">Cards</a>
      <a href={`/view?as=list&next=${next}`} aria-current={ctx.listView ? 'true' : undefined} rel="nofollow">List</a>
    </nav>
  );
}
