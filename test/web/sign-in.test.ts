import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sqliteFactory } from '../support/stores.js';
import { latestLinkTo, startWeb, type WebHarness } from '../support/web.js';

describe('signing in without a mail server', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
  });
  afterAll(() => web?.close());

  it('prints the link on a line of its own, names the address, and confirms the sign-in once', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const c = web.client();
    let printed = '';
    try {
      expect((await c.submit('/login', '/login', { email: 'reader@example.org', next: '/' })).status).toBe(200);
      printed = stderr.mock.calls.map((call) => String(call[0])).join('');
    } finally {
      stderr.mockRestore();
    }
    const link = await latestLinkTo(web.maildir, 'reader@example.org');
    expect(printed.split('\n')).toContain(`  ${link}`);
    const confirm = await c.get(new URL(link).pathname + new URL(link).search);
    expect(confirm.text).toContain('Signing in as <strong>reader@example.org</strong>');
    const location = await c.signIn('reader@example.org');
    expect(location).toMatch(/^\/welcome/);
    expect((await c.get(location)).text).toContain('You are signed in as');
    expect((await c.get('/')).text).not.toContain('You are signed in as');
  });

  it('says at once when a link no longer works', async () => {
    const res = await web.client().get('/login/verify?token=not-a-real-token');
    expect(res.status).toBe(400);
    expect(res.text).toContain('This link no longer works');
  });
});
