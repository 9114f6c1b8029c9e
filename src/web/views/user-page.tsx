import type { ApiToken } from '../../store/api-tokens.js';
import type { Collection } from '../../store/collections.js';
import { CollectionLinks, NewCollectionForm } from './collection-page.js';
import type { PaperCard } from '../../store/feed.js';
import type { SubmissionRequest } from '../../store/submissions.js';
import type { User } from '../../store/users.js';
import type { OrgBadge as OrgBadgeData, OrgRole } from '../../store/orgs.js';
import { OrgBadge } from './org-badge.js';
import { Layout, type PageContext } from './layout.js';
import { ModerationForm } from './moderation-form.js';
import { NamesForm, type NamesFormState } from './names-page.js';
import { authorPath, PaperList } from './paper-card.js';

/** The own profile's digest line: active (with its manage link), waiting for confirmation, or none. */
export interface DigestSummary {
  state: 'active' | 'unconfirmed' | 'none';
  manage: string | null;
  frequency: string | null;
}

/** The own profile's API tokens: the list, and a secret just created (shown this once) or the create form's error. */
export interface TokenPanel {
  tokens: ApiToken[];
  created?: { name: string; secret: string };
  error?: string;
}

export function UserPage({ ctx, user, upvoted, submitted, waiting, voted, digest, tokens, names, authorPages = [], orgs = [], collections = [] }: { ctx: PageContext; user: User; upvoted: PaperCard[]; submitted: PaperCard[]; waiting: SubmissionRequest[]; voted: Set<string>; digest: DigestSummary | null; tokens: TokenPanel | null; names: NamesFormState | null; authorPages?: { slug: string; name: string }[]; orgs?: (OrgBadgeData & { role: OrgRole })[]; collections?: Collection[] }) {
  const own = ctx.user?.id === user.id;
  return (
    <Layout ctx={ctx} title={user.displayName} section="user">
      <h1>{user.displayName}</h1>
      <p class="muted">
        @{user.name} · Member since {user.createdAt.slice(0, 10)}
        {user.isAdmin ? ' · moderator' : ''}
        {user.bannedAt ? ' · banned' : ''}
      </p>
      {authorPages.length ? (
        <p class="author-pages">
          <span class="author-badge">author</span> {authorPages.map((a, i) => <>{i ? ', ' : ''}<a href={authorPath(a.slug)}>{a.name}</a></>)}
        </p>
      ) : null}
      {orgs.length || ctx.user?.id === user.id ? (
        <section id="orgs" aria-labelledby="orgs-title">
          <h2 id="orgs-title">Organizations</h2>
          {orgs.length ? (
            <ul class="org-list">
              {orgs.map((o) => <li><OrgBadge org={o} size={24} />{o.role === 'admin' ? <span class="muted"> · admin</span> : null}</li>)}
            </ul>
          ) : null}
          {ctx.user?.id === user.id ? <p><a href="/orgs/new">Create an organization</a></p> : null}
        </section>
      ) : null}
      {ctx.user?.isAdmin && ctx.csrf && !user.bannedAt && ctx.user.id !== user.id ? <ModerationForm csrf={ctx.csrf} summary="Ban this user" action="/moderation/ban" target={{ user: user.name }} button="Ban" /> : null}
      {digest ? (
        <div class="notice">
          {digest.state === 'active' && digest.manage ? <>You get the {digest.frequency} digest. <a href={digest.manage}>Change topics or frequency, or unsubscribe</a>.</> : null}
          {digest.state === 'unconfirmed' ? <>Your digest waits for confirmation: use the link in the mail, or <a href="/subscribe">ask for a new one</a>.</> : null}
          {digest.state === 'none' ? <>Get the top papers by e-mail: <a href="/subscribe">subscribe to the digest</a>.</> : null}
        </div>
      ) : null}
      {names && ctx.csrf ? (
        <details id="names" open={names.revealing || undefined}>
          <summary>Change your handle or display name</summary>
          <NamesForm csrf={ctx.csrf} action="/profile/names" state={names} button="Save" />
        </details>
      ) : null}
      {tokens && ctx.csrf ? <ApiTokens csrf={ctx.csrf} panel={tokens} /> : null}
      {own ? <p id="for-you"><a href="/for-you">For you</a>: papers ranked by what you upvote, save and follow. <a href="/for-you/history">What it uses, and "forget my history"</a> (only you see this).</p> : null}
      {own ? <p id="delete-account-link"><a href="/account/delete">Delete your account</a>: removes your address and personal data; your upvotes keep counting and your comments stay as "[deleted user]".</p> : null}
      {collections.length || own ? <h2 id="collections">Collections</h2> : null}
      {collections.length ? <CollectionLinks collections={collections} /> : own ? <p class="muted">No collections yet: make one here or with "Add to collection" under any paper.</p> : null}
      {own && ctx.csrf ? <NewCollectionForm csrf={ctx.csrf} /> : null}
      <h2 id="submissions">Submitted</h2>
      {waiting.length ? <WaitingSubmissions waiting={waiting} /> : null}
      {submitted.length ? <PaperList ctx={ctx} cards={submitted} voted={voted} /> : <p class="muted">No submissions yet.</p>}
      <h2>Upvoted</h2>
      {upvoted.length ? <PaperList ctx={ctx} cards={upvoted} voted={voted} /> : <p class="muted">No upvotes yet.</p>}
    </Layout>
  );
}

