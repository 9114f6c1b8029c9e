import { describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../src/domain/paper.js';
import { checkDate, cleanHttpUrl, validateRecord } from '../../src/domain/paper-rules.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const ok: PaperRecord = { source: 'jsonl', id: '2401.00001', title: 'A title', submittedAt: '2024-01-01T00:00:00.000Z', upvotes: 3, version: 2 };

describe('validateRecord', () => {
  it('accepts a plausible record and an old-style id', () => {
    expect(validateRecord(ok, NOW)).toBeNull();
    expect(validateRecord({ ...ok, id: 'hep-th/9901001' }, NOW)).toBeNull();
  });

  it.each([
    [{ id: '' }, 'missing id'],
    [{ id: 'abc' }, /^invalid arXiv id "abc"/],
    [{ id: '2401.00001v2' }, 'id "2401.00001v2" is not canonical (expected 2401.00001)'],
    [{ title: '  ' }, 'empty title'],
    [{ version: 0 }, 'invalid version 0: versions start at 1'],
    [{ version: 1.5 }, 'invalid version 1.5: versions start at 1'],
    [{ versions: [{ version: 0, submittedAt: '2024-01-01T00:00:00.000Z' }] }, 'invalid version 0: versions start at 1'],
    [{ submittedAt: '1985-06-01T00:00:00.000Z' }, 'submitted date 1985-06-01 is before 1991-01-01 (arXiv began in 1991)'],
    [{ updatedAt: '2026-11-30T00:00:00.000Z' }, 'updated date 2026-11-30 is in the future'],
    [{ dailyAt: 'soon' }, 'daily date "soon" is not a date'],
    [{ upvotes: -1 }, 'upvotes must be a non-negative integer, got -1'],
    [{ upvotes: 0.5 }, 'upvotes must be a non-negative integer, got 0.5'],
    [{ upvotes: Number.NaN }, 'upvotes must be a non-negative integer, got NaN'],
  ] as [Partial<PaperRecord>, string | RegExp][])('rejects %o', (patch, reason) => {
    const got = validateRecord({ ...ok, ...patch }, NOW);
    if (typeof reason === 'string') expect(got).toBe(reason);
    else expect(got).toMatch(reason);
  });

  it('allows one day of clock slack', () => {
    expect(checkDate('d', '2026-11-29T11:59:59.000Z', NOW)).toBeNull();
    expect(checkDate('d', '2026-11-29T12:00:01.000Z', NOW)).toBe('d 2026-11-29 is in the future');
    expect(checkDate('d', '1991-01-01T00:00:00.000Z', NOW)).toBeNull();
  });
});

describe('cleanHttpUrl', () => {
  it('keeps http(s) URLs only', () => {
    expect(cleanHttpUrl(' https://github.com/a/b ')).toBe('https://github.com/a/b');
    expect(cleanHttpUrl('http://example.org')).toBe('http://example.org');
    expect(cleanHttpUrl('javascript:alert(1)')).toBeNull();
    expect(cleanHttpUrl('data:text/html,<script>')).toBeNull();
    expect(cleanHttpUrl('github.com/a/b')).toBeNull();
    expect(cleanHttpUrl(42)).toBeNull();
  });
});
