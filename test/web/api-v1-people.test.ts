import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperAuthors } from '../../src/authors/author-links-job.js';
import { createApiToken } from '../../src/store/api-tokens.js';
import { createCollection } from '../../src/store/collections.js';
import { hidePaper } from '../../src/store/moderation.js';
import { acceptInvite, createOrg, creditOrgIn, hideOrg, type Org, saveInvite } from '../../src/store/orgs.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { hashToken } from '../../src/web/http/tokens.js';
import { authorSchema, claimListSchema, claimSchema, followListSchema, orgSchema, paperListSchema } from '../../src/web/api/v1/schemas.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** /api/v1 authors, orgs, follows and claims: reads open, the token owner's own data and writes with a token. */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`/api/v1 people: authors, orgs, follows, claims (${dialect.name})`, () => {
    let web: WebHarness;
    const tokens: Record<string, string> = {};
    let org: Org;
    let privateCollectionId = 0;
    let publicCollectionId = 0;
    const call = async (method: string, path: string, opts: { as?: string; body?: unknown; raw?: string } = {}) => {
      const res = await fetch(web.url + path, {
        method,
        headers: { ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.as ? { authorization: `Bearer ${tokens[opts.as]}` } : {}) },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : opts.raw !== undefined ? { body: opts.raw } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Json) : ({} as Json) };
    };
    const followRows = (userName: string) =>
      web.store.db.selectFrom('follows').innerJoin('users', 'users.id', 'follows.user_id').select(['kind', 'target']).where('users.name', '=', userName).orderBy('kind').orderBy('target').execute();

    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00001', title: 'Old attention paper', authors: ['Ada Lovelace', 'Alan Turing'], dailyAt: '2026-11-20T10:00:00.000Z', upvotes: 5, categories: ['cs.CL', 'cs.LG'], primaryCategory: 'cs.CL' }),
        buildRecord({ id: '2611.00002', title: 'New attention paper', authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'], dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 7, comments: 'Code at https://lab.example.edu/x', primaryCategory: 'cs.LG', categories: ['cs.LG'] }),
        buildRecord({ id: '2611.00003', title: 'Middle attention paper', authors: ['Ada Lovelace'], dailyAt: '2026-11-24T10:00:00.000Z', upvotes: 1 }),
        buildRecord({ id: '2611.00004', title: 'Hidden spam by Ada', authors: ['Ada Lovelace'], dailyAt: '2026-11-26T10:00:00.000Z', upvotes: 100 }),
        buildRecord({ id: '2611.00005', title: '<script>alert(1)</script> paper', authors: ['<img src=x onerror=alert(1)> Evil'], dailyAt: '2026-11-25T10:00:00.000Z' }),
      ]);
      await syncPaperAuthors(web.store);
      const users: Record<string, Awaited<ReturnType<typeof findOrCreateUser>>> = {};
      for (const [name, email] of [['ada', 'ada@lab.example.edu'], ['bob', 'bob@example.org'], ['carol', 'carol@secret-mail.example.net']] as const) {
        users[name] = await findOrCreateUser(web.store, email, name);
        tokens[name] = (await createApiToken(web.store, users[name].id, 'tests')).secret;
      }
      const mod = await findOrCreateUser(web.store, 'mod@example.org', 'mod');
      await hidePaper(web.store, mod.id, '2611.00004', 'spam', NOW);
      const made = await createOrg(web.store, { slug: 'lab', name: 'The Lab', website: 'https://lab.example.edu', userId: users.ada!.id, now: NOW });
      if (made === 'taken') throw new Error('taken');
      org = made;
      await saveInvite(web.store, { tokenHash: hashToken('invite-carol'), orgId: org.id, email: 'carol@secret-mail.example.net', invitedBy: users.ada!.id, now: NOW, expiresAt: new Date(NOW.getTime() + 86_400_000) });
      expect((await acceptInvite(web.store, hashToken('invite-carol'), { id: users.carol!.id, email: 'carol@secret-mail.example.net' }, NOW)).status).toBe('joined');
      for (const [paper, at] of [['2611.00001', '2026-11-20T11:00:00.000Z'], ['2611.00002', '2026-11-27T11:00:00.000Z'], ['2611.00003', '2026-11-24T11:00:00.000Z'], ['2611.00004', '2026-11-26T11:00:00.000Z']] as const) {
        await web.store.db.transaction().execute((trx) => creditOrgIn(trx, paper, org.id, users.ada!.id, new Date(at)));
      }
      privateCollectionId = (await createCollection(web.store, users.bob!.id, { title: 'Bob secret list', description: '', visibility: 'private' }, NOW)).id;
      publicCollectionId = (await createCollection(web.store, users.bob!.id, { title: 'Bob open list', description: '', visibility: 'public' }, NOW)).id;
    });
    afterAll(() => web?.close());

    it('answers an author with counts, co-authors, categories and verified users, and their papers newest first by cursor', async () => {
      const ada = await call('GET', '/api/v1/authors/ada-lovelace');
      expect(ada.status).toBe(200);
      expect(authorSchema.safeParse(ada.json).success).toBe(true);
      expect(ada.json).toMatchObject({ slug: 'ada-lovelace', name: 'Ada Lovelace', papers: 3, upvotes: 13, verified_users: [], url: `${web.config.baseUrl}/authors/ada-lovelace` });
      expect(ada.json.co_authors[0]).toEqual({ slug: 'alan-turing', name: 'Alan Turing', papers: 2 });
      expect(ada.json.categories[0]).toEqual({ category: 'cs.LG', papers: 3 }); // the factory's papers are cs.LG unless told
      expect(ada.headers.get('access-control-allow-origin')).toBe('*');
      expect(ada.headers.get('cache-control')).toBe('no-cache');

      const first = await call('GET', '/api/v1/authors/ada-lovelace/papers?limit=2');
      expect(paperListSchema.safeParse(first.json).success).toBe(true);
      expect(first.json.papers.map((p: Json) => p.id)).toEqual(['2611.00002', '2611.00003']);
      expect(first.headers.get('link')).toContain('rel="next"');
      const second = await call('GET', `/api/v1/authors/ada-lovelace/papers?limit=2&cursor=${first.json.next_cursor}`);
      expect(second.json.papers.map((p: Json) => p.id)).toEqual(['2611.00001']);
      expect(second.json.next_cursor).toBeNull();

      expect((await call('GET', '/api/v1/authors/nobody-here')).status).toBe(404);
      expect((await call('GET', '/api/v1/authors/nobody-here/papers')).status).toBe(404);
      expect((await call('GET', '/api/v1/authors/ada-lovelace/papers?cursor=nonsense')).json).toMatchObject({ error: { code: 'invalid_cursor' } });
      expect((await call('GET', '/api/v1/authors/ada-lovelace/papers?limit=0')).status).toBe(400);
      expect((await call('GET', '/api/v1/authors/ada-lovelace?extra=1')).status).toBe(400);
      // Hostile names stay data: JSON, never HTML.
      const evilSlug = (await web.store.db.selectFrom('authors').select('slug').where('name', 'like', '%Evil').executeTakeFirstOrThrow()).slug;
      const evil = await call('GET', `/api/v1/authors/${evilSlug}`);
      expect(evil.headers.get('content-type')).toContain('application/json');
      expect(evil.json.name).toBe('<img src=x onerror=alert(1)> Evil');
    });

    it('answers an org with handles and roles only (no e-mail), its papers paged; a hidden org is 404', async () => {
      const lab = await call('GET', '/api/v1/orgs/lab');
      expect(lab.status).toBe(200);
      expect(orgSchema.safeParse(lab.json).success).toBe(true);
      expect(lab.json).toMatchObject({ slug: 'lab', name: 'The Lab', website: 'https://lab.example.edu', avatar_url: null });
      expect(lab.json.members.map((m: Json) => [m.handle, m.role])).toEqual([['ada', 'admin'], ['carol', 'member']]);
      expect(lab.text).not.toContain('@');
      expect(lab.text).not.toContain('secret-mail');
      expect((await call('GET', '/api/v1/orgs/LAB')).status).toBe(200);

      const first = await call('GET', '/api/v1/orgs/lab/papers?limit=2');
      expect(first.json.papers.map((p: Json) => p.id)).toEqual(['2611.00002', '2611.00003']);
      const rest = await call('GET', `/api/v1/orgs/lab/papers?limit=2&cursor=${first.json.next_cursor}`);
      expect(rest.json).toMatchObject({ next_cursor: null });
      expect(rest.json.papers.map((p: Json) => p.id)).toEqual(['2611.00001']);

      expect((await call('GET', '/api/v1/orgs/nowhere')).status).toBe(404);
      const mod = await findOrCreateUser(web.store, 'mod@example.org', 'mod');
      const other = await createOrg(web.store, { slug: 'shady', name: 'Shady', website: null, userId: mod.id, now: NOW });
      await hideOrg(web.store, mod.id, other as Org, 'spam', NOW);
      expect((await call('GET', '/api/v1/orgs/shady')).status).toBe(404);
      expect((await call('GET', '/api/v1/orgs/shady/papers')).status).toBe(404);
      expect((await call('PUT', '/api/v1/me/follows', { as: 'bob', body: { kind: 'org', target: (other as Org).id } })).status).toBe(404);
    });

    it('follows and unfollows with a token; a private collection of someone else fails like a missing one', async () => {
      expect((await call('GET', '/api/v1/me/follows')).status).toBe(401);
      expect((await call('PUT', '/api/v1/me/follows', { body: { kind: 'category', target: 'cs.CL' } })).status).toBe(401);
      const empty = await call('GET', '/api/v1/me/follows', { as: 'carol' });
      expect(empty.json).toEqual({ follows: [] });
      expect(empty.headers.get('cache-control')).toBe('private, no-store');

      const ada = (await call('GET', '/api/v1/authors/ada-lovelace')).json;
      expect((await call('PUT', '/api/v1/me/follows', { as: 'carol', body: { kind: 'author', target: ada.id } })).status).toBe(200);
      expect((await call('PUT', '/api/v1/me/follows', { as: 'carol', body: { kind: 'org', target: String(org.id) } })).status).toBe(200);
      expect((await call('PUT', '/api/v1/me/follows', { as: 'carol', body: { kind: 'category', target: 'cs.CL' } })).status).toBe(200);
      const again = await call('PUT', '/api/v1/me/follows', { as: 'carol', body: { kind: 'collection', target: publicCollectionId } });
      expect(followListSchema.safeParse(again.json).success).toBe(true);
      expect(again.json.follows).toHaveLength(4);
      expect(again.json.follows.find((f: Json) => f.kind === 'collection')).toMatchObject({ target: String(publicCollectionId), label: 'Bob open list' });
      expect((await call('PUT', '/api/v1/me/follows', { as: 'carol', body: { kind: 'category', target: 'cs.CL' } })).json.follows).toHaveLength(4);

      // Someone else's private collection and a missing one: the same 404, the same message shape, nothing stored.
      const before = await followRows('carol');
      const secret = await call('PUT', '/api/v1/me/follows', { as: 'carol', body: { kind: 'collection', target: privateCollectionId } });
      const missing = await call('PUT', '/api/v1/me/follows', { as: 'carol', body: { kind: 'collection', target: 999_999 } });
      expect(secret.status).toBe(404);
      expect(secret.json).toEqual(missing.json);
      // The owner may follow their own private list.
      expect((await call('PUT', '/api/v1/me/follows', { as: 'bob', body: { kind: 'collection', target: privateCollectionId } })).status).toBe(200);
      // Bad bodies: 400, nothing stored.
      for (const body of [{ kind: 'user', target: '1' }, { kind: 'category', target: 'not a category' }, { kind: 'author', target: 'ada-lovelace' }, { kind: 'author' }, { kind: 'author', target: 1, extra: true }, [1, 2]]) {
        const res = await call('PUT', '/api/v1/me/follows', { as: 'carol', body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error.code).toBeTruthy();
      }
      expect((await call('PUT', '/api/v1/me/follows', { as: 'carol', raw: '{"kind":' })).status).toBe(400);
      expect(await followRows('carol')).toEqual(before);

      const gone = await call('DELETE', '/api/v1/me/follows/category/cs.CL', { as: 'carol' });
      expect(gone.status).toBe(200);
      expect(gone.json.follows.map((f: Json) => f.kind).sort()).toEqual(['author', 'collection', 'org']);
      expect((await call('DELETE', '/api/v1/me/follows/category/cs.CL', { as: 'carol' })).status).toBe(200);
      expect((await call('DELETE', '/api/v1/me/follows/people/1', { as: 'carol' })).status).toBe(400);
      expect((await call('DELETE', '/api/v1/me/follows/category/cs.LG')).status).toBe(401);

      // A followed collection made private later is listed without its name or address.
      await web.store.db.updateTable('collections').set({ visibility: 'private' }).where('id', '=', publicCollectionId).execute();
      const listed = await call('GET', '/api/v1/me/follows', { as: 'carol' });
      expect(listed.text).not.toContain('Bob open list');
      expect(listed.json.follows.find((f: Json) => f.kind === 'collection')).toMatchObject({ url: null });
      await web.store.db.updateTable('collections').set({ visibility: 'public' }).where('id', '=', publicCollectionId).execute();
    });

    it('claims an author: verified at once by e-mail domain, else pending; listed under /me/claims', async () => {
      expect((await call('POST', '/api/v1/authors/ada-lovelace/claims')).status).toBe(401);
      const verified = await call('POST', '/api/v1/authors/ada-lovelace/claims', { as: 'ada' });
      expect(verified.status).toBe(200);
      expect(claimSchema.safeParse(verified.json).success).toBe(true);
      expect(verified.json).toMatchObject({ status: 'verified', verified_by: 'e-mail domain', author: { slug: 'ada-lovelace', name: 'Ada Lovelace' } });
      expect((await call('GET', '/api/v1/authors/ada-lovelace')).json.verified_users).toEqual(['ada']);

      const pending = await call('POST', '/api/v1/authors/alan-turing/claims', { as: 'bob' });
      expect(pending.json).toMatchObject({ status: 'pending', verified_by: null });
      const twice = await call('POST', '/api/v1/authors/alan-turing/claims', { as: 'bob' });
      expect(twice.json.id).toBe(pending.json.id);
      expect((await call('POST', '/api/v1/authors/nobody-here/claims', { as: 'bob' })).status).toBe(404);
      expect((await call('GET', '/api/v1/authors/alan-turing')).json.verified_users).toEqual([]);

      const mine = await call('GET', '/api/v1/me/claims', { as: 'bob' });
      expect(claimListSchema.safeParse(mine.json).success).toBe(true);
      expect(mine.json.claims.map((c: Json) => [c.author.slug, c.status])).toEqual([['alan-turing', 'pending']]);
      expect((await call('GET', '/api/v1/me/claims', { as: 'carol' })).json).toEqual({ claims: [] });
      expect((await call('GET', '/api/v1/me/claims')).status).toBe(401);
      expect((await call('GET', '/api/v1/me/claims', { as: 'carol' }).then(() => fetch(`${web.url}/api/v1/me/claims`, { headers: { authorization: 'Bearer pbt_wrong' } }))).status).toBe(401);
    });
  });
}