/** Personal API tokens for the JSON API's writes (see /api): create, list, revoke. */
function ApiTokens({ csrf, panel }: { csrf: string; panel: TokenPanel }) {
  return (
    <section id="api-tokens" aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title">API tokens</h2>
      <p class="muted">
        Scripts send a token as <code>Authorization: Bearer …</code> to upvote, submit and comment through the <a href="/api">JSON API</a>. A token acts as you: keep it secret, revoke it when a machine is gone.
      </p>
      {panel.created ? (
        <div class="notice" role="status">
          <p>
            New token <strong>{panel.created.name}</strong>. Copy it now: it is shown only this once.
          </p>
          <pre class="token-secret" style="white-space: pre-wrap; overflow-wrap: anywhere"><code>{panel.created.secret}</code></pre>
        </div>
      ) : null}
      {panel.error ? <div class="notice error" role="alert">{panel.error}</div> : null}
      {panel.tokens.length ? (
        <table class="log">
          <thead>
            <tr><th>Name</th><th>Token</th><th>Created</th><th>Last used</th><th></th></tr>
          </thead>
          <tbody>
            {panel.tokens.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td><code>{t.prefix}…</code></td>
                <td><time dateTime={t.createdAt}>{t.createdAt.slice(0, 10)}</time></td>
                <td>{t.lastUsedAt ? <time dateTime={t.lastUsedAt}>{t.lastUsedAt.slice(0, 16).replace('T', ' ')} UTC</time> : 'never'}</td>
                <td>
                  <form method="post" action={`/api-tokens/${t.id}/revoke`}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button class="linkish" type="submit" aria-label={`Revoke ${t.name}`}>Revoke</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No tokens yet.</p>
      )}
      <form class="stack" method="post" action="/api-tokens" style="margin-top: 1rem">
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="token-name">New token's name</label>
        <input id="token-name" type="text" name="name" required maxLength={60} placeholder="e.g. laptop script" autocomplete="off" />
        <button class="secondary" type="submit">Create token</button>
      </form>
    </section>
  );
}

/** The owner's submissions that arXiv has not answered yet (the job tries again) or that failed, with why. */
function WaitingSubmissions({ waiting }: { waiting: SubmissionRequest[] }) {
  return (
    <ul class="stack">
      {waiting.map((r) => (
        <li key={r.id}>
          <a href={`https://arxiv.org/abs/${r.paperId}`}>{r.paperId}</a>
          {r.kind === 'index' ? ' (index)' : ''}:{' '}
          {r.state === 'queued'
            ? `waiting for arXiv, submitted ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC${r.attempts ? `, tried ${r.attempts} ${r.attempts === 1 ? 'time' : 'times'}` : ''}; it appears here once arXiv answers.`
            : `failed${r.error ? ` (${r.error})` : ''}.`}
        </li>
      ))}
    </ul>
  );
}
