/**
 * The engines bench:search compares Paperboy with, each fed the same documents and queries.
 * `build` stops (returns false) once `deadline` (a performance.now() value) passes: a baseline
 * that cannot index N papers in the time limit is printed as DNF instead of holding the run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { create, insert, search as oramaSearch } from '@orama/orama';
import Database from 'better-sqlite3';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';

export interface BaselineDoc {
  id: string;
  title: string;
  abstract: string;
  authors: string;
}

export interface Baseline {
  name: string;
  build(docs: readonly BaselineDoc[], deadline: number): boolean;
  query(q: string): string[];
  close?(): void;
}

/** Documents added between deadline checks. */
const CHUNK = 5_000;

function addAll(docs: readonly BaselineDoc[], deadline: number, add: (d: BaselineDoc) => void): boolean {
  for (let i = 0; i < docs.length; i++) {
    add(docs[i]!);
    if (i % CHUNK === 0 && performance.now() > deadline) return false;
  }
  return true;
}

export const BASELINES: Record<string, (dir: string) => Baseline> = {
  fts5: (dir) => {
    const file = join(dir, 'fts5-bench.db');
    rmSync(file, { force: true });
    const db = new Database(file);
    let stmt: Database.Statement;
    return {
      name: 'SQLite FTS5 (bm25)',
      build(docs, deadline) {
        db.exec("create virtual table docs using fts5(id unindexed, title, abstract, authors, tokenize='porter unicode61 remove_diacritics 2')");
        const ins = db.prepare('insert into docs (id, title, abstract, authors) values (?, ?, ?, ?)');
        const done = db.transaction(() => addAll(docs, deadline, (d) => ins.run(d.id, d.title, d.abstract, d.authors)))();
        stmt = db.prepare('select id from docs where docs match ? order by bm25(docs, 3.0, 1.0, 2.0) limit 10');
        return done;
      },
      // Words OR-ed, each quoted (FTS5 syntax characters in a query are then plain text).
      query: (q) => (stmt.all(q.split(/\s+/).filter(Boolean).map((w) => `"${w.replace(/"/g, '')}"`).join(' OR ')) as Array<{ id: string }>).map((r) => r.id),
      close: () => {
        db.close();
        rmSync(file, { force: true });
      },
    };
  },
  minisearch: () => {
    const ms = new MiniSearch<BaselineDoc>({ fields: ['title', 'abstract', 'authors'], storeFields: [], searchOptions: { boost: { title: 3, authors: 2 } } });
    return { name: 'MiniSearch (BM25+)', build: (docs, deadline) => addAll(docs, deadline, (d) => ms.add(d)), query: (q) => ms.search(q).slice(0, 10).map((r) => String(r.id)) };
  },
  flexsearch: () => {
    const index = new FlexSearch.Document({ document: { id: 'id', index: ['title', 'abstract', 'authors'] } });
    return {
      name: 'FlexSearch (no BM25)',
      build: (docs, deadline) => addAll(docs, deadline, (d) => index.add({ ...d })),
      // Field by field (title first), deduplicated: FlexSearch ranks by term position, not BM25.
      query: (q) => [...new Set((index.search(q, { limit: 10, suggest: true }) as Array<{ result: string[] }>).flatMap((f) => f.result))].slice(0, 10),
    };
  },
  orama: () => {
    const db = create({ schema: { id: 'string', title: 'string', abstract: 'string', authors: 'string' } as const });
    return {
      name: 'Orama (BM25)',
      build: (docs, deadline) => addAll(docs, deadline, (d) => void insert(db, d)),
      query: (q) => {
        const result = oramaSearch(db, { term: q, properties: ['title', 'abstract', 'authors'], boost: { title: 3, authors: 2 }, limit: 10 });
        if (result instanceof Promise) throw new Error('Orama answered asynchronously');
        return result.hits.map((h) => String(h.id));
      },
    };
  },
};
