import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/search/lexical-index.js';
import { SnapshotError } from '../../src/search/snapshot.js';

function sampleIndex(): LexicalIndex {
  const index = LexicalIndex.build(
    Array.from({ length: 500 }, (_, i) => ({ key: `2401.${String(i).padStart(5, '0')}`, title: `Paper ${i} on ${['graphs', 'diffusion', 'agents'][i % 3]}`, abstract: `Schölkopf studies chain of thought ${i % 7}.`, authors: [`Author ${i % 13}`] })),
  );
  index.upsert({ key: '2401.00003', title: 'Replaced: quantum annealing' });
  index.upsert({ key: '2402.99999', title: 'New paper on annealing' });
  index.remove('2401.00004');
  return index;
}

const queries = ['diffusion', 'annealing', '"chain of thought" 3', 'scholkopf agents', '2401.00010', 'graph'];
const run = (index: LexicalIndex) => queries.map((q) => index.search(q, { k: 20 }));

describe('snapshots', () => {
  it('round-trips main segment, delta, tombstones and doc numbers', () => {
    const index = sampleIndex();
    const back = LexicalIndex.load(index.serialize());
    expect(run(back)).toEqual(run(index));
    expect(back.search('annealing', { prefix: true })).toEqual(index.search('annealing', { prefix: true }));
    expect([back.size, back.docLimit, back.deltaSize]).toEqual([index.size, index.docLimit, index.deltaSize]);
    expect(back.has('2401.00004')).toBe(false);
    expect(back.docOf('2402.99999')).toBe(index.docOf('2402.99999'));
    // The loaded index keeps working: updates, then compaction.
    back.upsert({ key: '2401.00005', title: 'Replaced again' });
    back.compact();
    expect(back.search('replaced').map((h) => h.key).sort()).toEqual(['2401.00003', '2401.00005']);
  });

  it('round-trips an empty index and works through a file', () => {
    expect(LexicalIndex.load(LexicalIndex.empty().serialize()).size).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'paperboy-snap-')), 'index.snap');
    const index = sampleIndex();
    writeFileSync(file, index.serialize());
    expect(run(LexicalIndex.open(file))).toEqual(run(index));
  });

  it('refuses damaged, truncated, foreign and other-version snapshots with a clear error', () => {
    const good = sampleIndex().serialize();
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x10;
    const version = Buffer.from(good);
    version.writeUInt32LE(99, 4);
    const cases: Array<[Uint8Array, string]> = [
      [flipped, 'corrupt'],
      [good.subarray(0, good.length - 8), 'corrupt'],
      [good.subarray(0, 10), 'not_a_snapshot'],
      [Buffer.from('{"not": "an index"}'), 'not_a_snapshot'],
      [version, 'version'],
    ];
    for (const [bytes, code] of cases) {
      let error: unknown;
      try {
        LexicalIndex.load(bytes);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(SnapshotError);
      expect((error as SnapshotError).code).toBe(code);
      expect((error as Error).message).toMatch(/rebuild the index/);
    }
    expect(() => LexicalIndex.load(version)).toThrow(/format version 99, this build reads version 1/);
    const file = join(mkdtempSync(join(tmpdir(), 'paperboy-snap-')), 'bad.snap');
    writeFileSync(file, flipped);
    expect(() => LexicalIndex.open(file)).toThrow(SnapshotError);
  });
});
