import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PaperRecord, Rejection, SourceItem } from '../../../src/domain/paper.js';
import { screenItem } from '../../../src/ingest/pipeline.js';

/** The repository root (test/ingest/files -> ../../..). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/files');
/** The shared data folder next to the repository, present on the team's machines, absent on a fresh clone. */
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
/** A fixed clock: fixtures say "future" with 2099 dates, so any date in the 2020s works. */
export const NOW = new Date('2026-11-28T12:00:00Z');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Reads a source and applies the pipeline's validation, as an import would (clock: NOW). */
export async function screened(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  return (await collect(items)).map((item) => screenItem(item, NOW));
}

export function records(items: SourceItem[]): PaperRecord[] {
  return items.flatMap((i) => ('record' in i ? [i.record] : []));
}

export function rejections(items: SourceItem[]): Rejection[] {
  return items.flatMap((i) => ('rejected' in i ? [i.rejected] : []));
}

/** A scratch directory for files a test writes; call the returned cleanup in afterAll. */
export function scratchDir(): { dir: string; write: (name: string, content: string | Buffer) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-files-'));
  return {
    dir,
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
