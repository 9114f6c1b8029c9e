import { expect } from 'vitest';

/**
 * A strict reader of the HTML these renderers produce: every `<` must open a well-formed tag
 * with an allowed name and allowed double-quoted attributes, links must be http(s), styles
 * must hold no url()/expression(), and text between tags holds no `<` or `>`. Stricter than
 * test/support/html.ts (an allow-list, not a deny-list) and aware of KaTeX's static <svg>.
 */
const TAGS = new Set(['span', 'strong', 'em', 'code', 'pre', 'p', 'br', 'ul', 'ol', 'li', 'blockquote', 'a', 'svg', 'path', 'line']);
const ATTRIBUTES = new Set(['class', 'style', 'aria-hidden', 'aria-label', 'role', 'href', 'rel', 'start', 'xmlns', 'width', 'height', 'viewbox', 'preserveaspectratio', 'd', 'x1', 'x2', 'y1', 'y2', 'stroke-width', 'title']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+="[^"<>]*")*)\s*(\/?)>/y;

export function safeHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const text = html.slice(i, lt < 0 ? html.length : lt);
    if (text.includes('>')) problems.push(`raw > in text: ${text.slice(0, 60)}`);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${html.slice(lt, lt + 60)}`);
      break;
    }
    const name = m[2]!.toLowerCase();
    if (!TAGS.has(name)) problems.push(`tag <${name}>`);
    for (const [, attr, value] of m[3]!.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) {
      const a = attr!.toLowerCase();
      if (!ATTRIBUTES.has(a)) problems.push(`attribute ${a} on <${name}>`);
      if (a === 'href' && !/^https?:\/\//i.test(value!)) problems.push(`href ${value}`);
      if (a === 'style' && /url\(|expression|javascript|@import|\\/i.test(value!)) problems.push(`style ${value}`);
    }
    i = lt + m[0].length;
  }
  return problems;
}

export function expectSafeHtml(html: string): void {
  expect(safeHtmlProblems(html), html.slice(0, 300)).toEqual([]);
  // Payloads may survive as escaped text (`&lt;img onerror=…`); as markup they may not.
  expect(html).not.toMatch(/<script/i);
}
