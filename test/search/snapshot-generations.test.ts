import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.js';
import { currentGeneration, openNewestGeneration, publishGeneration, writeDurable } from '../../src/search/snapshot-generations.js';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';
import { topicCorpus } from '../support/topic-corpus.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-gen-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A reader that refuses a generation whose two files come from different writers. */
async function readPair(dir: string): Promise<string | null> {
  const opened = await openNewestGeneration(dir, async (gen) => {
    const [a, b] = ['a', 'b'].map((f) => readFileSync(join(gen, f), 'utf8'));
    if (a !== b) throw new Error(`mixed: ${a} + ${b}`);
    return a;
  });
  return opened?.value ?? null;
}

/** Generation `n` with files a and b both holding `G<n>`. */
function writeGeneration(dir: string, n: number): Promise<string> {
  return publishGeneration(dir, n, async (gen) => {
    for (const f of ['a', 'b']) await writeDurable(join(gen, f), [Buffer.from(`G${n}`)]);
  });
}

describe('snapshot generations', () => {
  it('gives a reader one writer\'s files even when two writers interleave, and keeps the newest two', async () => {
    const dir = tempDir();
    const seen: (string | null)[] = [];
    await publishGeneration(dir, 1, async (gen) => {
      await writeDurable(join(gen, 'a'), [Buffer.from('A1')]);
      // Writer B publishes whole while A is between its two files: B's pair is what a reader gets.
      await publishGeneration(dir, 2, async (genB) => {
        await writeDurable(join(genB, 'a'), [Buffer.from('B2')]);
        await writeDurable(join(genB, 'b'), [Buffer.from('B2')]);
      });
      seen.push(await readPair(dir));
      await writeDurable(join(gen, 'b'), [Buffer.from('A1')]);
    });
    expect(seen).toEqual(['B2']);
    // A switched `current` last, so its (complete) pair is current now; B's is kept as the one before.
    expect(await readPair(dir)).toBe('A1');
    for (const n of [3, 4, 5]) await writeGeneration(dir, n);
    expect(await readPair(dir)).toBe('G5');
    expect(readdirSync(dir).filter((n) => n.startsWith('gen-')).map((n) => n.split('-')[1]).sort()).toEqual(['4', '5']);
    expect(readdirSync(dir).filter((n) => !n.startsWith('gen-'))).toEqual(['current']);
  });

  it('reads `current` again when the generation it named vanished while being opened, and falls back past a damaged one', async () => {
    const dir = tempDir();
    const write = (n: number) => writeGeneration(dir, n);
    await write(1);
    await write(2);
    let pruned = false;
    const opened = await openNewestGeneration(dir, async (gen, name) => {
      if (!pruned) {
        pruned = true;
        await write(3);
        await write(4); // prunes the generation this reader is opening
        expect(existsSync(gen)).toBe(false);
        throw Object.assign(new Error(`ENOENT: ${name}`), { code: 'ENOENT' });
      }
      return readFileSync(join(gen, 'a'), 'utf8');
    });
    expect(opened?.value).toBe('G4');
    writeFileSync(join(dir, currentGeneration(dir)!, 'b'), 'damaged');
    const lines: string[] = [];
    expect(await openNewestGeneration(dir, async (gen) => {
      const [a, b] = ['a', 'b'].map((f) => readFileSync(join(gen, f), 'utf8'));
      if (a !== b) throw new Error('damaged');
      return a;
    }, (l) => lines.push(l))).toMatchObject({ value: 'G3' });
    expect(lines.join('\n')).toMatch(/gen-4-.* not used \(damaged\)/);
  });
});

