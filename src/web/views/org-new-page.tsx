import { ORG_NAME_MAX, WEBSITE_MAX } from '../../domain/org-names.js';
import { Layout, type PageContext } from './layout.js';

export interface OrgFormValues {
  slug?: string;
  name?: string;
  website?: string;
}

/** /orgs/new: a signed-in user creates an organization and becomes its first admin. */
export function OrgNewPage({ ctx, error, values = {} }: { ctx: PageContext; error?: string; values?: OrgFormValues }) {
  return (
    <Layout ctx={ctx} title="New organization">
      <h1>New organization</h1>
      <p>A lab, a group or a company: its members submit papers under its name, and its page lists them.</p>
      {error ? <div class="notice error" role="alert">{error}</div> : null}
      <form class="stack" method="post" action="/orgs/new">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <label for="org-name">Name</label>
        <input id="org-name" type="text" name="name" required maxLength={ORG_NAME_MAX} value={values.name ?? ''} />
        <label for="org-slug">Address: /orgs/…</label>
        <input id="org-slug" type="text" name="slug" required minLength={3} maxLength={24} pattern="[A-Za-z0-9][A-Za-z0-9_\-]{1,22}[A-Za-z0-9]" value={values.slug ?? ''} autocomplete="off" aria-describedby="org-slug-help" />
        <p id="org-slug-help" class="muted">3 to 24 characters: letters a-z, digits, "-" and "_".</p>
        <label for="org-website">Website (optional)</label>
        <input id="org-website" type="url" name="website" maxLength={WEBSITE_MAX} placeholder="https://lab.example.org" value={values.website ?? ''} />
        <button class="primary" type="submit">Create organization</button>
      </form>
    </Layout>
  );
}
