import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compressionOf } from '../../../src/ingest/files/compressed-file.js';
import { detectFormat, readPaperFile } from '../../../src/ingest/files/detect-format.js';
import { collect, fixture, records, scratchDir, screened } from './helpers.js';

describe('compressed paper files', () => {
  const scratch = scratchDir();
  afterAll(() => scratch.cleanup());

  it('are told by their first bytes, whatever their name', async () => {
    expect(await compressionOf(fixture('paperboy-categories.jsonl'))).toBeNull();
    expect(await compressionOf(fixture('paperboy-categories.jsonl.gz'))).toBe('gzip');
    expect(await compressionOf(fixture('paperboy-categories.jsonl.xz'))).toBe('xz');
    const renamed = scratch.write('papers.jsonl', readFileSync(fixture('paperboy-categories.jsonl.xz')));
    expect(await compressionOf(renamed)).toBe('xz');
  });

  it('read as the plain file does, gzip and xz alike, with their categories', async () => {
    const plain = records(await screened(readPaperFile(fixture('paperboy-categories.jsonl'), 'auto')));
    expect(plain.map((r) => [r.id, r.primaryCategory, r.categories])).toEqual([
      ['2503.00011', 'cs.CV', ['cs.CV', 'cs.LG']],
      ['2503.00012', 'cs.CL', ['cs.CL']],
      // What is not an arXiv category is dropped; the rest keeps its order.
      ['2503.00013', 'cs.AI', ['cs.AI', 'cs.RO']],
    ]);
    for (const name of ['paperboy-categories.jsonl.gz', 'paperboy-categories.jsonl.xz']) {
      expect(await detectFormat(fixture(name))).toBe('jsonl');
      const read = records(await screened(readPaperFile(fixture(name), 'auto')));
      expect(read.map((r) => ({ ...r, sourceRef: null }))).toEqual(plain.map((r) => ({ ...r, sourceRef: null })));
    }
  });

  it('report progress in bytes of the file itself, not of what it unpacks to', async () => {
    const path = fixture('paperboy-categories.jsonl.xz');
    let seen = 0;
    await collect(readPaperFile(path, 'jsonl', { onBytes: (n) => (seen = n) }));
    expect(seen).toBe(readFileSync(path).length);
  });

  it('stream large files a chunk at a time (10,000 lines through 4 kB reads)', async () => {
    const { gzipSync } = await import('node:zlib');
    const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: `2504.${String(10000 + i)}`, title: `Paper ${i}`, published: '2025-04-01', categories: ['cs.CL'] }));
    const path = scratch.write('many.jsonl.gz', gzipSync(`${lines.join('\n')}\n`));
    const read = records(await screened(readPaperFile(path, 'auto', { chunkBytes: 4096 })));
    expect(read).toHaveLength(10_000);
    expect(read.at(-1)).toMatchObject({ id: '2504.19999', categories: ['cs.CL'] });
  });

  it('refuse damaged or cut-short data with the file name, after the papers read before it', async () => {
    const whole = readFileSync(fixture('paperboy-categories.jsonl.xz'));
    const cut = scratch.write('cut.jsonl.xz', whole.subarray(0, whole.length - 40));
    await expect(collect(readPaperFile(cut, 'jsonl'))).rejects.toThrow(/cut\.jsonl\.xz: the xz data is damaged or cut short/);
    const gz = readFileSync(fixture('paperboy-categories.jsonl.gz'));
    const garbled = Buffer.from(gz);
    garbled.fill(0x41, 20, 60);
    const bad = scratch.write('garbled.jsonl.gz', garbled);
    await expect(collect(readPaperFile(bad, 'jsonl'))).rejects.toThrow(/garbled\.jsonl\.gz: the gzip data is damaged or cut short/);
  });
});
