import { type ChunkScanner, scanFile } from './scan-file.js';

/**
 * Looks at the start of a file (decompressed, if it is: compressed-file.ts) to choose how to
 * stream it. Reads one 64 KiB block, more only for a file that starts with a long run of whitespace.
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

/** Reads the (decompressed) start of the file until the layout is known: usually one block. */
export async function sniffFile(path: string): Promise<FileHead> {
  const scanner = new HeadScanner();
  for await (const _ of scanFile(path, scanner, { chunkBytes: BLOCK })) {
    // HeadScanner yields nothing; it stops the scan once it knows.
  }
  return scanner.head ?? scanner.endOfFile();
}

class HeadScanner implements ChunkScanner<never> {
  head: FileHead | null = null;
  private firstChar: string | null = null;
  private offset = 0;

  get failed(): boolean {
    return this.head !== null;
  }

  push(chunk: Buffer): never[] {
    // A BOM (EF BB BF) at the very start is skipped.
    let i = this.offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    this.offset += chunk.length;
    for (; i < chunk.length && this.head === null; i++) {
      const b = chunk[i] as number;
      if (this.firstChar === null) {
        if (b <= 32) continue;
        this.firstChar = String.fromCharCode(b);
        if (this.firstChar === '[') this.head = { firstChar: this.firstChar, layout: 'values' };
        else if (this.firstChar !== '{') this.head = { firstChar: this.firstChar, layout: 'lines' };
        continue;
      }
      // `{` then only whitespace up to the newline: a pretty-printed object, not JSON Lines.
      if (b === 10) this.head = { firstChar: this.firstChar, layout: 'values' };
      else if (b > 32) this.head = { firstChar: this.firstChar, layout: 'lines' };
    }
    return [];
  }

  end(): null {
    return null;
  }

  endOfFile(): FileHead {
    return this.firstChar === null ? { firstChar: null, layout: 'empty' } : { firstChar: this.firstChar, layout: 'lines' };
  }
}
