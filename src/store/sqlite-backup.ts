import { renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';

/**
 * Copies a live SQLite store to `dest` with SQLite's online backup API (better-sqlite3's
 * `backup()`): pages are copied in steps on a connection of its own, a running `serve` keeps
 * reading and writing, and pages written meanwhile are copied again, so the copy is one
 * consistent moment of the store. Written to `dest.partial` and renamed when complete, so a
 * file at `dest` is always a whole backup.
 */
export async function backupSqliteFile(source: string, dest: string, onProgress?: (fraction: number) => void): Promise<{ pages: number }> {
  const conn = new SQLite(source, { fileMustExist: true });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  try {
    conn.pragma('busy_timeout = 10000');
    const result = await conn.backup(partial, {
      progress({ totalPages, remainingPages }) {
        onProgress?.(totalPages ? (totalPages - remainingPages) / totalPages : 1);
        return 1_000; // pages per step (4 MB at 4 KB pages): the writer waits at most a few ms between steps
      },
    });
    renameSync(partial, dest);
    return { pages: result.totalPages };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    conn.close();
  }
}
