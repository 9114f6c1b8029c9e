import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { signInInBrowser } from '../support/browser-sign-in.js';
import { sqliteFactory } from '../support/stores.js';
import { latestMailTo, startWeb, type WebHarness } from '../support/web.js';

/** An organization in a real browser: created, a member invited through the mailed link, a paper submitted under it, its badge on the card. */
describe.skipIf(!chromiumAvailable)('organizations in a real browser', () => {
  let web: WebHarness;
  let arxiv: ArxivServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    arxiv = await startArxivServer({ apiSynthesize: true });
    web = await startWeb(sqliteFactory, { env: { ARXIV_API_URL: arxiv.apiUrl } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await arxiv?.close();
  });

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(web.url + path);
    return page;
  }

  /** The sign-in form, the mailed link, its button and the welcome step (the handle); the page lands where `next` said. */
  const signIn = async (page: Page, email: string, handle: string): Promise<void> => void (await signInInBrowser(page, web, email, handle));

  it('creates an org, invites a member by mail, and the member submits a paper under it', async () => {
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const a = await open(admin, '/login');
    await signIn(a, 'ada@example.org', 'ada');
    await a.waitForSelector('a[href="/u/ada"]');
    await a.goto(`${web.url}/u/ada`);
    await a.click('a:has-text("Create an organization")');
    await a.fill('input[name="name"]', 'Optics Group');
    await a.fill('input[name="slug"]', 'optics');
    await a.fill('input[name="website"]', 'https://optics.example.org');
    await a.click('button:has-text("Create organization")');
    await a.waitForURL(/\/orgs\/optics\?done=created/);
    expect(await a.locator('h1').textContent()).toBe('Optics Group');
    await a.click('summary:has-text("Invite a member")');
    await a.fill('input[name="email"]#invite-email', 'bea@example.org');
    await a.click('button:has-text("Send invitation")');
    await a.waitForSelector('text=Invitation sent');

    const mail = await latestMailTo(web.maildir, 'bea@example.org', /\/orgs\/invite\?token=/);
    const link = /(https?:\/\/\S+\/orgs\/invite\?token=\S+)/.exec(mail.text ?? '')![1]!;
    const member = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const b = await member.newPage();
    b.on('pageerror', (e) => errors.push(e.message));
    // Signed out, the link asks for a sign-in first and comes back to the invitation.
    await b.goto(link);
    await b.waitForURL(/\/login\?next=/);
    await signIn(b, 'bea@example.org', 'bea');
    await b.waitForURL(/\/orgs\/invite\?token=/);
    await b.click('button:has-text("Join Optics Group")');
    await b.waitForURL(/\/orgs\/optics\?done=joined/);
    expect(await b.locator('.org-members li:has(a[href="/u/bea"])').textContent()).toContain('member');

    await b.goto(`${web.url}/submit`);
    await b.fill('input[name="id"]', '2612.04242');
    await b.selectOption('select[name="org"]', { label: 'Optics Group' });
    await b.click('button:has-text("Submit")');
    await b.waitForURL(/\/papers\/2612\.04242/);
    expect(await b.locator('.org-badge:has-text("Optics Group")').count()).toBe(1);

    const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const home = await open(reader, '/');
    const badge = home.locator('#p-2612\\.04242 a.org-badge');
    expect(await badge.getAttribute('href')).toBe('/orgs/optics');
    expect(await badge.innerText()).toContain('Optics Group');
    await badge.click();
    await home.waitForURL(/\/orgs\/optics$/);
    expect(await home.locator('#p-2612\\.04242').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