describe('search index snapshots shared by processes', () => {
  let db: TestStore;
  const opened: SearchIndex[] = [];
  beforeAll(async () => {
    db = await sqliteFactory.create();
    await upsertPapers(db.store, topicCorpus());
  });
  afterEach(() => {
    for (const i of opened.splice(0)) i.close();
  });
  afterAll(() => db?.cleanup());
  const open = async (dir: string, lines: string[]) => {
    const index = await SearchIndex.open(db.store, dir, { log: (l) => lines.push(l) });
    opened.push(index);
    return index;
  };

  it('a process opens the vectors another wrote and catches up with changes made after it', async () => {
    const dir = tempDir();
    const writer = await SearchIndex.build(db.store);
    opened.push(writer);
    expect(await writer.save(db.store, dir)).toBe(true);
    // Not ahead of what is published: a second writer at the same sequence does not write again.
    expect(await writer.save(db.store, dir)).toBe(false);
    const hidden = topicCorpus()[0]!.id;
    const admin = await findOrCreateUser(db.store, 'mod-gen@example.org', 'Mod');
    await hidePaper(db.store, admin.id, hidden, 'spam');
    await upsertPapers(db.store, [buildRecord({ id: '2601.99102', title: 'Enzymes that fold faster', abstract: 'Protein folding of enzymes.', categories: ['q-bio.BM'] })]);
    const lines: string[] = [];
    const reader = await open(dir, lines);
    expect(lines.join('\n')).not.toMatch(/no usable snapshot|not used|reading them from the store/);
    expect(reader.semanticModel).toBe(writer.semanticModel);
    expect(reader.has(hidden)).toBe(false);
    expect(reader.vectorOf(hidden)).toBeNull();
    expect(reader.search('enzymes faster')[0]?.key).toBe('2601.99102');
    expect(reader.vectorOf('2601.99102')).not.toBeNull();
    // The snapshot's vectors are the writer's, bit for bit.
    const some = topicCorpus()[5]!.id;
    expect(reader.vectorOf(some)).toEqual(writer.vectorOf(some));
    const query = (await reader.embedQuery('robot grasping'))!;
    expect((await reader.nearest(query, 5)).map((h) => h.key)).not.toContain(hidden);
  });

  it('a damaged generation falls back to the one before it, then to a build', async () => {
    const dir = tempDir();
    const first = await SearchIndex.build(db.store);
    opened.push(first);
    await first.save(db.store, dir);
    await upsertPapers(db.store, [buildRecord({ id: '2601.99103', title: 'Lattice surgery for qubits', categories: ['quant-ph'] })]);
    await first.sync(db.store);
    await first.save(db.store, dir);
    const size = first.size;
    const gens = readdirSync(dir).filter((n) => n.startsWith('gen-'));
    expect(gens).toHaveLength(2);
    writeFileSync(join(dir, currentGeneration(dir)!, 'lexical.idx'), 'not an index');
    const lines: string[] = [];
    const back = await open(dir, lines);
    expect(lines.join('\n')).toMatch(/not used \(search snapshot: not a Paperboy search snapshot/);
    expect(lines.join('\n')).not.toMatch(/no usable snapshot/);
    expect(back.size).toBe(size);
    expect(back.search('lattice surgery')[0]?.key).toBe('2601.99103');
    for (const g of gens) writeFileSync(join(dir, g, 'meta.json'), '{');
    lines.length = 0;
    const rebuilt = await open(dir, lines);
    expect(lines.join('\n')).toMatch(/no usable snapshot/);
    expect(rebuilt.size).toBe(size);
  });

  it('does not use snapshot vectors of another model than the store\'s', async () => {
    const dir = tempDir();
    const old = await SearchIndex.build(db.store);
    opened.push(old);
    await old.save(db.store, dir);
    const retrained = await SearchIndex.build(db.store, { retrain: true });
    opened.push(retrained);
    expect(retrained.semanticModel).not.toBe(old.semanticModel);
    const lines: string[] = [];
    const reader = await open(dir, lines);
    expect(lines.join('\n')).toMatch(/snapshot vectors are of model .*: reading them from the store/);
    expect(reader.semanticModel).toBe(retrained.semanticModel);
    const some = topicCorpus()[7]!.id;
    expect(reader.vectorOf(some)).toEqual(retrained.vectorOf(some));
  });
});
