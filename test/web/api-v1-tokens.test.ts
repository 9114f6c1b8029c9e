import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenHash, resolveApiToken } from '../../src/store/api-tokens.js';
import { dialects } from '../support/stores.js';
import { csrfOf, sessionClient as signedIn, startWeb, type WebClient, type WebHarness } from '../support/web.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`API tokens on the profile page (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
    });
    afterAll(() => web?.close());

    const sessionClient = (email: string): Promise<WebClient> => signedIn(web, email);

    it('creates a token shown once, lists it by prefix, and revokes it', async () => {
      const c = await sessionClient('tokyo@example.org');
      const profile = await c.get('/u/tokyo');
      expect(profile.text).toContain('API tokens');
      expect(profile.text).toContain('No tokens yet.');
      const created = await c.post('/api-tokens', { _csrf: csrfOf(profile.text), name: 'laptop <script>' });
      expect(created.status).toBe(200);
      expect(created.headers.get('cache-control')).toContain('no-store');
      const secret = /(pbt_[A-Za-z0-9_-]{43})/.exec(created.text)?.[1];
      expect(secret).toBeDefined();
      expect(created.text).toContain('shown only this once');
      expect(created.text).toContain('laptop &lt;script>');
      const row = await web.store.db.selectFrom('api_tokens').selectAll().where('prefix', '=', secret!.slice(0, 12)).executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(apiTokenHash(secret!));

      const again = await c.get('/u/tokyo');
      expect(again.text).not.toContain(secret!);
      expect(again.text).toContain(`${secret!.slice(0, 12)}…`);
      expect(again.text).toContain('never');
      expect((await resolveApiToken(web.store, secret!))?.user.name).toBe('tokyo');
      expect((await c.get('/u/tokyo')).text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);

      const revoke = await c.post(`/api-tokens/${row.id}/revoke`, { _csrf: csrfOf(again.text) });
      expect(revoke.status).toBe(303);
      expect(revoke.location).toBe('/u/tokyo#api-tokens');
      expect(await resolveApiToken(web.store, secret!)).toBeUndefined();
      expect((await c.get('/u/tokyo')).text).toContain('No tokens yet.');
    });

    it("others see no token panel, and the forms need the owner's session and CSRF token", async () => {
      const owner = await sessionClient('owner@example.org');
      const page = await owner.get('/u/owner');
      await owner.post('/api-tokens', { _csrf: csrfOf(page.text), name: 'mine' });
      const id = (await web.store.db.selectFrom('api_tokens').select('id').where('name', '=', 'mine').executeTakeFirstOrThrow()).id;

      const visitor = web.client();
      expect((await visitor.get('/u/owner')).text).not.toContain('API tokens');
      const other = await sessionClient('other@example.org');
      const otherPage = await other.get('/u/owner');
      expect(otherPage.text).not.toContain('API tokens');
      expect((await other.post(`/api-tokens/${id}/revoke`, { _csrf: csrfOf(otherPage.text) })).status).toBe(404);
      expect((await owner.post('/api-tokens', { name: 'no csrf' })).status).toBe(403);
      expect((await owner.post(`/api-tokens/${id}/revoke`, {})).status).toBe(403);
      expect((await visitor.post('/api-tokens', { _csrf: 'x', name: 'anon' }, { cookie: 'pb_csrf=x' })).status).toBe(401);
      const empty = await owner.post('/api-tokens', { _csrf: csrfOf(page.text), name: '  ' });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('say what the token is for');
      expect((await web.store.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    });
  });
}
