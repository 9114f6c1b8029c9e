import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/store/api-tokens.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findUserByName } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, pageChangesFollowed, sessionClient, startWeb, type WebClient, type WebHarness } from '../support/web.js';

const DAY = '2026-11-27';
const IDS = ['2411.10001', '2411.10002', '2411.10003'];

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`collections on the site, in feeds and the API (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, IDS.map((id, i) => buildRecord({ id, title: `Collected paper ${i + 1}`, dailyAt: `${DAY}T09:00:00.000Z` })));
    });
    afterAll(() => web?.close());

    /** A signed-in client whose first page set the CSRF cookie. */
    async function member(handle: string): Promise<WebClient> {
      const c = await sessionClient(web, `${handle}@example.org`);
      await c.get(`/u/${handle}`);
      return c;
    }

    async function create(c: WebClient, handle: string, form: Record<string, string>): Promise<string> {
      const res = await c.submit(`/u/${handle}`, '/collections', form);
      expect(res.status, res.text.slice(0, 300)).toBe(303);
      return res.location!;
    }

    const add = (c: WebClient, collection: string, paper: string, extra: Record<string, string> = {}) =>
      c.submit(`/papers/${paper}`, '/collections/add', { paper, collection, back: `/papers/${paper}`, ...extra });

    const collectionId = (path: string) => Number(/^\/c\/(\d+)-/.exec(path)![1]);

    it('creates, adds twice (one row), notes, moves, removes and renames through plain forms', async () => {
      const c = await member('curator');
      const path = await create(c, 'curator', { title: 'Sparse attention', description: 'Read in order.' });
      expect(path).toMatch(/^\/c\/\d+-sparse-attention$/);
      const id = collectionId(path);

      // The add form lists the reader's collections on every card and on the paper page.
      const day = await c.get(`/papers/date/${DAY}`);
      expect(day.text).toContain('action="/collections/add"');
      expect(day.text).toContain(`value="${id}">Sparse attention</button>`);
      for (const paper of [...IDS, IDS[0]!]) {
        const res = await add(c, String(id), paper);
        expect(res.status).toBe(303);
        expect(res.location).toBe(`/papers/${paper}`);
      }
      const rows = await web.store.db.selectFrom('collection_papers').selectAll().where('collection_id', '=', id).execute();
      expect(rows).toHaveLength(3);
      // The page script's answer.
      const json = await add(c, String(id), IDS[0]!, {}).then(() => c.submit(path, '/collections/add', { paper: IDS[1]!, collection: String(id) }, { accept: 'application/json' }));
      expect(JSON.parse(json.text)).toMatchObject({ paper: IDS[1], added: false, created: false, collection: { id, title: 'Sparse attention' } });
      // "new" makes a collection and adds to it.
      const made = await c.submit(path, '/collections/add', { paper: IDS[2]!, collection: 'new', new_title: 'Second list', back: '//evil.example' });
      expect(made.location).toBe('/');

      expect((await c.submit(path, `/collections/${id}/note`, { paper: IDS[1]!, note: 'The key one: https://example.org/notes' })).status).toBe(303);
      expect((await c.submit(path, `/collections/${id}/move`, { paper: IDS[2]!, move: 'up' })).status).toBe(303);
      let page = await c.get(path);
      const order = () => [...page.text.matchAll(/<li class="card" id="p-([\d.]+)"/g)].map((m) => m[1]);
      expect(order()).toEqual([IDS[0], IDS[2], IDS[1]]);
      expect(page.text).toContain('The key one: <a href="https://example.org/notes" rel="nofollow ugc noopener">');
      expect((await c.submit(path, `/collections/${id}/remove`, { paper: IDS[0]! })).status).toBe(303);
      page = await c.get(path);
      expect(order()).toEqual([IDS[2], IDS[1]]);
      const renamed = await c.submit(path, `/collections/${id}/edit`, { title: 'Attention, renamed', description: 'New words.', visibility: 'public' });
      expect(renamed.location).toBe(`/c/${id}-attention-renamed`);
      // The old address (and a bare id) redirects to the new one.
      const old = await web.client().get(path);
      expect(old.status).toBe(301);
      expect(old.headers.get('location')).toBe(`/c/${id}-attention-renamed`);
      expect((await web.client().get(`/c/${id}`)).headers.get('location')).toBe(`/c/${id}-attention-renamed`);

      // Visitors: the page, the profile and the paper page; no forms for them.
      await pageChangesFollowed();
      const visitor = web.client();
      const shown = await visitor.get(`/c/${id}-attention-renamed`);
      expect(shown.status).toBe(200);
      expect(shown.text).toContain('Attention, renamed');
      expect(shown.text).toContain('href="/u/curator"');
      expect(shown.text).toContain(`<link rel="alternate" type="application/rss+xml" title="Paperboy: Attention, renamed (RSS)" href="${web.url}/feeds/collection/${id}.rss"`);
      expect(shown.text).not.toContain('/collections/');
      expect(shown.text).not.toContain('Add to collection');
      expect((await visitor.get(`/papers/date/${DAY}`)).text).not.toContain('Add to collection');
      expect((await visitor.get('/u/curator')).text).toContain(`href="/c/${id}-attention-renamed"`);
      expect((await visitor.get(`/papers/${IDS[1]}`)).text).toMatch(/Also in 1 collection: <a href="\/c\/\d+-attention-renamed">Attention, renamed<\/a>/);
      expect((await visitor.get(`/papers/${IDS[2]}`)).text).toMatch(/Also in 2 collections:/);

      // Deleting needs the confirmation box.
      expect((await c.submit(`/c/${id}-attention-renamed`, `/collections/${id}/delete`, {})).status).toBe(400);
      const gone = await c.submit(`/c/${id}-attention-renamed`, `/collections/${id}/delete`, { confirm: 'yes' });
      expect(gone.location).toBe('/u/curator#collections');
      expect((await c.get(`/c/${id}-attention-renamed`)).status).toBe(404);
    });

    it('never shows a private collection to anyone but its owner: page, profile, paper page, feeds, API', async () => {
      const owner = await member('secretive');
      const path = await create(owner, 'secretive', { title: 'Hidden list', visibility: 'private' });
      const id = collectionId(path);
      await add(owner, String(id), IDS[0]!);
      expect((await owner.get(path)).text).toContain('private: only you see it');
      expect((await owner.get('/u/secretive')).text).toContain('Hidden list');
      await pageChangesFollowed();

      const other = await member('nosy');
      for (const reader of [web.client(), other]) {
        expect((await reader.get(path)).status).toBe(404);
        expect((await reader.get(`/c/${id}`)).status).toBe(404);
        expect((await reader.get('/u/secretive')).text).not.toContain('Hidden list');
        const paper = await reader.get(`/papers/${IDS[0]}`);
        expect(paper.text).not.toContain('Hidden list');
        expect(paper.text).not.toContain('Also in');
        for (const ext of ['rss', 'atom', 'json']) expect((await reader.get(`/feeds/collection/${id}.${ext}`)).status).toBe(404);
        expect((await reader.get(`/api/v1/collections/${id}`)).status).toBe(404);
        expect((await reader.get('/api/v1/users/secretive/collections')).text).not.toContain('Hidden list');
      }
      // Not writable by others either, and the answer does not say it exists.
      expect((await other.submit('/u/nosy', '/collections/add', { paper: IDS[1]!, collection: String(id) })).status).toBe(404);
      expect((await other.submit('/u/nosy', `/collections/${id}/edit`, { title: 'mine now' })).status).toBe(404);

      // A public collection made private leaves the anonymous cache at once.
      const open = await create(owner, 'secretive', { title: 'Open for now' });
      await add(owner, String(collectionId(open)), IDS[1]!);
      await pageChangesFollowed();
      const visitor = web.client();
      expect((await visitor.get(open)).status).toBe(200);
      expect((await visitor.get(`/papers/${IDS[1]}`)).text).toContain('Open for now');
      await owner.submit(open, `/collections/${collectionId(open)}/edit`, { title: 'Open for now', visibility: 'private' });
      await pageChangesFollowed();
      expect((await visitor.get(open)).status).toBe(404);
      expect((await visitor.get(`/papers/${IDS[1]}`)).text).not.toContain('Open for now');
      expect((await visitor.get('/u/secretive')).text).not.toContain('Open for now');
    });

    it('keeps hostile titles, descriptions and notes inert, and refuses text over the limits', async () => {
      const c = await member('mallory');
      const path = await create(c, 'mallory', { title: '<script>alert(1)</script>', description: '<img src=x onerror=alert(1)> see https://example.org/?q="><b>x</b>' });
      const id = collectionId(path);
      await add(c, String(id), IDS[0]!);
      await c.submit(path, `/collections/${id}/note`, { paper: IDS[0]!, note: '"><svg onload=alert(1)> javascript:alert(1)' });
      await pageChangesFollowed();
      for (const reader of [c, web.client()]) {
        const page = await reader.get(path);
        expect(page.text).not.toMatch(/<script>alert|<img src=x|<svg onload|<b>x<\/b>|href="javascript/);
        expect(page.text).toContain('&lt;script>alert(1)&lt;/script>');
        expect(page.text).toContain('&lt;img src=x onerror=alert(1)>');
        expect(page.text).toContain('&lt;svg onload=alert(1)&gt; javascript:alert(1)');
      }
      const feed = await web.client().get(`/feeds/collection/${id}.rss`);
      expect(XMLValidator.validate(feed.text)).toBe(true);
      expect(parseFeed(feed.text).title).toBe('Paperboy: <script>alert(1)</script>');

      const long = await c.submit('/u/mallory', '/collections', { title: 'x'.repeat(121) });
      expect(long.status).toBe(400);
      expect(long.text).toContain('over the limit of 120');
      const note = await c.submit(path, `/collections/${id}/note`, { paper: IDS[0]!, note: 'n'.repeat(501) });
      expect(note.status).toBe(400);
      expect(note.text).toContain('over the limit of 500');
      expect((await c.submit(path, '/collections', { title: 'no csrf' }).then(() => c.post('/collections', { title: 'no csrf' }))).status).toBe(403);
    });

    it('serves a public collection as RSS, Atom and JSON Feed in its order', async () => {
      const c = await member('feeder');
      const path = await create(c, 'feeder', { title: 'Feed me', description: 'Papers for the reader' });
      const id = collectionId(path);
      for (const paper of [IDS[2]!, IDS[0]!]) await add(c, String(id), paper);
      await pageChangesFollowed();
      const urls = [IDS[2], IDS[0]].map((p) => `${web.url}/papers/${p}`);
      for (const ext of ['rss', 'atom'] as const) {
        const res = await web.client().get(`/feeds/collection/${id}.${ext}`);
        expect(res.status).toBe(200);
        expect(XMLValidator.validate(res.text)).toBe(true);
        const feed = parseFeed(res.text);
        expect(feed.title).toBe('Paperboy: Feed me');
        expect(feed.items.map((i) => i.url)).toEqual(urls);
      }
      const json = JSON.parse((await web.client().get(`/feeds/collection/${id}.json`)).text) as { title: string; home_page_url: string; items: { url: string }[] };
      expect(json.title).toBe('Paperboy: Feed me');
      expect(json.home_page_url).toBe(`${web.url}${path}`);
      expect(json.items.map((i) => i.url)).toEqual(urls);
      expect((await web.client().get('/feeds/collection/999999.rss')).status).toBe(404);
    });

    it('reads public collections and writes with a token through /api/v1', async () => {
      const user = (await findUserByName(web.store, 'curator')) ?? (await sessionClient(web, 'apiuser@example.org').then(() => findUserByName(web.store, 'apiuser')))!;
      const { secret } = await createApiToken(web.store, user!.id, 'script');
      const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
      const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
        const sent = body === undefined ? Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'content-type')) : headers;
        const res = await fetch(`${web.url}${path}`, { method, headers: sent, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> & { papers?: { id: string; position: number; note: string }[] } };
      };
      expect((await call('POST', '/api/v1/collections', { title: 'No token' }, { 'content-type': 'application/json' })).status).toBe(401);
      const made = await call('POST', '/api/v1/collections', { title: 'From a script', description: 'API' });
      expect(made.status).toBe(201);
      const id = made.body.id as number;
      expect(made.body).toMatchObject({ title: 'From a script', slug: 'from-a-script', visibility: 'public', owner: user!.name, feed_url: `${web.url}/feeds/collection/${id}.rss` });
      for (const paper of IDS) expect((await call('POST', `/api/v1/collections/${id}/papers`, { paper_id: `arXiv:${paper}` })).status).toBe(200);
      const twice = await call('POST', `/api/v1/collections/${id}/papers`, { paper_id: IDS[0], note: 'first' });
      expect(twice.body.papers!.map((p) => p.id)).toEqual(IDS);
      expect(twice.body.papers![0]!.note).toBe('first');
      const moved = await call('PUT', `/api/v1/collections/${id}/papers/${IDS[2]}`, { position: 1 });
      expect(moved.body.papers!.map((p) => [p.id, p.position])).toEqual([[IDS[2], 1], [IDS[0], 2], [IDS[1], 3]]);
      const removed = await call('DELETE', `/api/v1/collections/${id}/papers/${IDS[0]}`);
      expect(removed.body.papers!.map((p) => [p.id, p.position])).toEqual([[IDS[2], 1], [IDS[1], 2]]);
      expect((await call('DELETE', `/api/v1/collections/${id}/papers/${IDS[0]}`)).status).toBe(404);
      expect((await call('POST', `/api/v1/collections/${id}/papers`, { paper_id: '2411.99999' })).status).toBe(404);
      expect((await call('POST', '/api/v1/collections', { title: 't'.repeat(121) })).body).toMatchObject({ error: { code: 'title_too_long' } });

      const read = await call('GET', `/api/v1/collections/${id}`, undefined, {});
      expect(read.status).toBe(200);
      expect(read.body.papers!.map((p) => p.id)).toEqual([IDS[2], IDS[1]]);
      const listed = await call('GET', `/api/v1/users/${user!.name}/collections`, undefined, {});
      expect((listed.body.collections as { id: number }[]).map((c) => c.id)).toContain(id);

      // Someone else's token cannot write to it.
      const stranger = await sessionClient(web, 'stranger@example.org');
      expect(stranger).toBeDefined();
      const other = await createApiToken(web.store, (await findUserByName(web.store, 'stranger'))!.id, 'other');
      expect((await call('POST', `/api/v1/collections/${id}/papers`, { paper_id: IDS[0] }, { ...auth, authorization: `Bearer ${other.secret}` })).status).toBe(403);

      const doc = JSON.parse(await (await fetch(`${web.url}/api/v1/openapi.json`)).text()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/collections', '/api/v1/collections/{collection_id}', '/api/v1/collections/{collection_id}/papers', '/api/v1/collections/{collection_id}/papers/{paper_id}', '/api/v1/users/{name}/collections']));
      expect(Object.keys(doc.paths['/api/v1/collections/{collection_id}/papers/{paper_id}']!)).toEqual(['put', 'patch', 'delete']);
      expect(doc.components.schemas.CollectionDetail).toBeDefined();
    });
  });
}
