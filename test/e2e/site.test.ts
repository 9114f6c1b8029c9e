import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { latestLinkTo, startWeb, type WebHarness } from '../support/web.js';

/** Screenshots of every step land here, for a person to look at. */
const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'paperboy-e2e');
const TODAY = new Date().toISOString().slice(0, 10);

describe.skipIf(!chromiumAvailable)('the site in a real browser', () => {
  let web: WebHarness;
  let arxiv: ArxivServer;
  let browser: Browser;
  const alerts: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    arxiv = await startArxivServer();
    web = await startWeb(sqliteFactory, { env: { ARXIV_API_URL: arxiv.apiUrl } });
    await upsertPapers(web.store, [
      buildRecord({ id: '2411.10001', title: 'Scaling laws for $\\mathcal{O}(n \\log n)$ attention', abstract: 'We prove $\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$ for transformers.', dailyAt: `${TODAY}T08:00:00.000Z`, upvotes: 7, githubUrl: 'https://github.com/example/scaling' }),
      buildRecord({ id: '2411.10002', title: 'A second paper on $\\alpha$-divergences', dailyAt: `${TODAY}T09:00:00.000Z`, upvotes: 3 }),
      buildRecord({ id: '2411.10003', title: 'Hostile <img src=x onerror=alert(1)> title', abstract: '<script>alert(2)</script> $\\href{javascript:alert(3)}{click}$', authors: ['<svg onload=alert(4)>'], dailyAt: `${TODAY}T10:00:00.000Z` }),
    ]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await arxiv?.close();
  });

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    await page.goto(web.url + path);
    return page;
  }

  async function signIn(context: BrowserContext, email: string): Promise<Page> {
    const page = await open(context, '/login');
    await page.fill('input[name="email"]', email);
    await page.click('button[type="submit"]');
    await page.waitForSelector('text=Check your inbox');
    const link = await latestLinkTo(web.maildir, email);
    await page.goto(link);
    await page.click('button:has-text("Sign in")');
    // The first sign-in asks for a handle, prefilled with one that says nothing about the address.
    await page.waitForURL(/\/welcome/);
    expect(await page.inputValue('input[name="handle"]')).toMatch(/^reader-[a-z2-9]{5}$/);
    await page.fill('input[name="handle"]', email.split('@')[0]!);
    await page.click('button:has-text("Continue")');
    await page.waitForSelector(`a[href="/u/${email.split('@')[0]}"]`);
    return page;
  }

  it("shows today's papers with rendered math, and hostile text stays text", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await open(context, '/');
    expect(await page.locator('ol.papers > li').count()).toBe(3);
    expect(await page.locator('h2 .katex').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, 'daily.png'), fullPage: true });
    await expect.poll(() => page.locator('text=Hostile <img src=x onerror=alert(1)> title').count()).toBe(1);
    const paper = await open(context, '/papers/2411.10003');
    expect(await paper.locator('img').count()).toBe(0);
    expect(await paper.locator('script:not([src])').count()).toBe(0);
    expect(await paper.locator('a[href^="javascript:"]').count()).toBe(0);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    const mobile = await open(phone, '/papers/2411.10001');
    expect(await mobile.locator('.abstract .katex').count()).toBeGreaterThan(0);
    await mobile.screenshot({ path: join(SHOTS, 'paper-phone-dark.png'), fullPage: true });
    expect(alerts).toEqual([]);
    await context.close();
    await phone.close();
  });

  it('signs in through the mailed link and upvotes without a reload', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'grace@example.org');
    await page.goto(`${web.url}/`);
    const button = page.locator('#p-2411\\.10002 .vote button');
    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    expect(await button.locator('.count').textContent()).toBe('4');
    expect(page.url()).toBe(`${web.url}/`);
    await page.reload();
    expect(await page.locator('#p-2411\\.10002 .vote button').getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'voted.png') });
    await context.close();
  });

  it('upvotes without JavaScript too', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await signIn(context, 'nojs@example.org');
    await page.goto(`${web.url}/papers/2411.10001`);
    await page.click('.vote button');
    await page.waitForSelector('.vote button[aria-pressed="true"]');
    expect(await page.locator('.vote .count').first().textContent()).toBe('8');
    await context.close();
  });

  it('submits a paper from arXiv, then comments and replies on it', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'curator@example.org');
    await page.goto(`${web.url}/submit`);
    await page.fill('input[name="id"]', 'https://arxiv.org/abs/2603.01234v2');
    await page.click('button:has-text("Submit")');
    await page.waitForURL(/\/papers\/2603\.01234$/);
    expect(await page.locator('text=Submitted by').count()).toBe(1);
    await page.goto(`${web.url}/`);
    expect(await page.locator('#p-2603\\.01234').count()).toBe(1);
    await page.goto(`${web.url}/papers/2603.01234`);
    await page.fill('#new-comment', 'Great **paper**: $O(n)$ <img src=x onerror=alert(5)>');
    await page.click('button:has-text("Comment")');
    await page.waitForSelector('.comment strong');
    await page.click('.comment summary:has-text("Reply")');
    await page.fill('textarea[id^="reply-"]', 'Agreed.');
    await page.click('button:has-text("Reply")');
    await page.waitForSelector('.comment.reply');
    expect(await page.locator('.comment img').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'comments.png'), fullPage: true });
    expect(alerts).toEqual([]);
    await context.close();
  });
});
