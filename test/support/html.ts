import { expect } from 'vitest';

/**
 * Asserts HTML has nothing active in it: no script/img/svg/iframe/object/embed element, no
 * on* attribute and no javascript: URL on any real tag. Escaped text (`&lt;img onerror=…`) is fine.
 */
export function expectInert(html: string): void {
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    expect(tag).not.toMatch(/^<(script|img|svg|iframe|object|embed|form|base)\b/i);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):/i);
  }
}
