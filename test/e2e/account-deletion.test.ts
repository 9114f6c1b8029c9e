import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upvotesByIds } from '../../src/store/feed.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findUserByEmail } from '../../src/store/users.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { signInInBrowser } from '../support/browser-sign-in.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const PAPER = '2411.40001';

describe.skipIf(!chromiumAvailable)('deleting an account in a real browser', () => {
  let web: WebHarness;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, [buildRecord({ id: PAPER, title: 'A paper worth a comment', dailyAt: new Date().toISOString(), upvotes: 3 })]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('a user upvotes and comments, deletes the account from the profile, and the comment stays as [deleted user]', async () => {
    const page = await signInInBrowser(await (await browser.newContext({ javaScriptEnabled: false })).newPage(), web, 'leaving@example.org', 'leaving-reader');
    await page.goto(`${web.url}/papers/${PAPER}`);
    await page.click('form.vote-form button');
    await page.fill('textarea[name="body"]', 'Thanks for the code.');
    await page.click('form[action="/comments"] button[type="submit"]');
    await page.waitForSelector('text=Thanks for the code.');
    const upvotes = await upvotesByIds(web.store, [PAPER]);
    expect(upvotes.get(PAPER)).toBe(4);

    await page.goto(`${web.url}/u/leaving-reader`);
    await page.click('a[href="/account/delete"]');
    await page.fill('input[name="confirm"]', 'not-me');
    await page.click('form#delete-account button[type="submit"]');
    await page.waitForSelector('text=nothing was deleted');
    await page.fill('input[name="confirm"]', 'leaving-reader');
    await page.click('form#delete-account button[type="submit"]');
    await page.waitForSelector('h1:has-text("Account deleted")');
    expect(await page.locator('a[href="/u/leaving-reader"]').count()).toBe(0);
    expect(await findUserByEmail(web.store, 'leaving@example.org')).toBeUndefined();

    await page.goto(`${web.url}/papers/${PAPER}`);
    await page.waitForSelector('text=Thanks for the code.');
    expect(await page.locator('.deleted-user', { hasText: '[deleted user]' }).count()).toBeGreaterThan(0);
    expect(await upvotesByIds(web.store, [PAPER])).toEqual(upvotes);
  });
});
