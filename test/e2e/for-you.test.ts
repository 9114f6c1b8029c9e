import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestPeriod } from '../../src/domain/digest-rules.js';
import { runDigests } from '../../src/mail/digest-job.js';
import { createMailer } from '../../src/mail/transport.js';
import { upsertPapers } from '../../src/store/papers.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { signInInBrowser } from '../support/browser-sign-in.js';
import { forYouCorpus, forYouId, lastSunday } from '../support/for-you-corpus.js';
import { startTestServer, type TestServer } from '../support/smtp-test-server.js';
import { sqliteFactory } from '../support/stores.js';
import { latestMailTo, startWeb, type WebHarness } from '../support/web.js';

const robotics = (id: string) => id.startsWith('2601.10');
const LAST_DAY = lastSunday();

describe.skipIf(!chromiumAvailable)('For you in a real browser, and the personal digest', () => {
  let web: WebHarness;
  let browser: Browser;
  let smtp: TestServer;

  beforeAll(async () => {
    // The real clock (the browser's session cookie expires by it); the papers end last Sunday.
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, forYouCorpus(LAST_DAY));
    await web.search.start();
    smtp = await startTestServer();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await smtp?.close();
    await web?.close();
  });

  const cardIds = (page: Page) => page.$$eval('ol.for-you > li.card', (els) => els.map((e) => e.id.slice(2)));

  it('upvotes robotics papers, sees robotics first with reasons, "Not interested" reorders at once, and the digest has the same ranking, once', async () => {
    const page = await signInInBrowser(await (await browser.newContext({ viewport: { width: 1200, height: 1400 } })).newPage(), web, 'robo@example.org');
    for (let n = 0; n < 5; n++) {
      await page.goto(`${web.url}/papers/${forYouId(0, n)}`);
      await page.click('form.vote-form button');
      await page.waitForSelector('form.vote-form button[aria-pressed="true"]');
    }

    await page.goto(`${web.url}/for-you?period=week`);
    await page.waitForSelector('ol.for-you li.card');
    const before = await cardIds(page);
    expect(before.slice(0, 3).every(robotics), before.join(' ')).toBe(true);
    for (let n = 0; n < 5; n++) expect(before).not.toContain(forYouId(0, n));
    const firstReason = await page.textContent(`#p-${before[0]!.replace('.', '\\.')} .reason`);
    expect(firstReason).toMatch(/^Because you upvoted Robot grasping study [1-5]$/);
    await page.screenshot({ path: '/tmp/for-you-week.png', fullPage: true });

    // With JavaScript: the card goes at once and the list comes back in its new order, no navigation.
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });
    await page.click(`#p-${before[0]!.replace('.', '\\.')} form.feedback-form button:has-text("Not interested")`);
    await page.waitForSelector(`#p-${before[0]!.replace('.', '\\.')}`, { state: 'detached' });
    await page.waitForFunction((n) => document.querySelectorAll('ol.for-you > li.card').length === n, before.length - 1);
    const after = await cardIds(page);
    expect(after).toEqual(before.slice(1));
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await page.screenshot({ path: '/tmp/for-you-after-not-interested.png', fullPage: true });

    // A weekly For-you digest, subscribed to while signed in.
    await page.goto(`${web.url}/subscribe`);
    await page.check('input[name="frequency"][value="weekly"]');
    await page.check('input[name="for_you"]');
    await page.click('form.stack button[type="submit"]');
    await page.waitForSelector('text=Check your inbox');
    const confirm = await latestMailTo(web.maildir, 'robo@example.org', /\/subscribe\/confirm\?t=/);
    await page.goto(/(https?:\/\/\S+\/subscribe\/confirm\?t=\S+)/.exec(confirm.text ?? '')![1]!);
    await page.click('button:has-text("Confirm subscription")');
    await page.waitForSelector('text=You are subscribed');

    const mailer = createMailer({ ...web.config.mail, smtpUrl: smtp.url, ratePerSecond: 0 });
    try {
      const vectorOf = (id: string) => web.search.index?.vectorOf(id) ?? null;
      const period = digestPeriod('weekly', LAST_DAY);
      expect(await runDigests(web.store, web.config, mailer, period, { vectorOf })).toMatchObject({ queued: 1, sent: 1 });
      expect(await runDigests(web.store, web.config, mailer, period, { vectorOf })).toMatchObject({ queued: 0, sent: 0 });
    } finally {
      await mailer.close();
    }
    expect(smtp.received).toHaveLength(1);
    const mail = await simpleParser(smtp.received[0]!.raw);
    expect(mail.subject).toMatch(/^For you: /);
    const inText = [...(mail.text ?? '').matchAll(/\/papers\/(2601\.\d{5})/g)].map((m) => m[1]);
    expect(inText).toEqual(after.slice(0, inText.length));
    expect(inText.length).toBe(Math.min(10, after.length));
    expect(mail.text).toContain('Because you upvoted “Robot grasping study');
    expect(String(mail.html)).toContain('Because you upvoted “Robot grasping study');
  }, 120_000);
});
