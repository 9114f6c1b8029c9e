import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { chromiumAvailable, launchBrowser } from '../support/browser.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

/**
 * How the site looks and reads, checked in a real browser: accessibility (axe-core, light and
 * dark), layout facts that can fail (no sideways scrolling on a phone, cards in columns on a
 * desktop, styled form controls), keyboard reach, and screenshots of every main page at phone
 * and desktop width in both colour schemes for a person to look at.
 */
const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'paperboy-e2e');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const NOW = new Date();
const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const CATEGORIES = [['cs.CL', 'cs.AI'], ['cs.CV'], ['cs.LG', 'stat.ML'], ['cs.AI']];

const PAGES = {
  feed: '/',
  week: '/papers/week/WEEK',
  paper: '/papers/2611.30001',
  search: '/search?q=attention+transformers',
  category: '/papers/category/cs.CL',
  stats: '/stats',
  trending: '/trending',
  subscribe: '/subscribe',
  api: '/api',
  login: '/login',
};
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

describe.skipIf(!chromiumAvailable)('the face: accessibility, layout and looks', () => {
  let web: WebHarness;
  let browser: Browser;
  const paths: Record<string, string> = { ...PAGES };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, Array.from({ length: 64 }, (_, i) => buildRecord({
      id: `2611.${30001 + i}`,
      title: i === 0 ? 'Attention transformers with $\\mathcal{O}(n \\log n)$ memory for long documents' : `Paper ${i} on attention, transformers and ${['vision', 'language', 'agents', 'robots'][i % 4]}`,
      abstract: `We study attention in transformers with $\\alpha$-entmax. ${'Results hold across many settings and datasets. '.repeat(6)}Code: https://github.com/example/p${i}.`,
      authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'].slice(0, 2 + (i % 4)),
      primaryCategory: CATEGORIES[i % 4]![0], categories: CATEGORIES[i % 4]!,
      dailyAt: `${day(i % 3)}T0${i % 9}:00:00.000Z`, upvotes: 64 - i, githubUrl: i % 2 ? `https://github.com/example/p${i}` : null,
    })));
    await web.search.start();
    const week = /href="(\/papers\/week\/[^"]+)"/.exec((await web.client().get('/')).text)?.[1];
    paths.week = week ?? '/papers/week/2026-W01';
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function open(path: string, viewport: (typeof VIEWPORTS)[number], colorScheme: 'light' | 'dark'): Promise<Page> {
    // axe is injected as a script: the site's CSP (script-src 'self') would rightly refuse it.
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, colorScheme, bypassCSP: true });
    const page = await context.newPage();
    const res = await page.goto(web.url + path);
    expect(res?.status(), path).toBeLessThan(400);
    return page;
  }

  /**
   * Light: every WCAG 2.1 A/AA and best-practice rule. Dark: the colour rules only, because the dark
   * scheme (site.css `prefers-color-scheme: dark`) changes colour variables and nothing else, so
   * every other rule's answer is the light run's (and the full set costs ~5 s a page).
   */
  async function seriousViolations(page: Page, colorScheme: 'light' | 'dark'): Promise<string[]> {
    await page.addScriptTag({ content: AXE });
    const runOnly = colorScheme === 'light'
      ? { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }
      : { type: 'rule', values: ['color-contrast', 'link-in-text-block'] };
    const found = await page.evaluate(async (only) => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const result = await axe.run(document, { runOnly: only });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }, runOnly);
    return found;
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of VIEWPORTS) {
      it(`passes axe-core with no serious or critical violations, ${viewport.name}, ${colorScheme}`, async () => {
        const problems: string[] = [];
        for (const [name, path] of Object.entries(paths)) {
          const page = await open(path, viewport, colorScheme);
          await page.screenshot({ path: join(SHOTS, `${name}-${viewport.name}-${colorScheme}.png`), fullPage: name !== 'api' });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) problems.push(`${name}: ${overflow}px of horizontal overflow`);
          for (const v of await seriousViolations(page, colorScheme)) problems.push(`${name}: ${v}`);
          await page.context().close();
        }
        expect(problems).toEqual([]);
        // Every page of the site, screenshotted and checked: ~25 s alone, more beside the full suite.
      }, 150_000);
    }
  }

  it('lays cards out in columns on a desktop and in one column on a phone', async () => {
    const columns = async (viewport: (typeof VIEWPORTS)[number]) => {
      const page = await open('/', viewport, 'light');
      const n = await page.evaluate(() => new Set([...document.querySelectorAll('ol.papers > li')].map((li) => Math.round(li.getBoundingClientRect().left))).size);
      await page.context().close();
      return n;
    };
    expect(await columns(VIEWPORTS[1])).toBeGreaterThanOrEqual(2);
    expect(await columns(VIEWPORTS[0])).toBe(1);
  });

  it('gives every card an image: the thumbnail or its placeholder cover, loaded', async () => {
    const page = await open('/', VIEWPORTS[1], 'light');
    const cards = await page.locator('ol.papers > li').count();
    expect(cards).toBeGreaterThan(10);
    expect(await page.locator('ol.papers > li .thumb img').count()).toBe(cards);
    const first = page.locator('ol.papers > li .thumb img').first();
    await expect.poll(() => first.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
    await page.context().close();
  });

  it('styles every form control (no browser-default inputs)', async () => {
    for (const path of ['/subscribe', '/search?q=attention&category=cs.CL', '/', '/login']) {
      const page = await open(path, VIEWPORTS[1], 'light');
      const unstyled = await page.evaluate(() =>
        [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .filter((el) => {
            const s = getComputedStyle(el);
            const type = (el as HTMLInputElement).type;
            if (type === 'radio' || type === 'checkbox') return s.accentColor === 'auto';
            return s.borderRadius === '0px' || s.borderStyle === 'inset';
          })
          .map((el) => `${el.tagName.toLowerCase()}[${(el as HTMLInputElement).type}] ${(el as HTMLInputElement).name}`),
      );
      expect(unstyled, path).toEqual([]);
      await page.context().close();
    }
  });

  it('reaches search, vote and pager from the keyboard, with the focus visible', async () => {
    const page = await open('/papers/week/' + paths.week!.split('/').pop(), VIEWPORTS[1], 'light');
    const reached = new Set<string>();
    const invisible: string[] = [];
    for (let i = 0; i < 400 && reached.size < 3; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const kind = el.matches('.site-search input') ? 'search' : el.closest('.vote') ? 'vote' : el.closest('nav.pager, nav.step') ? 'pager' : 'other';
        return { kind, visible: s.outlineStyle !== 'none' && s.outlineWidth !== '0px', what: `${el.tagName.toLowerCase()}#${el.id}[${(el as HTMLInputElement).type}].${el.className} ${el.textContent?.slice(0, 30) ?? ''}` };
      });
      if (!focus) continue;
      if (focus.kind !== 'other') reached.add(focus.kind);
      if (!focus.visible) invisible.push(focus.what);
    }
    expect([...reached].sort()).toEqual(['pager', 'search', 'vote']);
    expect(invisible).toEqual([]);
    await page.context().close();
  }, 90_000);
});
