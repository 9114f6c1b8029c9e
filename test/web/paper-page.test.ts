import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { saveThumbnail } from '../../src/store/thumbnails.js';
import { buildRecord } from '../support/factories.js';
import { expectInert } from '../support/html.js';
import { dialects } from '../support/stores.js';
import { pageChangesFollowed, startWeb, type WebHarness } from '../support/web.js';

const HOSTILE_TITLE = 'Breaking "><script>alert(1)</script> $x^2$ out';
const LONG_ABSTRACT = `We prove $\\frac{a}{b} \\le \\sqrt{n}$ for every graph. ${'Results hold broadly across many settings and scales. '.repeat(6)}Code: https://github.com/acme/graphs. Project page: https://acme.github.io/graphs. Never javascript:alert(1) here.`;

/** The content of a <meta> tag (property= or name=) in a page, decoded as a browser reads it. */
function meta(html: string, key: string): string | undefined {
  const m = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html);
  return m?.[1]?.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the paper page: sidebar, share tags, links, icons (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [
        buildRecord({
          id: '2402.01234', version: 3, title: 'Graphs in $\\mathcal{O}(n)$ time', abstract: LONG_ABSTRACT,
          categories: ['cs.DS', 'math.CO'], primaryCategory: 'cs.DS', comments: '12 pages, 4 figures, $n^2$ tables; data: https://data.example.org/set.',
          journalRef: 'J. Graph Th. 1 (2024) 1-10', reportNo: 'ACME-24-01', doi: '10.1000/graphs', license: 'http://creativecommons.org/licenses/by/4.0/',
          submitter: 'Ada Lovelace', submittedAt: '2024-02-02T15:00:00.000Z', updatedAt: '2024-03-05T10:00:00.000Z', announcedOn: '2024-02-05', dailyAt: '2026-02-27T09:00:00.000Z',
          versions: [
            { version: 1, submittedAt: '2024-02-02T15:00:00.000Z', size: '120kb' },
            { version: 2, submittedAt: '2024-02-20T15:00:00.000Z', size: '130kb' },
            { version: 3, submittedAt: '2024-03-05T10:00:00.000Z', size: '131kb' },
          ],
        }),
        buildRecord({ id: '2402.06666', title: HOSTILE_TITLE, abstract: 'Short. See https://x.example.org/a_(b)), or $\\url{https://math.example.org}$.', dailyAt: '2026-02-27T10:00:00.000Z' }),
        buildRecord({ id: '1911.00001', title: 'Older', abstract: 'Old.', githubUrl: 'https://github.com/stored/repo', dailyAt: '2026-02-27T11:00:00.000Z' }),
      ]);
    });
    afterAll(() => web?.close());

    it('shows the facts in a sidebar: id and versions with dates, dates, categories, identifiers, licence, comments', async () => {
      const { status, text } = await web.client().get('/papers/2402.01234');
      expect(status).toBe(200);
      const side = text.slice(text.indexOf('<aside class="paper-side"'), text.indexOf('</aside>'));
      expect(side).toContain('>arXiv:2402.01234v3</a>');
      expect(side).toContain('href="https://arxiv.org/abs/2402.01234v1">v1</a> <time class="day" datetime="2024-02-02T15:00:00.000Z">Fri 2 Feb 2024</time>');
      expect(side).toContain('href="https://arxiv.org/abs/2402.01234v3">v3</a> <time class="day" datetime="2024-03-05T10:00:00.000Z">Tue 5 Mar 2024</time>');
      expect(side).toContain('131kb');
      expect(side).toMatch(/<dt>Submitted<\/dt><dd><time class="day" datetime="2024-02-02T15:00:00.000Z">Fri 2 Feb 2024<\/time>/);
      expect(side).toMatch(/<dt>Announced<\/dt><dd><time class="day" datetime="2024-02-05">Mon 5 Feb 2024<\/time>/);
      expect(side).toContain('href="/papers/date/2026-02-27"><time class="day" datetime="2026-02-27">Fri 27 Feb 2026</time>');
      expect(side).toContain('<a class="chip primary" href="/papers/category/cs.DS">cs.DS</a>');
      expect(side).toContain('<a class="chip" href="/papers/category/math.CO">math.CO</a>');
      expect(side).toContain('href="https://doi.org/10.1000/graphs"');
      expect(side).toContain('J. Graph Th. 1 (2024) 1-10');
      expect(side).toContain('ACME-24-01');
      expect(side).toContain('>CC BY 4.0</a>');
      // The comments field: math rendered, its address a link.
      expect(side).toMatch(/<dt>Comments<\/dt><dd><span>12 pages, 4 figures, <span class="katex"/);
      expect(side).toContain('<a href="https://data.example.org/set" rel="nofollow ugc noopener">');
      // Links: arXiv, PDF, HTML (a 2024 paper), code and project page found in the abstract.
      expect(side).toContain('href="https://arxiv.org/pdf/2402.01234"');
      expect(side).toContain('href="https://arxiv.org/html/2402.01234"');
      expect(side).toContain('<a href="https://github.com/acme/graphs" rel="nofollow ugc noopener">Code</a>');
      expect(side).toContain('<a href="https://acme.github.io/graphs" rel="nofollow ugc noopener">Project page</a>');
      // Citations to copy, readable without JavaScript.
      expect(side).toMatch(/<textarea id="cite-bibtex" class="cite-text" readonly[^>]*>@misc\{/);
      expect(side).toContain('<textarea id="cite-text" class="cite-text" readonly');
      expect(side).toContain('arXiv:2402.01234 [cs.DS], 2024.');
      expect(side).toContain('data-copy="cite-bibtex" hidden');
      // No date on the page is written as YYYY-MM-DD text.
      expect(text.replace(/<[^>]*>/g, ' ')).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    });

    it('offers no HTML version for papers before December 2023, and a stored code link over a found one', async () => {
      const { text } = await web.client().get('/papers/1911.00001');
      expect(text).not.toContain('arxiv.org/html/');
      expect(text).toContain('<a href="https://github.com/stored/repo" rel="nofollow ugc noopener">Code</a>');
    });

    it('links addresses in the abstract, nofollow, never javascript:, never inside math', async () => {
      const { text } = await web.client().get('/papers/2402.01234');
      const abstract = text.slice(text.indexOf('<p class="abstract"'), text.indexOf('</p>', text.indexOf('<p class="abstract"')));
      expect(abstract).toContain('<a href="https://github.com/acme/graphs" rel="nofollow ugc noopener">https://github.com/acme/graphs</a>.');
      expect(abstract).toContain('javascript:alert(1) here');
      expect(abstract).not.toMatch(/href="javascript:/);
      const other = (await web.client().get('/papers/2402.06666')).text;
      expect(other).toContain('<a href="https://x.example.org/a_(b)" rel="nofollow ugc noopener">https://x.example.org/a_(b)</a>),');
      expect(other).not.toContain('href="https://math.example.org"');
    });

    it('carries a canonical URL, Open Graph and Twitter tags, and a plain-text description cut at a word', async () => {
      const { text } = await web.client().get('/papers/2402.01234');
      expect(text).toContain(`<link rel="canonical" href="${web.url}/papers/2402.01234"/>`);
      expect(meta(text, 'og:type')).toBe('article');
      expect(meta(text, 'og:site_name')).toBe('Paperboy');
      expect(meta(text, 'og:url')).toBe(`${web.url}/papers/2402.01234`);
      expect(meta(text, 'og:title')).toBe('Graphs in O(n) time');
      expect(meta(text, 'og:image')).toBe(`${web.url}/apple-touch-icon.png`);
      expect(meta(text, 'twitter:card')).toBe('summary');
      const description = meta(text, 'description')!;
      expect(meta(text, 'og:description')).toBe(description);
      expect(description.startsWith('We prove a/b ≤ √n for every graph.')).toBe(true);
      expect(description).not.toMatch(/\\frac|\$/);
      expect(description.length).toBeLessThanOrEqual(160);
      expect(description).toMatch(/[a-z]…$/);
      // Cut at a word: what comes before the ellipsis is a whole word of the abstract.
      const lastWord = description.slice(0, -1).split(' ').at(-1)!;
      expect(['Results', 'hold', 'broadly', 'across', 'many', 'settings', 'and', 'scales']).toContain(lastWord.replace(/\.$/, ''));
      expect(text).toContain('<title>Graphs in O(n) time · Paperboy</title>');
    });

    it('shares the first-page thumbnail as the image once there is one', async () => {
      await upsertPapers(web.store, [buildRecord({ id: '2402.06777', title: 'Shared with a picture', dailyAt: '2026-02-27T09:00:00.000Z' })]);
      expect(meta((await web.client().get('/papers/2402.06777')).text, 'og:image')).toBe(`${web.url}/apple-touch-icon.png`);
      await saveThumbnail(web.store, { paperId: '2402.06777', image: Buffer.from('RIFF....WEBP'), contentType: 'image/webp', hash: 'abc123def456', width: 400, height: 518 }, new Date());
      await pageChangesFollowed();
      const { text } = await web.client().get('/papers/2402.06777');
      expect(meta(text, 'og:image')).toBe(`${web.url}/thumbs/2402.06777-abc123def456.webp`);
      expect(meta(text, 'twitter:card')).toBe('summary_large_image');
    });

    it('keeps a hostile title text in the share tags', async () => {
      const { text } = await web.client().get('/papers/2402.06666');
      expect(meta(text, 'og:title')).toBe('Breaking "><script>alert(1)</script> x² out');
      // The quote that would end the attribute and the tag's `<` are escaped: it stays one attribute's text.
      expect(text).toContain('content="Breaking &quot;>&lt;script>alert(1)&lt;/script> x² out"');
      expect(text).not.toContain('"><script>');
      expect(text).not.toMatch(/<script>alert/);
      expectInert(text.slice(0, text.indexOf('</head>')).replace(/<script src="\/assets\/[^"]+" defer><\/script>/, ''));
    });

    it('serves the favicon, the SVG icon and the touch icon, cached a day', async () => {
      const ico = await fetch(`${web.url}/favicon.ico`);
      expect(ico.status).toBe(200);
      expect(ico.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
      expect(ico.headers.get('cache-control')).toBe('public, max-age=86400');
      const icoBytes = Buffer.from(await ico.arrayBuffer());
      expect([...icoBytes.subarray(0, 6)]).toEqual([0, 0, 1, 0, 2, 0]);

      const png = await fetch(`${web.url}/apple-touch-icon.png`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await png.arrayBuffer());
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(180);
      expect(bytes.readUInt32BE(20)).toBe(180);
      const idat = bytes.indexOf('IDAT');
      const pixels = inflateSync(bytes.subarray(idat + 4, idat + 4 + bytes.readUInt32BE(idat - 4)));
      expect(pixels.length).toBe(180 * (180 * 4 + 1));

      const page = (await web.client().get('/papers/2402.01234')).text;
      expect(page).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32"/>');
      expect(page).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png"/>');
      const svgUrl = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/.exec(page)![1]!;
      const svg = await fetch(`${web.url}${svgUrl}`);
      expect(svg.status).toBe(200);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    });

    it('fills githubRepo and projectPage in the compatible API from the abstract', async () => {
      const detail = (await (await fetch(`${web.url}/api/papers/2402.01234`)).json()) as { githubRepo: string; projectPage: string };
      expect(detail.githubRepo).toBe('https://github.com/acme/graphs');
      expect(detail.projectPage).toBe('https://acme.github.io/graphs');
      const stored = (await (await fetch(`${web.url}/api/papers/1911.00001`)).json()) as { githubRepo: string; projectPage: string };
      expect(stored).toMatchObject({ githubRepo: 'https://github.com/stored/repo', projectPage: '' });
      const daily = (await (await fetch(`${web.url}/api/daily_papers?date=2026-02-27`)).json()) as Array<{ paper: { id: string; githubRepo?: string } }>;
      expect(daily.find((i) => i.paper.id === '2402.01234')?.paper.githubRepo).toBe('https://github.com/acme/graphs');
    });
  });
}
