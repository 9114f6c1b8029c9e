/**
 * Author name normalisation on the shared sample data (src/domain/author-names.ts): how many
 * distinct names as papers write them become how many authors, 15 examples of merged names, and
 * the merges that may be wrong (variants whose middle initials differ: "John A." and "John B.").
 * Then the follower over a fresh SQLite store (papers imported first), and a day page of cards.
 *
 *   npm run eval:authors                       # hf-daily-papers.jsonl, then arxiv-recent.jsonl.xz
 *   npm run eval:authors -- --files PATH,...   # other files
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { syncPaperAuthors } from '../src/authors/author-links-job.js';
import { authorKey, middleInitials } from '../src/domain/author-names.js';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { authorCounts } from '../src/store/authors.js';
import { openStore } from '../src/store/database.js';
import { papersOnDays } from '../src/store/feed.js';
import { migrateToLatest } from '../src/store/migrate.js';

const DATA = join(import.meta.dirname, '..', '..', 'shared', 'data');
const { values } = parseArgs({ options: { files: { type: 'string', default: [join(DATA, 'hf-daily-papers.jsonl'), join(DATA, 'arxiv-recent.jsonl.xz')].join(',') }, examples: { type: 'string', default: '15' } } });

for (const file of values.files.split(',')) {
  if (!existsSync(file)) {
    console.log(`${file}: missing, skipped`);
    continue;
  }
  const started = Date.now();
  const variants = new Map<string, Map<string, number>>();
  let papers = 0;
  let names = 0;
  for await (const item of readPaperFile(file, 'auto')) {
    if (!('record' in item)) continue;
    papers++;
    for (const raw of item.record.authors ?? []) {
      names++;
      const key = authorKey(raw);
      if (!key) continue;
      const m = variants.get(key) ?? new Map<string, number>();
      m.set(raw, (m.get(raw) ?? 0) + 1);
      variants.set(key, m);
    }
  }
  const distinctRaw = [...variants.values()].reduce((n, m) => n + m.size, 0);
  const merged = [...variants.entries()].filter(([, m]) => m.size > 1);
  const suspicious = merged.filter(([, m]) => new Set([...m.keys()].map(middleInitials).filter(Boolean)).size > 1);
  console.log(`\n${file.split('/').at(-1)}: ${papers.toLocaleString('en-US')} papers, ${names.toLocaleString('en-US')} author names`);
  console.log(`  ${distinctRaw.toLocaleString('en-US')} distinct names as written -> ${variants.size.toLocaleString('en-US')} authors (${merged.length.toLocaleString('en-US')} authors merge ${(distinctRaw - variants.size + merged.length).toLocaleString('en-US')} variants) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Examples: the most used merged keys, spread over kinds of variants.
  const kinds = (m: Map<string, number>) => {
    const v = [...m.keys()];
    if (v.some((x) => x.includes(','))) return 'comma';
    if (v.some((x) => x.normalize('NFKD') !== x)) return 'accent';
    if (new Set(v.map(middleInitials)).size > 1) return 'initial';
    if (v.some((x) => /-/.test(x))) return 'hyphen';
    return 'other';
  };
  const byKind = new Map<string, [string, Map<string, number>][]>();
  for (const e of merged.sort((a, b) => sum(b[1]) - sum(a[1]))) byKind.set(kinds(e[1]), [...(byKind.get(kinds(e[1])) ?? []), e]);
  const examples: [string, Map<string, number>][] = [];
  for (let i = 0; examples.length < Number(values.examples) && i < 50; i++) for (const list of byKind.values()) if (list[i] && examples.length < Number(values.examples)) examples.push(list[i]!);
  console.log(`  examples (variant x papers):`);
  for (const [key, m] of examples) console.log(`    ${key.padEnd(26)} ${[...m.entries()].map(([raw, n]) => `"${raw}" x${n}`).join(' | ')}`);
  console.log(`  possibly wrong (different middle initials merged): ${suspicious.length}`);
  for (const [key, m] of suspicious.slice(0, 8)) console.log(`    ${key.padEnd(26)} ${[...m.keys()].map((x) => `"${x}"`).join(' | ')}`);

  // The follower over a real store, and a 50-card day page with the authors' slugs.
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-authors-'));
  const store = openStore(join(dir, 'paperboy.db'));
  try {
    await migrateToLatest(store);
    await ingestItems(store, readPaperFile(file, 'auto'));
    let t = Date.now();
    const r = await syncPaperAuthors(store);
    const counts = await authorCounts(store);
    console.log(`  follower: ${r.papers.toLocaleString('en-US')} papers, ${counts.paperAuthors.toLocaleString('en-US')} paper_authors rows, ${counts.authors.toLocaleString('en-US')} authors in ${((Date.now() - t) / 1000).toFixed(1)} s; again: ${(await syncPaperAuthors(store, { fromStart: true })).rows} rows written`);
    const day = (await store.db.selectFrom('papers').select('feed_date').where('feed_date', 'is not', null).groupBy('feed_date').orderBy((eb) => eb.fn.countAll(), 'desc').limit(1).executeTakeFirst())?.feed_date;
    if (day) {
      for (let i = 0; i < 3; i++) await papersOnDays(store, { from: day, to: day, limit: 50, offset: 0 });
      t = performance.now();
      const runs = 20;
      let cards = 0;
      for (let i = 0; i < runs; i++) cards = (await papersOnDays(store, { from: day, to: day, limit: 50, offset: 0 })).cards.length;
      console.log(`  day page ${day} (${cards} cards, authors' slugs included): ${((performance.now() - t) / runs).toFixed(1)} ms a query`);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sum(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}
