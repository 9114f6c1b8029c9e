import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperAuthors } from '../../src/authors/author-links-job.js';
import { upsertPapers } from '../../src/store/papers.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { signInInBrowser } from '../support/browser-sign-in.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const TODAY = new Date().toISOString().slice(0, 10);
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!chromiumAvailable)('following an author in a real browser', () => {
  let web: WebHarness;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, [
      buildRecord({ id: '2411.30001', title: 'Earlier paper by Lise', authors: ['Lise Meitner', 'Otto Hahn'], dailyAt: `${YESTERDAY}T08:00:00.000Z`, upvotes: 2 }),
      buildRecord({ id: '2411.30002', title: 'Someone else entirely', authors: ['Enrico Fermi'], dailyAt: `${TODAY}T08:00:00.000Z`, upvotes: 9 }),
    ]);
    await syncPaperAuthors(web.store);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const signIn = async (context: BrowserContext, email: string): Promise<Page> => signInInBrowser(await context.newPage(), web, email);

  it('a user follows an author and sees the author\'s new paper under Following', async () => {
    const page = await signIn(await browser.newContext(), 'reader@example.org');
    await page.goto(`${web.url}/authors/lise-meitner`);
    await page.click('form.follow button:has-text("Follow")');
    await page.waitForURL(/\/authors\/lise-meitner$/);
    await page.waitForSelector('form.follow button:has-text("Unfollow")');

    await upsertPapers(web.store, [buildRecord({ id: '2411.30003', title: 'Brand new paper by Lise', authors: ['Lise Meitner'], dailyAt: `${TODAY}T09:00:00.000Z`, upvotes: 1 })]);
    await syncPaperAuthors(web.store);

    await page.goto(`${web.url}/papers/date/${TODAY}`);
    await page.click('nav.tabs a:has-text("Following")');
    await page.waitForURL(/\/papers\/following$/);
    await page.waitForSelector('text=Brand new paper by Lise');
    expect(await page.locator('text=Someone else entirely').count()).toBe(0);
    expect(await page.locator('.follows a[href="/authors/lise-meitner"]').count()).toBe(1);
  });
});
