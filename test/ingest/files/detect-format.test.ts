import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/domain/errors.js';
import {
  classifyObject, detectFormat, PAPER_FILE_FORMAT_CHOICES, PAPER_FILE_FORMATS, parsePaperFileFormat, readPaperFile,
} from '../../../src/ingest/files/detect-format.js';
import { collect, screened, fixture, NOW, records, scratchDir } from './helpers.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

describe('detectFormat', () => {
  it('recognizes each fixture', async () => {
    expect(await detectFormat(fixture('hf-daily-page.json'))).toBe('hf-daily');
    expect(await detectFormat(fixture('hf-paper-flat.json'))).toBe('hf-daily');
    expect(await detectFormat(fixture('hf-daily.jsonl'))).toBe('hf-daily');
    expect(await detectFormat(fixture('arxiv-snapshot.jsonl'))).toBe('arxiv-snapshot');
    expect(await detectFormat(fixture('paperboy.jsonl'))).toBe('jsonl');
  });

  it('steps over malformed and unclassifiable leading lines, a BOM and blank lines', async () => {
    const path = scratch.write('messy.jsonl', '\uFEFF\n{"broken": \n{"id": "x"}\n\n{"id": "2401.00001", "title": "T", "published": "2024-01-02"}\n');
    expect(await detectFormat(path)).toBe('jsonl');
  });

  it('calls an empty array an (empty) daily-papers page', async () => {
    expect(await detectFormat(scratch.write('empty-page.json', '[]\n'))).toBe('hf-daily');
  });

  it('throws InvalidInputError with a clear message when it cannot tell', async () => {
    const cases: [string, string, RegExp][] = [
      ['empty.jsonl', '', /is empty/],
      ['blank.jsonl', '\n  \n', /is empty/],
      ['csv.csv', 'id,title\n2401.00001,T\n', /starts with "i", not with a JSON array or object/],
      ['unknown.jsonl', '{"name": "x", "size": 3}\n', /the first record has keys name, size; pass --format hf-daily \| arxiv-snapshot \| jsonl/],
      ['garbage.jsonl', '{nope\n{also nope\n', /the first 2 records are not JSON objects/],
    ];
    for (const [name, content, message] of cases) {
      const path = scratch.write(name, content);
      await expect(detectFormat(path)).rejects.toThrow(InvalidInputError);
      await expect(detectFormat(path)).rejects.toThrow(message);
    }
    await expect(detectFormat(`${scratch.dir}/missing.jsonl`)).rejects.toThrow(/no such file/);
    await expect(detectFormat(scratch.dir)).rejects.toThrow(/is a directory/);
  });
});

describe('classifyObject', () => {
  it('uses keys only one format has', () => {
    expect(classifyObject({ paper: {}, publishedAt: '' })).toBe('hf-daily');
    expect(classifyObject({ id: '1', discussionId: 'd' })).toBe('hf-daily');
    expect(classifyObject({ id: '1', summary: 's', publishedAt: 'p' })).toBe('hf-daily');
    expect(classifyObject({ id: '1', authors_parsed: [] })).toBe('arxiv-snapshot');
    expect(classifyObject({ id: '1', update_date: '2020-01-01' })).toBe('arxiv-snapshot');
    expect(classifyObject({ id: '1', published: '2020-01-01' })).toBe('jsonl');
    expect(classifyObject({ published: '2020-01-01' })).toBeNull();
  });
});

describe('readPaperFile', () => {
  it('detects the format for auto and sets sourceRef to the basename', async () => {
    const items = await screened(readPaperFile(fixture('arxiv-snapshot.jsonl'), 'auto'));
    expect(records(items).map((r) => [r.source, r.sourceRef])).toContainEqual(['arxiv-snapshot', 'arxiv-snapshot.jsonl']);
    expect(items).toHaveLength(12);
  });

  it('reports bytes read for progress, ending at the file size', async () => {
    const { statSync } = await import('node:fs');
    for (const name of ['paperboy.jsonl', 'hf-daily-page.json']) {
      const seen: number[] = [];
      await screened(readPaperFile(fixture(name), 'auto', { chunkBytes: 256, onBytes: (n) => seen.push(n) }));
      expect(seen.length).toBeGreaterThan(1);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.at(-1)).toBe(statSync(fixture(name)).size);
    }
  });

  it('reads with an explicit format', async () => {
    const items = await screened(readPaperFile(fixture('paperboy.jsonl'), 'jsonl'));
    expect(records(items).every((r) => r.source === 'jsonl')).toBe(true);
  });

  it('lists and validates format names', () => {
    expect(PAPER_FILE_FORMATS).toEqual(['hf-daily', 'arxiv-snapshot', 'jsonl']);
    expect(PAPER_FILE_FORMAT_CHOICES).toEqual(['auto', 'hf-daily', 'arxiv-snapshot', 'jsonl']);
    expect(parsePaperFileFormat('arxiv-snapshot')).toBe('arxiv-snapshot');
    expect(() => parsePaperFileFormat('csv')).toThrow('unknown format "csv": expected one of auto, hf-daily, arxiv-snapshot, jsonl');
  });
});
