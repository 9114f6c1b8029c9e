import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Maildir delivery (the format mutt, Thunderbird's import and `mu` read): write the message
 * into tmp/, then rename into new/. The rename is atomic, so a reader never sees half a
 * message and a crash leaves at most a stray file in tmp/.
 */
let counter = 0;

export function deliverToMaildir(dir: string, raw: Buffer, now = new Date()): string {
  for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true });
  // time.pid_counter.host: unique per process and per message, sortable by time.
  const name = `${Math.floor(now.getTime() / 1000)}.M${String(now.getTime() % 1000).padStart(3, '0')}P${process.pid}Q${String(++counter).padStart(6, '0')}.${hostname().replace(/[/:]/g, '_')}`;
  const tmp = join(dir, 'tmp', name);
  writeFileSync(tmp, raw);
  const final = join(dir, 'new', name);
  renameSync(tmp, final);
  return final;
}

export interface MaildirEntry {
  path: string;
  name: string;
  mtimeMs: number;
}

/** Messages in new/ and cur/, newest first. */
export function listMaildir(dir: string): MaildirEntry[] {
  const entries: MaildirEntry[] = [];
  for (const sub of ['new', 'cur']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, sub, name);
      entries.push({ path, name, mtimeMs: statSync(path).mtimeMs });
    }
  }
  return entries.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? 1 : -1));
}

export function readMaildirMessage(path: string): Buffer {
  return readFileSync(path);
}
