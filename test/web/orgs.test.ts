import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrgBySlug, paperOrg, saveInvite } from '../../src/store/orgs.js';
import { completeSubmission, reserveSubmission } from '../../src/store/submissions.js';
import { findOrCreateUser, setAdmin } from '../../src/store/users.js';
import { hashToken } from '../../src/web/http/tokens.js';
import type { Json } from '../fixtures/compat/contract.js';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, latestMailTo, pageChangesFollowed, startWeb, type WebClient, type WebHarness } from '../support/web.js';

/**
 * Organizations end to end over HTTP: creating one (slug rules, hostile names stay text), the
 * mailed single-use invitation, roles and the last-admin rule, the avatar re-encoded, and a paper
 * submitted under the org showing its badge on the card, the paper page and in /api/daily_papers.
 */

const NOW = new Date('2026-11-28T15:00:00Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`organizations (${dialect.name})`, () => {
    let web: WebHarness;
    let arxiv: ArxivServer;
    let alice: WebClient;
    let bob: WebClient;
    let carol: WebClient;

    /** Posts a multipart form with the CSRF token of `page`, as a browser sends a file. */
    async function upload(client: WebClient, page: string, action: string, file: { name: string; type: string; bytes: Buffer }): Promise<{ status: number; location: string | null; text: string }> {
      const csrf = csrfOf((await client.get(page)).text);
      const form = new FormData();
      form.set('_csrf', csrf);
      form.set('avatar', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(web.url + action, { method: 'POST', body: form, redirect: 'manual', headers: { cookie } });
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    }

    /** The link of the newest invitation mailed to `email`. */
    async function inviteLink(email: string): Promise<string> {
      const mail = await latestMailTo(web.maildir, email, /\/orgs\/invite\?token=/);
      const link = /(https?:\/\/\S+\/orgs\/invite\?token=\S+)/.exec(mail.text ?? '')![1]!;
      return new URL(link).pathname + new URL(link).search;
    }

    async function accept(client: WebClient, path: string) {
      const page = await client.get(path);
      if (page.status !== 200) return page;
      const token = /name="token" value="([^"]+)"/.exec(page.text)![1]!;
      return client.post('/orgs/invite', { _csrf: csrfOf(page.text), token });
    }

    beforeAll(async () => {
      arxiv = await startArxivServer({ apiSynthesize: true });
      web = await startWeb(dialect, { now: () => NOW, env: { ARXIV_API_URL: arxiv.apiUrl } });
      await import('../../src/store/papers.js').then(({ upsertPapers }) => upsertPapers(web.store, [buildRecord({ id: '2611.00001', title: 'Known paper', dailyAt: '2026-11-28T09:00:00Z' })]));
      alice = web.client();
      await alice.signIn('alice@example.org', { handle: 'alice' });
      bob = web.client();
      await bob.signIn('bob@example.org', { handle: 'bob' });
      carol = web.client();
      await carol.signIn('carol@example.org', { handle: 'carol' });
    });
    afterAll(async () => {
      await web?.close();
      await arxiv?.close();
    });

    it('creates an org: bad, reserved and taken slugs and non-http websites are refused; a hostile name stays text', async () => {
      expect((await web.client().get('/orgs/new')).status).toBe(303);
      for (const [slug, why] of [['a', /3 to 24 characters/], ['admin', /reserved/], ['new', /reserved/], ['invite', /reserved/], ['bad/slug', /3 to 24/], ['émile', /3 to 24/]] as const) {
        const res = await alice.submit('/orgs/new', '/orgs/new', { name: 'Lab', slug, website: '' });
        expect(res.status, slug).toBe(400);
        expect(res.text).toMatch(why);
      }
      const js = await alice.submit('/orgs/new', '/orgs/new', { name: 'Lab', slug: 'good-lab', website: 'javascript:alert(1)' });
      expect(js.status).toBe(400);
      expect(js.text).toContain('only http:// and https://');
      const bidi = await alice.submit('/orgs/new', '/orgs/new', { name: 'Lab \u202e evil', slug: 'good-lab', website: '' });
      expect(bidi.status).toBe(400);

      const made = await alice.submit('/orgs/new', '/orgs/new', { name: '<script>alert(1)</script> Lab', slug: 'Hostile-Lab', website: '' });
      expect(made.status).toBe(303);
      expect(made.location).toBe('/orgs/hostile-lab?done=created');
      const page = await web.client().get('/orgs/hostile-lab');
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).toContain('<h1>&lt;script>alert(1)&lt;/script> Lab</h1>');

      const lab = await alice.submit('/orgs/new', '/orgs/new', { name: 'Vision Lab', slug: 'vision-lab', website: 'https://vision.example.org/' });
      expect(lab.status).toBe(303);
      const taken = await bob.submit('/orgs/new', '/orgs/new', { name: 'Other', slug: 'vision-lab', website: '' });
      expect(taken.status).toBe(400);
      expect(taken.text).toContain('taken');
      const shown = await web.client().get('/orgs/vision-lab');
      expect(shown.text).toContain('<a href="https://vision.example.org/" rel="nofollow noopener ugc">vision.example.org</a>');
      expect(shown.text).toMatch(/href="\/u\/alice"[^>]*>alice<\/a> <span class="muted">admin/);
      expect((await web.client().get('/orgs/no-such-org')).status).toBe(404);
    });

    it('invites through a mailed single-use link: only the invited address joins, once; an expired link is refused', async () => {
      // Only admins invite.
      expect((await bob.submit('/orgs/vision-lab', '/orgs/vision-lab/invite', { email: 'bob@example.org' })).status).toBe(403);
      const sent = await alice.submit('/orgs/vision-lab', '/orgs/vision-lab/invite', { email: 'Bob@Example.org' });
      expect(sent.status).toBe(303);
      const link = await inviteLink('bob@example.org');

      // Signed out: sign in first, back to the link after.
      const anon = await web.client().get(link);
      expect(anon.status).toBe(303);
      expect(anon.location).toBe(`/login?next=${encodeURIComponent(link)}`);

      // Another signed-in user cannot use it, and does not use it up.
      const wrong = await accept(carol, link);
      expect(wrong.status).toBe(403);
      expect(wrong.text).toContain('another e-mail address');

      const joined = await accept(bob, link);
      expect(joined.status).toBe(303);
      expect(joined.location).toBe('/orgs/vision-lab?done=joined');
      expect((await accept(bob, link)).status).toBe(400);
      await pageChangesFollowed();
      expect((await web.client().get('/orgs/vision-lab')).text).toMatch(/href="\/u\/bob"[^>]*>bob<\/a> <span class="muted">member/);
      // The profile lists the org.
      expect((await web.client().get('/u/bob')).text).toContain('href="/orgs/vision-lab"');

      const org = (await findOrgBySlug(web.store, 'vision-lab'))!;
      const alice_ = (await findOrCreateUser(web.store, 'alice@example.org', 'alice'))!;
      await saveInvite(web.store, { tokenHash: hashToken('expired-token'), orgId: org.id, email: 'carol@example.org', invitedBy: alice_.id, now: new Date(NOW.getTime() - 8 * 86_400_000), expiresAt: new Date(NOW.getTime() - 86_400_000) });
      expect((await carol.get('/orgs/invite?token=expired-token')).status).toBe(400);
      expect((await carol.post('/orgs/invite', { _csrf: csrfOf((await carol.get('/submit')).text), token: 'expired-token' })).status).toBe(400);
    });

    it('roles: admins change them and remove members; the last admin can neither be demoted nor leave', async () => {
      expect((await bob.submit('/orgs/vision-lab', '/orgs/vision-lab/members/role', { user: 'bob', role: 'admin' })).status).toBe(403);
      const demote = await alice.submit('/orgs/vision-lab', '/orgs/vision-lab/members/role', { user: 'alice', role: 'member' });
      expect(demote.status).toBe(409);
      expect(demote.text).toContain('needs an admin');
      expect((await alice.submit('/orgs/vision-lab', '/orgs/vision-lab/members/remove', { user: 'alice' })).status).toBe(409);
      expect((await alice.submit('/orgs/vision-lab', '/orgs/vision-lab/members/role', { user: 'bob', role: 'admin' })).status).toBe(303);
      expect((await alice.submit('/orgs/vision-lab', '/orgs/vision-lab/members/role', { user: 'alice', role: 'member' })).status).toBe(303);
      // Bob is the only admin now; alice, a member, cannot remove him, and he cannot leave.
      expect((await alice.submit('/orgs/vision-lab', '/orgs/vision-lab/members/remove', { user: 'bob' })).status).toBe(400);
      expect((await bob.submit('/orgs/vision-lab', '/orgs/vision-lab/members/remove', { user: 'bob' })).status).toBe(409);
      expect((await bob.submit('/orgs/vision-lab', '/orgs/vision-lab/members/role', { user: 'alice', role: 'admin' })).status).toBe(303);
      // Carol is no member: nothing to remove.
      expect((await bob.submit('/orgs/vision-lab', '/orgs/vision-lab/members/remove', { user: 'carol' })).status).toBe(400);
    });

    it('an avatar is re-encoded to a square WebP of at most 256 px without metadata; an HTML file named .png is refused', async () => {
      const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 40, b: 40 } } }).withMetadata({ exif: { IFD0: { Copyright: 'secret place' } } }).png().toBuffer();
      const up = await upload(alice, '/orgs/vision-lab', '/orgs/vision-lab/avatar', { name: 'logo.png', type: 'image/png', bytes: png });
      expect(up.status, up.text.slice(0, 300)).toBe(303);
      const page = await alice.get('/orgs/vision-lab');
      const src = /<img class="org-avatar" src="(\/orgs\/vision-lab\/avatar-[0-9a-f]{16}\.webp)"/.exec(page.text)?.[1];
      expect(src).toBeDefined();
      const res = await fetch(web.url + src!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toContain('immutable');
      const bytes = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes(Buffer.from('secret place'))).toBe(false);

      const html = await upload(alice, '/orgs/vision-lab', '/orgs/vision-lab/avatar', { name: 'logo.png', type: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') });
      expect(html.status).toBe(415);
      // Only admins change it: carol is not a member.
      expect((await upload(carol, '/submit', '/orgs/vision-lab/avatar', { name: 'logo.png', type: 'image/png', bytes: png })).status).toBe(403);
    });

    it('a paper submitted under the org shows its badge on the card, the paper page and in /api/daily_papers', async () => {
      const form = await bob.get('/submit');
      expect(form.text).toContain('name="org"');
      const org = (await findOrgBySlug(web.store, 'vision-lab'))!;
      // A member's pick is kept; an org one is not in is ignored.
      const res = await bob.post('/submit', { _csrf: csrfOf(form.text), id: '2612.00001', org: String(org.id) });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/papers/2612.00001');
      const hostile = (await findOrgBySlug(web.store, 'hostile-lab'))!;
      expect((await bob.post('/submit', { _csrf: csrfOf(form.text), id: '2612.00002', org: String(hostile.id) })).status).toBe(303);
      expect(await paperOrg(web.store, '2612.00002')).toBeUndefined();
      await pageChangesFollowed();

      const home = await web.client().get('/');
      const card = home.text.slice(home.text.indexOf('id="p-2612.00001"'));
      expect(card.slice(0, card.indexOf('</li>'))).toMatch(/under <a class="org-badge" href="\/orgs\/vision-lab"><img class="org-avatar" src="\/orgs\/vision-lab\/avatar-[0-9a-f]{16}\.webp"[^>]*><span>Vision Lab<\/span><\/a>/);
      const paper = await web.client().get('/papers/2612.00001');
      expect(paper.text).toMatch(/<dt>Organization<\/dt><dd><a class="org-badge" href="\/orgs\/vision-lab">/);
      expect((await web.client().get('/orgs/vision-lab')).text).toContain('id="p-2612.00001"');

      const api = (await (await fetch(`${web.url}/api/daily_papers`)).json()) as Json[];
      const item = api.find((i) => (i as { paper: { id: string } }).paper.id === '2612.00001') as Record<string, Json>;
      expect(item.organization).toEqual({ _id: String(org.id), name: 'vision-lab', fullname: 'Vision Lab', avatar: expect.stringMatching(new RegExp(`^${web.url}/orgs/vision-lab/avatar-[0-9a-f]{16}\\.webp$`)) });
      const other = api.find((i) => (i as { paper: { id: string } }).paper.id === '2612.00002') as Record<string, Json>;
      expect(other.organization).toBeUndefined();
    });

    it('a queued submission keeps its org until arXiv answers', async () => {
      const org = (await findOrgBySlug(web.store, 'vision-lab'))!;
      const bobUser = (await findOrCreateUser(web.store, 'bob@example.org', 'bob'))!;
      const reserved = await reserveSubmission(web.store, { userId: bobUser.id, paperId: '2612.00050', kind: 'submit', now: NOW, limit: 10, windowMs: 86_400_000, holdMs: 0, orgId: org.id });
      expect(reserved.status).toBe('reserved');
      if (reserved.status !== 'reserved') return;
      expect(reserved.request.orgId).toBe(org.id);
      await completeSubmission(web.store, reserved.request.id, buildRecord({ id: '2612.00050', dailyAt: NOW.toISOString() }), NOW);
      expect((await paperOrg(web.store, '2612.00050'))?.slug).toBe('vision-lab');
    });

    it('a moderator hides an org: its page and badges go, the public log says why', async () => {
      const mod = web.client();
      await mod.signIn('mod@example.org', { handle: 'moddy' });
      await setAdmin(web.store, (await findOrCreateUser(web.store, 'mod@example.org', 'moddy')).id, true);
      const hid = await mod.submit('/orgs/hostile-lab', '/moderation/hide-org', { org: 'hostile-lab', reason: 'spam organization name' });
      expect(hid.status).toBe(303);
      await pageChangesFollowed();
      expect((await web.client().get('/orgs/hostile-lab')).status).toBe(404);
      expect((await web.client().get('/moderation')).text).toContain('href="/orgs/hostile-lab"');
    });
  });
}
