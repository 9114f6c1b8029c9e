import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/store/api-tokens.js';
import { addPaperToCollection, createCollection } from '../../src/store/collections.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { collectionDetailSchema, collectionSchema } from '../../src/web/api/v1/schemas.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
const IDS = ['2611.00001', '2611.00002', '2611.00003'] as const;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** PATCH/DELETE a collection, PUT its order, PATCH a paper's note: the owner's token only, others learn nothing of private ones. */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`/api/v1 collection writes (${dialect.name})`, () => {
    let web: WebHarness;
    const tokens: Record<string, string> = {};
    const userIds: Record<string, number> = {};
    const call = async (method: string, path: string, opts: { as?: string; body?: unknown } = {}) => {
      const res = await fetch(web.url + path, {
        method,
        headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.as ? { authorization: `Bearer ${tokens[opts.as]}` } : {}) },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, text, json: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Json) : ({} as Json) };
    };
    /** Everything stored of a collection: its row and its list, to check a refused request changed nothing. */
    const snapshot = async (id: number) => ({
      row: await web.store.db.selectFrom('collections').select(['title', 'description', 'visibility', 'updated_at']).where('id', '=', id).executeTakeFirst(),
      papers: await web.store.db.selectFrom('collection_papers').select(['paper_id', 'position', 'note']).where('collection_id', '=', id).orderBy('position').execute(),
    });
    const listOf = async (owner: string, visibility: 'public' | 'private', title: string) => {
      const c = await createCollection(web.store, userIds[owner]!, { title, description: 'd', visibility }, NOW);
      for (const id of IDS) await addPaperToCollection(web.store, c.id, id, { now: NOW });
      return c.id;
    };

    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, IDS.map((id) => buildRecord({ id, dailyAt: '2026-11-27T09:00:00.000Z' })));
      for (const name of ['owner', 'other']) {
        const u = await findOrCreateUser(web.store, `${name}@example.org`, name);
        userIds[name] = u.id;
        tokens[name] = (await createApiToken(web.store, u.id, 'tests')).secret;
      }
    });
    afterAll(() => web?.close());

    it('edits title, description and visibility; refuses bad bodies and changes nothing', async () => {
      const id = await listOf('owner', 'public', 'First title');
      const edited = await call('PATCH', `/api/v1/collections/${id}`, { as: 'owner', body: { title: '  Second   title ', description: 'New words' } });
      expect(edited.status).toBe(200);
      expect(collectionSchema.safeParse(edited.json).success).toBe(true);
      expect(edited.json).toMatchObject({ title: 'Second title', slug: 'second-title', description: 'New words', visibility: 'public', paper_count: 3 });
      const hidden = await call('PATCH', `/api/v1/collections/${id}`, { as: 'owner', body: { visibility: 'private' } });
      expect(hidden.json).toMatchObject({ title: 'Second title', visibility: 'private', feed_url: null });
      expect((await call('GET', `/api/v1/collections/${id}`)).status).toBe(404);
      await call('PATCH', `/api/v1/collections/${id}`, { as: 'owner', body: { visibility: 'public' } });

      const before = await snapshot(id);
      for (const body of [{}, { title: '' }, { title: 't'.repeat(121) }, { visibility: 'secret' }, { description: 5 }, { title: 'x', owner: 'other' }, { description: 'd'.repeat(2001) }]) {
        const res = await call('PATCH', `/api/v1/collections/${id}`, { as: 'owner', body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error.code).toBeTruthy();
      }
      expect(await snapshot(id)).toEqual(before);
      expect((await call('PATCH', `/api/v1/collections/${id}`, { body: { title: 'no token' } })).status).toBe(401);
      expect((await call('PATCH', '/api/v1/collections/0', { as: 'owner', body: { title: 'x' } })).status).toBe(400);
    });

    it('reorders with the full list of its papers, any id form, and refuses anything that is not a permutation', async () => {
      const id = await listOf('owner', 'public', 'Order list');
      const done = await call('PUT', `/api/v1/collections/${id}/order`, { as: 'owner', body: { paper_ids: ['2611.00003', 'arXiv:2611.00001', 'https://arxiv.org/abs/2611.00002v2'] } });
      expect(done.status).toBe(200);
      expect(collectionDetailSchema.safeParse(done.json).success).toBe(true);
      expect(done.json.papers.map((p: Json) => [p.id, p.position])).toEqual([['2611.00003', 1], ['2611.00001', 2], ['2611.00002', 3]]);

      const before = await snapshot(id);
      for (const paper_ids of [['2611.00001', '2611.00002'], ['2611.00001', '2611.00002', '2611.00003', '2611.00003'], ['2611.00001', '2611.00002', '2611.00001'], ['2611.00001', '2611.00002', '2611.99999'], []]) {
        const res = await call('PUT', `/api/v1/collections/${id}/order`, { as: 'owner', body: { paper_ids } });
        expect(res.status, JSON.stringify(paper_ids)).toBe(400);
        expect(res.json.error.code).toBe('invalid_order');
      }
      for (const body of [{}, { paper_ids: 'nope' }, { paper_ids: [1, 2, 3] }, { order: IDS }]) expect((await call('PUT', `/api/v1/collections/${id}/order`, { as: 'owner', body })).status).toBe(400);
      expect(await snapshot(id)).toEqual(before);
      expect((await call('PUT', `/api/v1/collections/${id}/order`, { body: { paper_ids: [...IDS] } })).status).toBe(401);
    });

    it("sets a paper's note with PATCH; an empty note clears it; unknown papers are 404", async () => {
      const id = await listOf('owner', 'public', 'Note list');
      const noted = await call('PATCH', `/api/v1/collections/${id}/papers/2611.00002`, { as: 'owner', body: { note: '<b>read §3</b>' } });
      expect(noted.status).toBe(200);
      expect(noted.json.papers.find((p: Json) => p.id === '2611.00002')).toMatchObject({ note: '<b>read §3</b>', position: 2 });
      expect((await call('PATCH', `/api/v1/collections/${id}/papers/2611.00002`, { as: 'owner', body: { note: '' } })).json.papers[1].note).toBe('');
      expect((await call('PATCH', `/api/v1/collections/${id}/papers/2611.09999`, { as: 'owner', body: { note: 'x' } })).status).toBe(404);
      const before = await snapshot(id);
      expect((await call('PATCH', `/api/v1/collections/${id}/papers/2611.00001`, { as: 'owner', body: { note: 'n'.repeat(501) } })).status).toBe(400);
      expect((await call('PATCH', `/api/v1/collections/${id}/papers/2611.00001`, { as: 'owner', body: { note: 5 } })).status).toBe(400);
      expect(await snapshot(id)).toEqual(before);
    });

    it("refuses others: 403 on a public collection, 404 on a private one (the same as a missing one), and nothing changes", async () => {
      const open = await listOf('owner', 'public', 'Open list');
      const secret = await listOf('owner', 'private', 'Secret list');
      const beforeOpen = await snapshot(open);
      const beforeSecret = await snapshot(secret);
      const writes = (id: number): [string, string, unknown][] => [
        ['PATCH', `/api/v1/collections/${id}`, { title: 'Taken over' }],
        ['DELETE', `/api/v1/collections/${id}`, undefined],
        ['PUT', `/api/v1/collections/${id}/order`, { paper_ids: [...IDS].reverse() }],
        ['PATCH', `/api/v1/collections/${id}/papers/2611.00001`, { note: 'mine' }],
      ];
      for (const [method, path, body] of writes(open)) expect((await call(method, path, { as: 'other', body })).status, `${method} ${path}`).toBe(403);
      for (const [i, [method, path, body]] of writes(secret).entries()) {
        const res = await call(method, path, { as: 'other', body });
        const missing = await call(method, writes(999_999)[i]![1], { as: 'other', body });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.json.error.code).toBe(missing.json.error.code);
        expect(res.text).not.toContain('Secret list');
      }
      expect(await snapshot(open)).toEqual(beforeOpen);
      expect(await snapshot(secret)).toEqual(beforeSecret);
      expect((await call('GET', `/api/v1/collections/${secret}`)).status).toBe(404);
      expect((await call('GET', '/api/v1/users/owner/collections')).text).not.toContain('Secret list');
    });

    it('deletes a collection and its list; a second delete is 404', async () => {
      const id = await listOf('owner', 'private', 'Doomed list');
      const gone = await call('DELETE', `/api/v1/collections/${id}`, { as: 'owner' });
      expect(gone.status).toBe(204);
      expect(gone.text).toBe('');
      expect(await snapshot(id)).toEqual({ row: undefined, papers: [] });
      expect((await call('DELETE', `/api/v1/collections/${id}`, { as: 'owner' })).status).toBe(404);
      expect((await call('DELETE', `/api/v1/collections/${id}`)).status).toBe(401);
    });
  });
}
