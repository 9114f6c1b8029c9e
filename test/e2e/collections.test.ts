import { parseFeed } from '@rowanmanning/feed-parser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { signInInBrowser } from '../support/browser-sign-in.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const TODAY = new Date().toISOString().slice(0, 10);
const IDS = ['2411.20001', '2411.20002', '2411.20003'];

describe.skipIf(!chromiumAvailable)('collections in a real browser', () => {
  let web: WebHarness;
  let browser: Browser;
  const alerts: string[] = [];

  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, IDS.map((id, i) => buildRecord({ id, title: `Browser paper ${i + 1}`, dailyAt: `${TODAY}T0${8 + i}:00:00.000Z`, upvotes: 10 - i })));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
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

  const signIn = async (context: BrowserContext, email: string): Promise<Page> => signInInBrowser(await open(context, '/'), web, email);

  const rows = async (title: string) =>
    (await web.store.db.selectFrom('collection_papers as cp').innerJoin('collections as c', 'c.id', 'cp.collection_id').select(['cp.paper_id', 'cp.position']).where('c.title', '=', title).orderBy('cp.position').execute()).map((r) => r.paper_id);

  it('makes a collection, adds papers with JavaScript and without, and reads its feed', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'kim@example.org');

    // A collection from the profile.
    await page.goto(`${web.url}/u/kim`);
    await page.click('summary:has-text("New collection")');
    await page.fill('#new-collection-title', 'My reading');
    await page.fill('#new-collection-description', 'Read first: https://example.org/why');
    await page.click('button:has-text("Create collection")');
    await page.waitForURL(/\/c\/\d+-my-reading$/);
    const path = new URL(page.url()).pathname;

    // With JavaScript: no reload, the box says where the paper went.
    await page.goto(`${web.url}/`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const first = page.locator(`#p-${IDS[0]!.replace('.', '\\.')}`);
    await first.locator('summary:has-text("Add to collection")').click();
    await first.locator('button:has-text("My reading")').click();
    await expect.poll(() => first.locator('.collect-status').textContent()).toBe('Added to My reading');
    // A new collection from the card's box joins every box's list.
    const second = page.locator(`#p-${IDS[1]!.replace('.', '\\.')}`);
    await second.locator('summary:has-text("Add to collection")').click();
    await second.locator('input[name="new_title"]').fill('Made on the fly');
    await second.locator('button:has-text("Create and add")').click();
    await expect.poll(() => second.locator('.collect-status').textContent()).toBe('Added to Made on the fly');
    expect(await first.locator('button:has-text("Made on the fly")').count()).toBe(1);
    await second.locator('button:has-text("My reading")').click();
    await expect.poll(() => second.locator('.collect-status').textContent()).toBe('Added to My reading');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await rows('My reading')).toEqual([IDS[0], IDS[1]]);
    expect(await rows('Made on the fly')).toEqual([IDS[1]]);

    // Without JavaScript, the same session: the form posts and comes back.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    await plain.addCookies(await context.cookies());
    const noJs = await open(plain, '/');
    const third = noJs.locator(`#p-${IDS[2]!.replace('.', '\\.')}`);
    await third.locator('summary:has-text("Add to collection")').click();
    await Promise.all([noJs.waitForURL(`${web.url}/`), third.locator('button:has-text("My reading")').click()]);
    expect(await rows('My reading')).toEqual(IDS);
    // The owner moves the last paper up and notes it, without JavaScript.
    await noJs.goto(web.url + path);
    const last = noJs.locator(`#p-${IDS[2]!.replace('.', '\\.')}`);
    await Promise.all([noJs.waitForURL(/\/c\/\d+-my-reading/), last.locator('button:has-text("Move up")').click()]);
    expect(await rows('My reading')).toEqual([IDS[0], IDS[2], IDS[1]]);
    await noJs.locator(`#p-${IDS[2]!.replace('.', '\\.')} summary:has-text("Add a note")`).click();
    await noJs.locator(`#p-${IDS[2]!.replace('.', '\\.')} textarea[name="note"]`).fill('Skim the proofs.');
    await Promise.all([noJs.waitForURL(/\/c\/\d+-my-reading/), noJs.locator(`#p-${IDS[2]!.replace('.', '\\.')} button:has-text("Save note")`).click()]);
    expect(await noJs.locator('.note').textContent()).toBe('Skim the proofs.');

    // Its page advertises the feed, and the feed lists the papers in order.
    const visitor = await browser.newContext();
    const shown = await open(visitor, path);
    const rss = await shown.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href');
    expect(rss).toMatch(/\/feeds\/collection\/\d+\.rss$/);
    expect(await shown.locator('.collection-description a[href="https://example.org/why"]').count()).toBe(1);
    expect(await shown.locator('text=Add to collection').count()).toBe(0);
    const feed = parseFeed(await (await fetch(rss!)).text());
    expect(feed.title).toBe('Paperboy: My reading');
    expect(feed.items.map((i) => i.url)).toEqual([IDS[0], IDS[2], IDS[1]].map((id) => `${web.url}/papers/${id}`));
    expect(alerts).toEqual([]);
    await visitor.close();
    await plain.close();
    await context.close();
  });
});
