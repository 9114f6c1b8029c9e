import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperAuthors } from '../../src/authors/author-links-job.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findUserByEmail, setAdmin } from '../../src/store/users.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { signInInBrowser } from '../support/browser-sign-in.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const TODAY = new Date().toISOString().slice(0, 10);

describe.skipIf(!chromiumAvailable)('claiming an author in a real browser', () => {
  let web: WebHarness;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, [buildRecord({ id: '2411.20001', title: 'Claimed paper', authors: ['Marie Curie', 'Pierre Curie'], dailyAt: `${TODAY}T08:00:00.000Z`, upvotes: 2 })]);
    await syncPaperAuthors(web.store);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  let marie: Page;
  const signIn = async (context: BrowserContext, email: string): Promise<Page> => signInInBrowser(await context.newPage(), web, email);

  it('a user claims an author from a card, a moderator approves, and the badge shows on their comment', async () => {
    marie = await signIn(await browser.newContext({ viewport: { width: 1280, height: 1000 } }), 'marie@radium.example.net');
    await marie.goto(`${web.url}/`);
    await marie.click('.card a[href="/authors/marie-curie"]');
    await marie.waitForURL(/\/authors\/marie-curie$/);
    await marie.click('button:has-text("This author is me")');
    await marie.waitForSelector('text=Your claim waits for a moderator');
    await marie.goto(`${web.url}/papers/2411.20001`);
    await marie.fill('textarea[name="body"]', 'Happy to answer questions.');
    await marie.click('button:has-text("Comment")');
    await marie.waitForSelector('text=Happy to answer questions.');
    expect(await marie.locator('.comment .author-badge').count()).toBe(0);

    const context = await browser.newContext();
    const mod = await signIn(context, 'curator@example.org');
    await setAdmin(web.store, (await findUserByEmail(web.store, 'curator@example.org'))!.id, true);
    await mod.goto(`${web.url}/moderation/claims`);
    await mod.fill('input[name="reason"]', 'Known to the curators');
    await mod.click('button:has-text("Approve claim")');
    await mod.waitForSelector('text=No claims wait.');
    await mod.goto(`${web.url}/moderation`);
    await mod.waitForSelector('text=approve claim by marie');

    await marie.goto(`${web.url}/papers/2411.20001`);
    expect(await marie.locator('.comment .author-badge').textContent()).toBe('author');
    await marie.goto(`${web.url}/u/marie`);
    expect(await marie.locator('.author-pages a[href="/authors/marie-curie"]').count()).toBe(1);
  });

  it('the verified author adds a project page and a note through the form and sees them; a stranger has no form', async () => {
    await marie.goto(`${web.url}/papers/2411.20001`);
    await marie.click('summary:has-text("As an author")');
    await marie.fill('input[name="project"]', 'https://radium.example.net/claimed');
    await marie.fill('textarea[name="note"]', 'Data and slides: see the project page. <b>not bold</b>');
    await marie.click('.author-additions-form button:has-text("Save")');
    await marie.waitForURL(/\/papers\/2411\.20001#from-the-authors$/);
    const box = marie.locator('#from-the-authors');
    expect(await box.locator('a[href="https://radium.example.net/claimed"]').textContent()).toBe('Project page');
    expect(await box.locator('.note').textContent()).toBe('Data and slides: see the project page. <b>not bold</b>');
    expect(await box.locator('.author-badge').textContent()).toBe('author');
    await box.scrollIntoViewIfNeeded();
    await marie.screenshot({ path: '/tmp/author14-paper.png', fullPage: true });

    const stranger = await signIn(await browser.newContext(), 'eve@elsewhere.example.org');
    await stranger.goto(`${web.url}/papers/2411.20001`);
    expect(await stranger.locator('#from-the-authors .note').count()).toBe(1);
    expect(await stranger.locator('form[action="/author-additions"]').count()).toBe(0);
    await stranger.goto(`${web.url}/moderation`);
    await stranger.waitForSelector('text=edit author additions');
  });
});
