import { LIMITS } from '../../domain/community-rules.js';
import type { OrgBadge } from '../../store/orgs.js';
import { MediaField } from './media.js';
import { Layout, type PageContext } from './layout.js';

export function SubmitPage({ ctx, error, queued, value, orgs = [], org }: { ctx: PageContext; error?: string; queued?: string; value?: string; orgs?: OrgBadge[]; org?: number | null }) {
  return (
    <Layout ctx={ctx} title="Submit a paper" section="submit">
      <h1>Submit a paper</h1>
      <p>Paste an arXiv id or link (<code>2401.01234</code>, <code>arXiv:2401.01234v2</code>, <code>https://arxiv.org/abs/…</code>, <code>hep-th/9901001</code>). It joins today's papers, credited to you. Up to {LIMITS.submissionsPerDay} a day.</p>
      {error ? <div class="notice error" role="alert">{error}</div> : null}
      {queued && ctx.user ? (
        <div class="notice" role="status">
          {queued} <a href={`/u/${encodeURIComponent(ctx.user.name)}#submissions`}>Your submissions</a>
        </div>
      ) : null}
      <form class="stack" method="post" action="/submit" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <label for="paper-id">arXiv id or URL</label>
        <input id="paper-id" type="text" name="id" required maxLength={300} value={value ?? ''} autocomplete="off" />
        {orgs.length ? (
          <>
            <label for="submit-org">Submit under</label>
            <select id="submit-org" name="org">
              <option value="">Just me</option>
              {orgs.map((o) => <option value={String(o.id)} selected={o.id === org}>{o.name}</option>)}
            </select>
          </>
        ) : null}
        <MediaField optional />
        <button class="primary" type="submit">Submit</button>
      </form>
    </Layout>
  );
}
