/**
 * Snapshot generations in a directory that several processes may share (SEARCH_SNAPSHOT_DIR):
 *
 *   <dir>/gen-<seq>-<pid>-<random>/   one snapshot, its files written and fsynced, never changed after
 *   <dir>/current                     the name of the newest published generation
 *
 * A writer fills a new generation directory, fsyncs it, then replaces `current` (a temporary
 * file renamed over it, so a reader sees the old name or the new one, never half of either) and
 * prunes all but the current generation and the one before it. A reader follows `current` and
 * opens that generation's files only, so it never pairs files of two writers; when a generation
 * vanished under it (pruned) it reads `current` again, and when one is damaged it falls back to
 * the older generations, newest first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const CURRENT = 'current';
const GENERATION = /^gen-(\d+)-\d+-[0-9a-f]+$/;
/** Files of the single-directory layout before generations: removed at the first publish. */
const LEGACY_FILES = ['lexical.idx', 'facets.bin', 'meta.json', 'lexical.idx.tmp', 'facets.bin.tmp', 'meta.json.tmp'];
/** Times a reader reads `current` again after the generation it named vanished. */
const VANISHED_RETRIES = 3;

/**
 * Writes `parts` to `path` and fsyncs it. Asynchronous: at 1M papers a generation is ~1 GB, and
 * written with the synchronous calls it kept the serving thread from answering for ~12 s.
 */
export async function writeDurable(path: string, parts: readonly Uint8Array[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (const p of parts) {
      for (let at = 0; at < p.byteLength; ) at += (await file.write(p, at, p.byteLength - at)).bytesWritten;
    }
    await file.sync();
  } finally {
    await file.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The name of the published generation, or null. */
export function currentGeneration(dir: string): string | null {
  try {
    const name = readFileSync(join(dir, CURRENT), 'utf8').trim();
    return GENERATION.test(name) ? name : null;
  } catch {
    return null;
  }
}

function seqOf(name: string): number {
  return Number(GENERATION.exec(name)?.[1] ?? -1);
}

/** Generation directories in `dir`, newest (highest sequence) first. */
function generations(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => GENERATION.test(n)).sort((a, b) => seqOf(b) - seqOf(a));
}

/**
 * Writes a new generation through `write` (given its directory; it writes each file with
 * writeDurable), then makes it the current one and prunes older ones. The caller makes sure one
 * process publishes at a time (search-index.ts takes a lock), and gives `write` bytes that no
 * longer change (copies), since the serving thread goes on while they are written; readers need
 * no lock.
 */
export async function publishGeneration(dir: string, seq: number, write: (genDir: string) => Promise<void>): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = `gen-${seq}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const genDir = join(dir, name);
  await mkdir(genDir);
  try {
    await write(genDir);
    await fsyncDir(genDir);
    const tmp = join(dir, `${CURRENT}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    await writeDurable(tmp, [Buffer.from(`${name}\n`)]);
    await rename(tmp, join(dir, CURRENT));
    await fsyncDir(dir);
  } catch (err) {
    await rm(genDir, { recursive: true, force: true });
    throw err;
  }
  await prune(dir, name);
  return name;
}

/**
 * Removes every generation but `current` and the newest other one (a reader that read `current`
 * just before the switch may still be opening it), and what a writer that died left behind.
 */
async function prune(dir: string, current: string): Promise<void> {
  const keep = new Set([current, generations(dir).find((n) => n !== current && seqOf(n) <= seqOf(current))]);
  for (const name of generations(dir)) if (!keep.has(name)) await rm(join(dir, name), { recursive: true, force: true });
  for (const name of await readdir(dir)) {
    if (name.startsWith(`${CURRENT}.tmp-`) || LEGACY_FILES.includes(name)) await rm(join(dir, name), { force: true });
  }
}

/**
 * Opens the newest usable generation with `open`: the current one, else (damaged, of another
 * store or format: `open` throws) the older ones, newest first. A generation that vanished while
 * it was being opened (pruned by a writer) sends the reader back to `current`. Null when none opens;
 * `log` hears why each one was passed over.
 */
export async function openNewestGeneration<T>(dir: string, open: (genDir: string, name: string) => Promise<T>, log: (line: string) => void = () => {}): Promise<{ value: T; name: string } | null> {
  for (let attempt = 0; attempt <= VANISHED_RETRIES; attempt++) {
    const current = currentGeneration(dir);
    const candidates = [...new Set([...(current ? [current] : []), ...generations(dir)])];
    let vanished = false;
    for (const name of candidates) {
      const genDir = join(dir, name);
      try {
        return { value: await open(genDir, name), name };
      } catch (err) {
        if (!existsSync(genDir)) {
          vanished = true;
          break;
        }
        log(`search index: snapshot ${name} not used (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    if (!vanished) return null;
  }
  return null;
}
