import { describe, expect, it } from 'vitest';
import { cleanAdditionNote, cleanAdditionUrl, cleanAuthorAdditions, describeAdditionChanges } from '../../src/domain/author-additions.js';
import { authorQueryKeys } from '../../src/domain/author-names.js';
import { periodKeyOf, periodOf } from '../../src/domain/feed-periods.js';

describe('author additions', () => {
  it('keeps absolute http(s) addresses and refuses every other kind with the field named', () => {
    expect(cleanAdditionUrl(' https://github.com/a/b ', 'code link')).toBe('https://github.com/a/b');
    expect(cleanAdditionUrl('', 'code link')).toBeNull();
    expect(cleanAdditionUrl(undefined, 'code link')).toBeNull();
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'ftp://a.example.org/', 'file:///etc/passwd', '//a.example.org/x', 'https://user:pw@a.example.org/', 'http://localhost/', `https://a.example.org/${'x'.repeat(2000)}`, 'https://a.example.org/\u0000x']) {
      expect(() => cleanAdditionUrl(bad, 'code link'), bad.slice(0, 40)).toThrow(/^code link: /);
    }
  });

  it('a note is plain text up to 500 characters, line breaks kept, control characters refused', () => {
    expect(cleanAdditionNote('  a\r\nb  ')).toBe('a\nb');
    expect(cleanAdditionNote('é'.repeat(500))).toHaveLength(500);
    expect(() => cleanAdditionNote('x'.repeat(501))).toThrow(/at most 500/);
    expect(() => cleanAdditionNote('a\u0007b')).toThrow(/control/);
    expect(cleanAuthorAdditions({})).toEqual({ codeUrl: null, projectUrl: null, note: null });
  });

  it('says what changed for the public log, and nothing when nothing did', () => {
    const a = { codeUrl: 'https://c.example.org/', projectUrl: null, note: 'hi' };
    expect(describeAdditionChanges(undefined, a)).toBe('code link set to https://c.example.org/; note set to "hi"');
    expect(describeAdditionChanges(a, a)).toBe('');
    expect(describeAdditionChanges(a, { ...a, codeUrl: null, note: 'x'.repeat(200) })).toBe(`code link removed; note changed to "${'x'.repeat(79)}…"`);
  });
});

describe('author names in search queries', () => {
  it('folds a name as author keys do, both word orders and split keys; skips quotes, long queries and arXiv ids', () => {
    expect(authorQueryKeys('José Núñez')).toEqual(['jose nunez', 'jose nunez#1', 'jose nunez#2', 'jose nunez#3', 'nunez jose', 'nunez jose#1', 'nunez jose#2', 'nunez jose#3']);
    expect(authorQueryKeys('Eric P. Xing')[0]).toBe('eric xing');
    expect(authorQueryKeys('Xing, Eric')[0]).toBe('eric xing');
    for (const q of ['', '  ', '"Eric Xing"', 'a b c d e f', '2401.01234', 'arXiv:2401.01234v2', 'hep-th/9901001', 'ab']) expect(authorQueryKeys(q), q).toEqual([]);
  });
});

describe('periods by kind', () => {
  it('parses each kind and gives the key of the period holding a day', () => {
    expect(periodOf('week', '2026-W48').from).toBe('2026-11-23');
    expect(periodOf('month', '2026-11').to).toBe('2026-11-30');
    expect(() => periodOf('date', '2026-13-01')).toThrow();
    expect(['date', 'week', 'month'].map((k) => periodKeyOf(k as 'date', '2026-11-27'))).toEqual(['2026-11-27', '2026-W48', '2026-11']);
  });
});
