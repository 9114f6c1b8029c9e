import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

/** Screenshots land here, for a person to look at. */
const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'paperboy-e2e');

describe.skipIf(!chromiumAvailable)('the paper page in a real browser', () => {
  let web: WebHarness;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, [
      buildRecord({
        id: '2402.01234', version: 2, title: 'Scaling laws for $\\mathcal{O}(n \\log n)$ attention on very long sequences of tokens',
        abstract: `We prove $\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$ for transformers. ${'Long sentences explain the result. '.repeat(12)}Code: https://github.com/example-organisation/a-rather-long-repository-name-for-testing.`,
        authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'], categories: ['cs.LG', 'cs.CL', 'stat.ML'], primaryCategory: 'cs.LG',
        comments: '12 pages, 4 figures; project page: https://example-lab.github.io/a-very-long-project-page-address/with/a/path',
        doi: '10.1000/a.very.long.doi.suffix.that.has.no.spaces.in.it.at.all', license: 'http://creativecommons.org/licenses/by/4.0/',
        journalRef: 'Journal of Long Titles 12 (2024) 1-20', dailyAt: '2026-02-27T09:00:00.000Z',
        versions: [{ version: 1, submittedAt: '2024-02-02T15:00:00.000Z', size: '120kb' }, { version: 2, submittedAt: '2024-03-05T10:00:00.000Z', size: '131kb' }],
      }),
    ]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('puts the sidebar beside the abstract on a desktop', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${web.url}/papers/2402.01234`);
    const article = (await page.locator('article.paper').boundingBox())!;
    const side = (await page.locator('aside.paper-side').boundingBox())!;
    expect(side.x).toBeGreaterThanOrEqual(article.x + article.width);
    expect(side.y).toBeLessThan(article.y + 100);
    // With JavaScript the Copy buttons show.
    await page.locator('details.cite summary').first().click();
    expect(await page.locator('button[data-copy="cite-bibtex"]').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'paper-desktop.png'), fullPage: true });
    await context.close();
  });

  it.each(['light', 'dark'] as const)('stacks the sidebar under the abstract on a 390 px phone, without overflow (%s)', async (colorScheme) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme });
    const page = await context.newPage();
    await page.goto(`${web.url}/papers/2402.01234`);
    const abstract = (await page.locator('.abstract').boundingBox())!;
    const side = (await page.locator('aside.paper-side').boundingBox())!;
    expect(side.y).toBeGreaterThan(abstract.y + abstract.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (colorScheme === 'dark') {
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector('aside.paper-side')!).backgroundColor);
      const [r, g, b] = bg.match(/\d+/g)!.map(Number);
      expect(r! + g! + b!).toBeLessThan(150);
    }
    await page.screenshot({ path: join(SHOTS, `paper-phone-${colorScheme}.png`), fullPage: true });
    await context.close();
  });
});
