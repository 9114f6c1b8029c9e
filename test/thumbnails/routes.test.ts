import { render } from 'preact-render-to-string';
import { h } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { saveThumbnail, thumbnailKeys } from '../../src/store/thumbnails.js';
import { encodeWebp } from '../../src/thumbnails/encode.js';
import { renderFirstPage } from '../../src/thumbnails/render-first-page.js';
import { categoryHue, escapeXml, placeholderSvg, wrapTitle } from '../../src/thumbnails/placeholder.js';
import { Thumbnail, thumbnailUrl } from '../../src/web/views/thumbnail.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';
import { latexLikePdf } from './pdf-fixtures.js';

const HOSTILE = 'Robust </text><script>alert(1)</script> & "quoted" \'attention\' \u0007 for $O(n^2)$ <img src=x onerror=alert(2)>';

describe('thumbnail routes', () => {
  let web: WebHarness;
  let hash: string;
  let image: Buffer;

  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, [
      buildRecord({ id: '2401.00100', title: 'Sparse mixtures', primaryCategory: 'cs.CL' }),
      buildRecord({ id: 'hep-th/9901001', title: 'Strings, old style', primaryCategory: 'hep-th', categories: ['hep-th'] }),
      buildRecord({ id: '2401.00101', title: HOSTILE, primaryCategory: 'cs.LG' }),
    ]);
    const page = await renderFirstPage(await latexLikePdf(), { width: 800 });
    const encoded = await encodeWebp(page.png);
    ({ hash, image } = encoded);
    for (const paperId of ['2401.00100', 'hep-th/9901001']) await saveThumbnail(web.store, { paperId, ...encoded }, new Date());
  });
  afterAll(async () => {
    await web.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${web.url}${path}`, { headers });

  it('serves a stored image under its immutable key, with an ETag and 304 on revalidation', async () => {
    const keys = await thumbnailKeys(web.store, ['2401.00100']);
    const url = thumbnailUrl({ id: '2401.00100', thumbnail: keys.get('2401.00100') ?? null, title: 'Sparse mixtures', primaryCategory: 'cs.CL' });
    expect(url).toBe(`/thumbs/2401.00100-${hash}.webp`);
    for (let i = 0; i < 2; i++) {
      // The second answer comes from the in-process cache: the same bytes and headers.
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('etag')).toBe(`"${hash}"`);
      expect(Buffer.from(await res.arrayBuffer()).equals(image)).toBe(true);
    }
    const again = await get(url, { 'if-none-match': `"${hash}"` });
    expect(again.status).toBe(304);
  });

  it('serves old-style ids (a slash in the id) with the slash as _', async () => {
    const url = thumbnailUrl({ id: 'hep-th/9901001', thumbnail: hash, title: 'x', primaryCategory: 'hep-th' });
    expect(url).toBe(`/thumbs/hep-th_9901001-${hash}.webp`);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
  });

  it('answers 404 for a wrong hash, an unknown paper or a malformed key', async () => {
    for (const path of [`/thumbs/2401.00100-${'0'.repeat(16)}.webp`, `/thumbs/2401.09999-${hash}.webp`, '/thumbs/..%2F..%2Fetc%2Fpasswd', '/thumbs/2401.00100.webp', '/thumbs/placeholder/2401.09999-000000000000.svg']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
    }
  });

  it('serves the SVG placeholder of a paper without a thumbnail, its hostile title escaped', async () => {
    const card = { id: '2401.00101', thumbnail: null, title: HOSTILE, primaryCategory: 'cs.LG' };
    const url = thumbnailUrl(card);
    expect(url).toMatch(/^\/thumbs\/placeholder\/2401\.00101-[0-9a-f]{12}\.svg$/);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const svg = await res.text();
    expect(svg).not.toMatch(/<script|<img|<\/text><script/i);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&amp;');
    expect(svg).not.toContain('\u0007');
    expect(svg).toContain('>cs.LG</text>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // A URL made before the title changed still answers, with the current cover, briefly cached.
    const stale = await get('/thumbs/placeholder/2401.00101-000000000000.svg');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('is not counted against the read limit (a feed page shows 50 of them)', async () => {
    const limited = await startWeb(sqliteFactory, { env: { READ_LIMIT_PER_MINUTE: '5' } });
    try {
      await upsertPapers(limited.store, [buildRecord({ id: '2401.00200', title: 'Counted?' })]);
      const url = thumbnailUrl({ id: '2401.00200', thumbnail: null, title: 'Counted?', primaryCategory: 'cs.CL' });
      for (let i = 0; i < 12; i++) expect((await fetch(`${limited.url}${url}`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('the <Thumbnail> component: an img with its size, alt text, lazy loading', () => {
    const html = render(h(Thumbnail, { card: { id: '2401.00101', thumbnail: null, title: HOSTILE, primaryCategory: 'cs.LG' } }));
    expect(html).toMatch(/^<img src="\/thumbs\/placeholder\/2401\.00101-[0-9a-f]{12}\.svg" width="200" height="259" alt="First page of “Robust &lt;\/text>&lt;script>/);
    expect(html).toContain('loading="lazy"');
    expect(html).toContain('decoding="async"');
    // On a card the title is right beside it: the image is decorative there.
    expect(render(h(Thumbnail, { card: { id: '2401.00101', thumbnail: 'abc', title: HOSTILE, primaryCategory: 'cs.LG' }, decorative: true }))).toMatch(/ alt( |="" |\/>|$)/);
    expect(html).not.toContain('<script');
  });
});

describe('placeholder covers', () => {
  it('wraps a long title into at most 7 lines, cutting with an ellipsis', () => {
    const lines = wrapTitle('word '.repeat(80), 22, 7);
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => l.length <= 22)).toBe(true);
    expect(lines[6]!.endsWith('…')).toBe(true);
    expect(wrapTitle('Supercalifragilisticexpialidocious-transformers', 22, 7)).toEqual(['Supercalifragilisticex', 'pialidocious-transform', 'ers']);
    expect(wrapTitle('   ', 22, 7)).toEqual(['Untitled']);
  });

  it('colours by category: the same hue for the same category, different ones for neighbours', () => {
    expect(categoryHue('cs.CL')).toBe(categoryHue('cs.CL'));
    expect(categoryHue('cs.CL')).not.toBe(categoryHue('cs.CV'));
    expect(placeholderSvg({ title: 'x', primaryCategory: 'cs.CL' })).toContain(`hsl(${categoryHue('cs.CL')} 55% 42%)`);
    expect(placeholderSvg({ title: 'x', primaryCategory: null })).toContain('>arXiv</text>');
  });

  it('escapes every markup character and drops what XML forbids', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000\ud800`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('𝔼[x] ≤ 1')).toBe('𝔼[x] ≤ 1');
  });
});
