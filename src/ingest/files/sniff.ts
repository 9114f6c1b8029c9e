import { open } from 'node:fs/promises';
import { fileError } from './scan-file.js';

/**
 * Looks at the start of a file to choose how to stream it. Reads at most a few 64 KiB
 * blocks (more only for a file that starts with a long run of whitespace).
 */

export interface FileHead {
  /** First non-whitespace character after an optional BOM; null for an empty file. */
  firstChar: string | null;
  /**
   * `values`: a JSON array, or a pretty-printed object whose `{` stands alone on its line;
   * stream with readJsonValues. `lines`: anything else; read line by line.
   */
  layout: 'values' | 'lines' | 'empty';
}

const BLOCK = 64 * 1024;

export async function sniffFile(path: string): Promise<FileHead> {
  let fh;
  try {
    fh = await open(path, 'r');
    const stat = await fh.stat();
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    const buf = Buffer.alloc(BLOCK);
    let first = -1;
    let position = 0;
    let n = 0;
    // Find the first content byte, skipping a BOM and whitespace.
    while (first < 0) {
      n = (await fh.read(buf, 0, BLOCK, position)).bytesRead;
      if (n === 0) return { firstChar: null, layout: 'empty' };
      const from = position === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      for (let i = from; i < n; i++) {
        if ((buf[i] as number) > 32) { first = i; break; }
      }
      if (first < 0) position += n;
    }
    const firstChar = String.fromCharCode(buf[first] as number);
    if (firstChar === '[') return { firstChar, layout: 'values' };
    if (firstChar !== '{') return { firstChar, layout: 'lines' };
    // `{` then only whitespace up to the newline: a pretty-printed object, not JSON Lines.
    for (let i = first + 1; i < n; i++) {
      const b = buf[i] as number;
      if (b === 10) return { firstChar, layout: 'values' };
      if (b > 32) return { firstChar, layout: 'lines' };
    }
    return { firstChar, layout: 'lines' };
  } catch (err) {
    throw fileError(path, err);
  } finally {
    await fh?.close();
  }
}
