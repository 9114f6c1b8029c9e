import { describe, expect, it } from 'vitest';
import { cleanDisplayName, cleanHandle, handleRevealsEmail, randomHandle, RESERVED_HANDLES } from '../../src/domain/user-names.js';

describe('handles', () => {
  it('accepts 3-24 URL-safe characters, forgiving case and surrounding space', () => {
    expect(cleanHandle(' Ada_L-1 ')).toBe('ada_l-1');
    expect(cleanHandle('abc')).toBe('abc');
    expect(cleanHandle('a'.repeat(24))).toBe('a'.repeat(24));
    for (const bad of ['ab', 'a'.repeat(25), '-ab', 'ab_', 'a b', 'a/b', 'ada.l', 'ädä', '', null, 42]) expect(() => cleanHandle(bad), String(bad)).toThrow(/3 to 24/);
  });

  it('refuses reserved words, whatever their case', () => {
    for (const word of ['admin', 'Moderation', 'WELCOME', 'paperboy', 'api']) expect(() => cleanHandle(word)).toThrow(/reserved/);
    for (const word of RESERVED_HANDLES) if (word.length >= 3) expect(() => cleanHandle(word)).toThrow();
  });

  it('makes random handles that pass the rules and say nothing about anyone', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const h = randomHandle();
      expect(cleanHandle(h)).toBe(h);
      expect(h).toMatch(/^reader-[a-km-z2-9]{5}$/);
      seen.add(h);
    }
    expect(seen.size).toBeGreaterThan(190);
  });

  it('tells handles made from the address', () => {
    expect(handleRevealsEmail('alice', 'alice@lab.example')).toBe(true);
    expect(handleRevealsEmail('alicesmith2', 'alice.smith+papers@lab.example')).toBe(true);
    expect(handleRevealsEmail('reader-7f3k2', 'alice@lab.example')).toBe(false);
    expect(handleRevealsEmail('bob', 'al@lab.example')).toBe(false);
  });
});

describe('display names', () => {
  it('keeps free text up to 50 characters, folds runs of spaces, empty is none', () => {
    expect(cleanDisplayName('  Marie   Skłodowska-Curie ')).toBe('Marie Skłodowska-Curie');
    expect(cleanDisplayName('<b>&</b>')).toBe('<b>&</b>');
    expect(cleanDisplayName('名'.repeat(50))).toBe('名'.repeat(50));
    expect(cleanDisplayName('   ')).toBeNull();
    expect(cleanDisplayName(undefined)).toBeNull();
    expect(() => cleanDisplayName('n'.repeat(51))).toThrow(/at most 50/);
  });

  it('refuses control characters and text-direction overrides', () => {
    for (const bad of ['a\nb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b', 'evil\u202Eeman', 'x\u2067y']) expect(() => cleanDisplayName(bad), JSON.stringify(bad)).toThrow(/control characters/);
  });
});
