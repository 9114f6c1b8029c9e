import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/domain/errors.js';
import { readLines, type LineItem } from '../../../src/ingest/files/read-lines.js';
import { collect, scratchDir } from './helpers.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

async function lines(content: string | Buffer, options: Parameters<typeof readLines>[1] = {}): Promise<LineItem[]> {
  return collect(readLines(scratch.write('f.txt', content), options));
}

describe('readLines', () => {
  it('numbers physical lines and skips blank and whitespace-only ones', async () => {
    expect(await lines('a\n\nb\n   \n\tc\n')).toEqual([
      { lineNo: 1, line: 'a' },
      { lineNo: 3, line: 'b' },
      { lineNo: 5, line: '\tc' },
    ]);
  });

  it('strips CRLF endings, a UTF-8 BOM, and keeps a last line without newline', async () => {
    expect(await lines('\uFEFF{"a":1}\r\n\r\n{"b":2}\r\n{"c":3}')).toEqual([
      { lineNo: 1, line: '{"a":1}' },
      { lineNo: 3, line: '{"b":2}' },
      { lineNo: 4, line: '{"c":3}' },
    ]);
  });

  it('handles an empty file, a lone BOM and a file of blank lines', async () => {
    expect(await lines('')).toEqual([]);
    expect(await lines('\uFEFF')).toEqual([]);
    expect(await lines('\n\r\n  \n')).toEqual([]);
  });

  it('gives the same lines whatever the chunk size, with multi-byte UTF-8 split across reads', async () => {
    const text = ['Zoë Müller', '李明 and 王芳', '', 'Ωmega ∑ 🚀 rocket', 'x'.repeat(50), 'end'].join('\r\n');
    const expected = await lines(text);
    expect(expected.map((l) => l.line)).toEqual(['Zoë Müller', '李明 and 王芳', 'Ωmega ∑ 🚀 rocket', 'x'.repeat(50), 'end']);
    for (const chunkBytes of [1, 2, 3, 5, 7, 16, 64]) {
      expect(await lines(text, { chunkBytes })).toEqual(expected);
    }
  });

  it('reports lines over maxLineBytes without decoding them, and goes on', async () => {
    const long = 'y'.repeat(100);
    for (const chunkBytes of [8, 1024]) {
      expect(await lines(`short\n${long}\r\nafter\n${long}`, { maxLineBytes: 50, chunkBytes })).toEqual([
        { lineNo: 1, line: 'short' },
        { lineNo: 2, line: null, bytes: 101 },
        { lineNo: 3, line: 'after' },
        { lineNo: 4, line: null, bytes: 100 },
      ]);
    }
  });

  it('accepts a line of exactly maxLineBytes', async () => {
    expect(await lines(`${'z'.repeat(50)}\n`, { maxLineBytes: 50, chunkBytes: 7 })).toEqual([{ lineNo: 1, line: 'z'.repeat(50) }]);
  });

  it('throws InvalidInputError for a missing file or a directory', async () => {
    await expect(collect(readLines(`${scratch.dir}/nope.jsonl`))).rejects.toThrow(InvalidInputError);
    await expect(collect(readLines(`${scratch.dir}/nope.jsonl`))).rejects.toThrow(/no such file/);
    await expect(collect(readLines(scratch.dir))).rejects.toThrow(/is a directory/);
  });

  it('stops reading when the consumer breaks early', async () => {
    const path = scratch.write('many.txt', Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    let seen = 0;
    for await (const item of readLines(path, { chunkBytes: 64 })) {
      seen = item.lineNo;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
  });
});
