import { ORG_NAME_MAX, WEBSITE_MAX } from '../../domain/org-names.js';
import type { PaperCard } from '../../store/feed.js';
import type { Org, OrgMember, OrgRole } from '../../store/orgs.js';
import { Pager } from './feed-page.js';
import { FollowButton } from './follow-button.js';
import { Layout, type PageContext } from './layout.js';
import { ModerationForm } from './moderation-form.js';
import { OrgAvatar, orgPath } from './org-badge.js';
import { PaperList } from './paper-card.js';
import { UserLink } from './user-link.js';

export interface OrgView {
  org: Org;
  members: OrgMember[];
  cards: PaperCard[];
  voted: Set<string>;
  page: number;
  pages: number;
  /** The first card's number on this page. */
  start: number;
  /** The reader's role in the org, null when not a member. */
  role: OrgRole | null;
  /** What the reader just did, or why it was refused. */
  notice?: string;
  error?: string;
  /** Does the signed-in reader follow this org (undefined when signed out). */
  following?: boolean | undefined;
}

/** /orgs/{slug}: the org's name, avatar, website and members, and the papers submitted under it; admins get the forms to run it. */
export function OrgPage({ ctx, view }: { ctx: PageContext; view: OrgView }) {
  const { org, members, role } = view;
  const admin = role === 'admin' && ctx.csrf ? ctx.csrf : null;
  return (
    <Layout ctx={ctx} title={org.name} canonical={`${ctx.baseUrl}${orgPath(org.slug)}`}>
      <div class="org-head">
        <OrgAvatar org={org} size={64} />
        <div>
          <h1>{org.name}</h1>
          <p class="muted">
            /orgs/{org.slug}
            {org.website ? <> · <a href={org.website} rel="nofollow noopener ugc">{displayUrl(org.website)}</a></> : null}
            {org.hiddenAt ? ' · hidden by a moderator' : ''}
          </p>
        </div>
      </div>
      {org.hiddenAt ? null : <FollowButton ctx={ctx} kind="org" target={String(org.id)} following={view.following} back={orgPath(org.slug)} />}
      {view.notice ? <div class="notice" role="status">{view.notice}</div> : null}
      {view.error ? <div class="notice error" role="alert">{view.error}</div> : null}
      {ctx.user?.isAdmin && ctx.csrf && !org.hiddenAt ? <ModerationForm csrf={ctx.csrf} summary="Hide this organization" action="/moderation/hide-org" target={{ org: org.slug }} button="Hide" /> : null}
      <h2 id="members">Members</h2>
      <ul class="org-members">
        {members.map((m) => (
          <li>
            <UserLink handle={m.handle} name={m.name} /> <span class="muted">{m.role === 'admin' ? 'admin' : 'member'}</span>
            {admin ? <MemberForms csrf={admin} slug={org.slug} member={m} /> : null}
          </li>
        ))}
      </ul>
      {role && ctx.csrf && ctx.user ? (
        <form method="post" action={`${orgPath(org.slug)}/members/remove`} class="inline">
          <input type="hidden" name="_csrf" value={ctx.csrf} />
          <input type="hidden" name="user" value={ctx.user.name} />
          <button class="linkish" type="submit">Leave this organization</button>
        </form>
      ) : null}
      {admin ? <AdminForms csrf={admin} org={org} /> : null}
      <h2 id="papers">Papers</h2>
      {view.cards.length ? <PaperList ctx={ctx} cards={view.cards} voted={view.voted} start={view.start} /> : <p class="muted">No papers submitted under {org.name} yet.</p>}
      <Pager page={view.page} pages={view.pages} href={(p) => `${orgPath(org.slug)}${p > 1 ? `?page=${p}` : ''}`} />
    </Layout>
  );
}

function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

function MemberForms({ csrf, slug, member }: { csrf: string; slug: string; member: OrgMember }) {
  const other = member.role === 'admin' ? 'member' : 'admin';
  return (
    <span class="member-actions">
      <form method="post" action={`${orgPath(slug)}/members/role`} class="inline">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="user" value={member.handle} />
        <input type="hidden" name="role" value={other} />
        <button class="linkish" type="submit" aria-label={`Make ${member.name} ${other === 'admin' ? 'an admin' : 'a member'}`}>{other === 'admin' ? 'Make admin' : 'Make member'}</button>
      </form>
      <form method="post" action={`${orgPath(slug)}/members/remove`} class="inline">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="user" value={member.handle} />
        <button class="linkish" type="submit" aria-label={`Remove ${member.name}`}>Remove</button>
      </form>
    </span>
  );
}

function AdminForms({ csrf, org }: { csrf: string; org: Org }) {
  return (
    <section id="admin" aria-labelledby="admin-title">
      <h2 id="admin-title">Manage</h2>
      <details>
        <summary>Invite a member</summary>
        <form class="stack" method="post" action={`${orgPath(org.slug)}/invite`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label for="invite-email">Their e-mail address</label>
          <input id="invite-email" type="email" name="email" required maxLength={254} />
          <button class="secondary" type="submit">Send invitation</button>
        </form>
      </details>
      <details>
        <summary>Edit name and website</summary>
        <form class="stack" method="post" action={`${orgPath(org.slug)}/edit`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label for="edit-name">Name</label>
          <input id="edit-name" type="text" name="name" required maxLength={ORG_NAME_MAX} value={org.name} />
          <label for="edit-website">Website</label>
          <input id="edit-website" type="url" name="website" maxLength={WEBSITE_MAX} value={org.website ?? ''} />
          <button class="secondary" type="submit">Save</button>
        </form>
      </details>
      <details>
        <summary>Upload an avatar</summary>
        <form class="stack" method="post" action={`${orgPath(org.slug)}/avatar`} enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value={csrf} />
          <label for="avatar-file">A square image works best (PNG, JPEG, WebP or GIF, up to 4 MB)</label>
          <input id="avatar-file" type="file" name="avatar" required accept="image/png,image/jpeg,image/webp,image/gif" />
          <button class="secondary" type="submit">Upload</button>
        </form>
      </details>
    </section>
  );
}

/** /orgs/invite?token=: the invited user's one button (the token is used by its POST). */
export function OrgInvitePage({ ctx, token, org }: { ctx: PageContext; token: string; org: Org }) {
  return (
    <Layout ctx={ctx} title={`Join ${org.name}`}>
      <h1>Join {org.name}</h1>
      <p>You were invited to join <a href={orgPath(org.slug)}>{org.name}</a> on Paperboy: its members submit papers under its name.</p>
      <form class="stack" method="post" action="/orgs/invite">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <input type="hidden" name="token" value={token} />
        <button class="primary" type="submit">Join {org.name}</button>
      </form>
    </Layout>
  );
}
