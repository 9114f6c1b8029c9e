import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMedia } from '../../src/store/media.js';
import { findPaper, upsertPapers } from '../../src/store/papers.js';
import { jpegWithGps, minimalMp4, noisyPng, png } from '../media/fixtures.js';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, pageChangesFollowed, sessionClient, startWeb, type WebClient, type WebHarness } from '../support/web.js';

/**
 * Uploads through the real server: multipart bodies as a browser sends them (FormData), the
 * submit form and the paper page's form, what is stored, and how it is served and shown.
 */

const NOW = new Date('2026-12-08T15:00:00Z');

/** Posts `fields` and a file as multipart/form-data with the client's cookies and the CSRF token of `page`. */
async function postMultipart(client: WebClient, page: string, action: string, fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }) {
  const form = new FormData();
  form.set('_csrf', csrfOf((await client.get(page)).text));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('media', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(client.base + action, { method: 'POST', body: form, redirect: 'manual', headers: { cookie } });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`media uploads (${dialect.name})`, () => {
    let web: WebHarness;
    let arxiv: ArxivServer;
    let alice: WebClient;
    let bob: WebClient;

    beforeAll(async () => {
      arxiv = await startArxivServer({ apiSynthesize: true });
      web = await startWeb(dialect, { now: () => NOW, env: { ARXIV_API_URL: arxiv.apiUrl } });
      alice = await sessionClient(web, 'alice@example.org');
      bob = await sessionClient(web, 'bob@example.org');
      await upsertPapers(web.store, [buildRecord({ id: '2612.09000', title: 'Imported paper', dailyAt: '2026-12-07T09:00:00Z' })]);
    });
    afterAll(async () => {
      await web?.close();
      await arxiv?.close();
    });

    it('a PNG submitted with a paper is stored as WebP at most 1200 px wide, shown on the card, the page and in mediaUrls', async () => {
      const res = await postMultipart(alice, '/submit', '/submit', { id: '2612.00001' }, { bytes: await png(2400, 1000), name: 'figure.png', type: 'image/png' });
      expect(res.status, res.text.slice(0, 500)).toBe(303);
      expect(res.location).toBe('/papers/2612.00001');
      const stored = await findMedia(web.store, '2612.00001');
      expect(stored).toMatchObject({ kind: 'image', contentType: 'image/webp', width: 1200, height: 500 });
      const url = `/media/2612.00001-${stored!.hash}.webp`;
      const served = await fetch(web.url + url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect([meta.format, meta.width]).toEqual(['webp', 1200]);
      expect((await fetch(web.url + url, { headers: { 'if-none-match': `"${stored!.hash}"` } })).status).toBe(304);
      // The card (today's feed, signed out: the cached page) shows it instead of the thumbnail.
      const home = await (await fetch(`${web.url}/`)).text();
      const card = /<li class="card" id="p-2612\.00001">[\s\S]*?<\/li>/.exec(home)?.[0] ?? '';
      expect(card).toContain(`src="${url}"`);
      expect(card).not.toContain('/thumbs/');
      expect((await alice.get('/papers/2612.00001')).text).toContain(`src="${url}"`);
      const api = (await (await fetch(`${web.url}/api/papers/2612.00001`)).json()) as { mediaUrls?: string[] };
      expect(api.mediaUrls).toEqual([`${web.url}${url}`]);
      const daily = (await (await fetch(`${web.url}/api/daily_papers?date=2026-12-08`)).json()) as { paper: { id: string }; mediaUrls?: string[] }[];
      expect(daily.find((i) => i.paper.id === '2612.00001')?.mediaUrls).toEqual([`${web.url}${url}`]);
    });

    it('a JPEG with EXIF GPS attached from the paper page comes back without metadata; a new upload replaces the old and the cached page follows', async () => {
      const before = await (await fetch(`${web.url}/papers/2612.00001`)).text();
      const old = await findMedia(web.store, '2612.00001');
      expect(before).toContain(old!.hash);
      const page = await alice.get('/papers/2612.00001');
      expect(page.text).toContain('action="/media"');
      const res = await postMultipart(alice, '/papers/2612.00001', '/media', { paper: '2612.00001' }, { bytes: await jpegWithGps(), name: 'photo.jpg', type: 'image/jpeg' });
      expect(res.status, res.text.slice(0, 500)).toBe(303);
      const stored = await findMedia(web.store, '2612.00001');
      expect(stored!.hash).not.toBe(old!.hash);
      const meta = await sharp(stored!.bytes).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.exif).toBeUndefined();
      expect(stored!.bytes.toString('latin1')).not.toContain('SecretCam');
      await pageChangesFollowed();
      const after = await (await fetch(`${web.url}/papers/2612.00001`)).text();
      expect(after).toContain(stored!.hash);
      expect((await fetch(`${web.url}/media/2612.00001-${old!.hash}.webp`)).status).toBe(404);
    });

    it('only the submitter may attach: another member is refused, a paper nobody submitted too', async () => {
      expect((await bob.get('/papers/2612.00001')).text).not.toContain('action="/media"');
      const before = await findMedia(web.store, '2612.00001');
      const res = await postMultipart(bob, '/papers/2612.00001', '/media', { paper: '2612.00001' }, { bytes: await png(400, 300), name: 'mine.png', type: 'image/png' });
      expect(res.status).toBe(403);
      expect((await findMedia(web.store, '2612.00001'))!.hash).toBe(before!.hash);
      expect((await postMultipart(alice, '/papers/2612.09000', '/media', { paper: '2612.09000' }, { bytes: await png(400, 300), name: 'x.png', type: 'image/png' })).status).toBe(403);
      // Submitting a paper someone else submitted is an upvote; the file is not attached, and the page says so.
      const again = await postMultipart(bob, '/submit', '/submit', { id: '2612.00001' }, { bytes: await png(400, 300), name: 'mine.png', type: 'image/png' });
      expect(again.location).toBe('/papers/2612.00001?already=1&media=not-yours');
      expect((await bob.get(again.location!)).text).toContain('Your file was not attached');
      expect((await findMedia(web.store, '2612.00001'))!.hash).toBe(before!.hash);
    });

    it('refuses an HTML file named .png, a 9 MB image (413) and a 50×50 image, storing nothing and submitting nothing', async () => {
      const html = await postMultipart(alice, '/submit', '/submit', { id: '2612.00002' }, { bytes: Buffer.from('<!doctype html><script>alert(1)</script>'), name: 'cat.png', type: 'image/png' });
      expect(html.status).toBe(415);
      expect(html.text).toMatch(/PNG, JPEG, WebP or GIF images/);
      const big = await noisyPng(1800, 1800);
      expect(big.length).toBeGreaterThan(9 * 1024 * 1024);
      const large = await postMultipart(alice, '/submit', '/submit', { id: '2612.00002' }, { bytes: big, name: 'big.png', type: 'image/png' });
      expect(large.status).toBe(413);
      expect(large.text).toMatch(/images may be up to 8 MB/);
      const tiny = await postMultipart(alice, '/submit', '/submit', { id: '2612.00002' }, { bytes: await png(50, 50), name: 'tiny.png', type: 'image/png' });
      expect(tiny.status).toBe(400);
      expect(tiny.text).toMatch(/at least 200×100/);
      expect(await findPaper(web.store, '2612.00002')).toBeUndefined();
      expect(await findMedia(web.store, '2612.00002')).toBeUndefined();
      const attached = await postMultipart(alice, '/papers/2612.00001', '/media', { paper: '2612.00001' }, { bytes: big, name: 'big.png', type: 'image/png' });
      expect(attached.status).toBe(413);
      expect(attached.text).toMatch(/File not accepted/);
    });

    it('a minimal MP4 is accepted and served with Range (206); a 31 s video is refused', async () => {
      const video = minimalMp4({ durationMs: 5_000, width: 640, height: 360, udta: true });
      const sent = await postMultipart(alice, '/submit', '/submit', { id: '2612.00003' }, { bytes: video, name: 'clip.mp4', type: 'video/mp4' });
      expect(sent.status, sent.text.slice(0, 300)).toBe(303);
      const stored = await findMedia(web.store, '2612.00003');
      expect(stored).toMatchObject({ kind: 'video', contentType: 'video/mp4', width: 640, height: 360, durationMs: 5_000 });
      expect(stored!.bytes.length).toBe(video.length);
      expect(stored!.bytes.toString('latin1')).not.toContain('+48.8577');
      const url = `${web.url}/media/2612.00003-${stored!.hash}.mp4`;
      const whole = await fetch(url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.headers.get('content-type')).toBe('video/mp4');
      const part = await fetch(url, { headers: { range: 'bytes=0-99' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 0-99/${video.length}`);
      expect(Buffer.from(await part.arrayBuffer())).toEqual(stored!.bytes.subarray(0, 100));
      const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
      expect([tail.status, (await tail.arrayBuffer()).byteLength]).toEqual([206, 10]);
      expect((await fetch(url, { headers: { range: `bytes=${video.length}-` } })).status).toBe(416);
      const card = /<li class="card" id="p-2612\.00003">[\s\S]*?<\/li>/.exec((await alice.get('/')).text)?.[0] ?? '';
      expect(card).toMatch(/<video[^>]*src="\/media\/2612\.00003-[0-9a-f]{16}\.mp4"/);
      expect(card).toMatch(/preload="none"/);
      const long = await postMultipart(alice, '/papers/2612.00003', '/media', { paper: '2612.00003' }, { bytes: minimalMp4({ durationMs: 31_000 }), name: 'long.mp4', type: 'video/mp4' });
      expect(long.status).toBe(400);
      expect(long.text).toMatch(/up to 30 s/);
      expect((await findMedia(web.store, '2612.00003'))!.hash).toBe(stored!.hash);
    });

    it('keeps plain forms, the one-click unsubscribe and broken multipart bodies working', async () => {
      const plain = await alice.submit('/submit', '/submit', { id: '2612.00004' });
      expect(plain.status).toBe(303);
      const form = new FormData();
      form.set('List-Unsubscribe', 'One-Click');
      expect((await fetch(`${web.url}/unsubscribe?t=bogus`, { method: 'POST', body: form })).status).toBe(400);
      for (const path of ['/submit', '/media']) {
        const res = await fetch(web.url + path, { method: 'POST', body: '--x\r\ngarbage', headers: { 'content-type': 'multipart/form-data; boundary=x', cookie: [...alice.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
      }
      const two = new FormData();
      two.set('_csrf', csrfOf((await alice.get('/submit')).text));
      two.set('id', '2612.00005');
      two.append('media', new Blob([new Uint8Array(await png(300, 200))]), 'a.png');
      two.append('media', new Blob([new Uint8Array(await png(300, 200))]), 'b.png');
      const res = await fetch(`${web.url}/submit`, { method: 'POST', body: two, redirect: 'manual', headers: { cookie: [...alice.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(res.status).toBe(413);
      expect(await findPaper(web.store, '2612.00005')).toBeUndefined();
    });
  });
}
