import { afterAll, describe, expect, it } from 'vitest';
import { readJsonValues, type JsonValueItem } from '../../../src/ingest/files/read-json-values.js';
import { collect, scratchDir } from './helpers.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

async function values(content: string, options: Parameters<typeof readJsonValues>[1] = {}): Promise<JsonValueItem[]> {
  return collect(readJsonValues(scratch.write('v.json', content), options));
}

/** Parsed values, for comparing scans independent of whitespace. */
async function parsed(content: string, chunkBytes?: number): Promise<unknown[]> {
  return (await values(content, { chunkBytes })).map((v) => (v.kind === 'value' ? JSON.parse(v.text) : v));
}

describe('readJsonValues', () => {
  it('yields the elements of an array with record and line numbers', async () => {
    const items = await values('[\n  {"a": 1},\n  {"b": [1, 2, {"c": "]}"}]}\n]\n');
    expect(items).toEqual([
      { kind: 'value', recordNo: 1, lineNo: 2, text: '{"a": 1}' },
      { kind: 'value', recordNo: 2, lineNo: 3, text: '{"b": [1, 2, {"c": "]}"}]}' },
    ]);
  });

  it('is not fooled by brackets, commas and escaped quotes inside strings, at any chunk size', async () => {
    const doc = JSON.stringify([{ t: 'a "quoted" [x], {y}', u: '\\' }, { t: '\\"]' }, 'plain', 12, null, [1, [2]], { z: 'Zoë 🚀' }]);
    const expected = JSON.parse(doc) as unknown[];
    for (const chunkBytes of [1, 2, 3, 7, 64, 1 << 20]) expect(await parsed(doc, chunkBytes)).toEqual(expected);
  });

  it('reads back-to-back arrays, pretty-printed objects, JSON Lines, empty arrays and a BOM', async () => {
    expect(await parsed('[{"a":1}][{"b":2}]\n[]')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await parsed('{\n  "a": {"x": 1}\n}\n{\n  "b": 2\n}\n')).toEqual([{ a: { x: 1 } }, { b: 2 }]);
    expect(await parsed('{"a":1}\n{"b":2}\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await parsed('\uFEFF [ ] ')).toEqual([]);
    expect(await parsed('[{"a":1},]')).toEqual([{ a: 1 }]);
  });

  it('passes a malformed element on (JSON.parse rejects it) and keeps scanning', async () => {
    const items = await values('[{"a":1}, {"b":}, {"c":3}]');
    expect(items.map((i) => (i.kind === 'value' ? i.text : i.kind))).toEqual(['{"a":1}', '{"b":}', '{"c":3}']);
  });

  it('ends with an error item for a truncated file or text outside any array', async () => {
    expect((await values('[{"a":1}, {"b":')).at(-1)).toEqual({
      kind: 'error', recordNo: 2, lineNo: 1, message: 'file ends inside record 2 (truncated or unbalanced JSON)',
    });
    expect(await values('[{"a":1}')).toEqual([
      { kind: 'error', recordNo: 1, lineNo: 1, message: 'file ends inside record 1 (truncated or unbalanced JSON)' },
    ]);
    expect(await values('[{"a":1},\n')).toEqual([
      { kind: 'value', recordNo: 1, lineNo: 1, text: '{"a":1}' },
      { kind: 'error', recordNo: 2, lineNo: 2, message: 'file ends inside the JSON array (truncated or unbalanced JSON)' },
    ]);
    expect(await values('[{"a":1}]\nnot json')).toEqual([
      { kind: 'value', recordNo: 1, lineNo: 1, text: '{"a":1}' },
      { kind: 'error', recordNo: 2, lineNo: 2, message: 'unexpected "n" at line 2: expected a JSON array or object' },
    ]);
  });

  it('reports elements over the limit without decoding them', async () => {
    const big = JSON.stringify({ x: 'y'.repeat(100) });
    for (const chunkBytes of [5, 1 << 20]) {
      const items = await values(`[${big}, {"ok": true}]`, { maxValueBytes: 50, chunkBytes });
      expect(items).toEqual([
        { kind: 'oversized', recordNo: 1, lineNo: 1, bytes: big.length },
        { kind: 'value', recordNo: 2, lineNo: 1, text: '{"ok": true}' },
      ]);
    }
  });
});
