import { escapeHtml } from '../../domain/html-escape.js';
import { mathToPlainText } from '../../domain/math-text.js';
import { renderMathText } from './math.js';

/**
 * The Markdown subset of comments, safe by construction: the source is never passed through as
 * HTML; every character is escaped, and only the structure below is built around it.
 * - blocks: paragraphs (blank line), line breaks, ``` fenced code, `> ` quotes, `- ` and `1. `
 *   lists (flat)
 * - inline: `code`, $math$ (KaTeX, trust off), [text](https://…), bare https:// links,
 *   **strong**, *em* / _em_, backslash escapes (\*)
 * Links are http(s) only and carry rel="nofollow ugc noopener". Every regex is a single pass over
 * negated character classes that stop at the next delimiter, so time is linear in the input
 * (10 kB of `*[` renders in about a millisecond).
 */
export function renderCommentMarkdown(src: string): string {
  const out: string[] = [];
  for (const block of blocks(src)) {
    if (block.kind === 'code') out.push(`<pre><code>${escapeHtml(block.lines.join('\n'))}</code></pre>`);
    else if (block.kind === 'quote') out.push(`<blockquote><p>${block.lines.map(inline).join('<br>')}</p></blockquote>`);
    else if (block.kind === 'ul') out.push(`<ul>${block.lines.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`);
    else if (block.kind === 'ol') out.push(`<ol${block.start === 1 ? '' : ` start="${block.start}"`}>${block.lines.map((l) => `<li>${inline(l)}</li>`).join('')}</ol>`);
    else out.push(`<p>${block.lines.map(inline).join('<br>')}</p>`);
  }
  return out.join('\n');
}

/**
 * A comment as plain text for feeds and mail: Markdown punctuation removed, links as
 * `text (url)`, math as readable text. Callers escape it for the place it goes.
 */
export function commentPlainText(src: string): string {
  const out: string[] = [];
  for (const block of blocks(src)) {
    if (block.kind === 'code') out.push(block.lines.join('\n'));
    else if (block.kind === 'quote') out.push(block.lines.map((l) => `> ${inlinePlain(l)}`).join('\n'));
    else if (block.kind === 'ul') out.push(block.lines.map((l) => `- ${inlinePlain(l)}`).join('\n'));
    else if (block.kind === 'ol') out.push(block.lines.map((l, k) => `${block.start + k}. ${inlinePlain(l)}`).join('\n'));
    else out.push(block.lines.map(inlinePlain).join('\n'));
  }
  return out.join('\n\n').trim();
}

type Block = { kind: 'p' | 'code' | 'quote' | 'ul'; lines: string[] } | { kind: 'ol'; lines: string[]; start: number };

const FENCE = /^\s{0,3}```/;
const QUOTE = /^\s{0,3}>/;
const BULLET = /^\s{0,3}[-*+]\s+(?=\S)/;
const NUMBER = /^\s{0,3}(\d{1,9})[.)]\s+(?=\S)/;

/** Splits the source into blocks; each line is looked at once. */
function blocks(src: string): Block[] {
  // NUL and U+0001 mark placeholders in inline(); they have no business in a comment.
  const lines = src.replace(/[\u0000\u0001]/g, '').replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let i = 0;
  const take = (ok: (line: string) => boolean, strip: RegExp): string[] => {
    const taken: string[] = [];
    while (i < lines.length && ok(lines[i]!)) taken.push(lines[i++]!.replace(strip, ''));
    return taken;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      i++;
      const body: string[] = [];
      while (i < lines.length && !FENCE.test(lines[i]!)) body.push(lines[i++]!);
      i++; // the closing fence; an unclosed fence runs to the end, as in CommonMark
      out.push({ kind: 'code', lines: body });
    } else if (line.trim() === '') i++;
    else if (QUOTE.test(line)) out.push({ kind: 'quote', lines: take((l) => QUOTE.test(l), /^\s{0,3}>\s?/) });
    else if (BULLET.test(line)) out.push({ kind: 'ul', lines: take((l) => BULLET.test(l), BULLET) });
    else if (NUMBER.test(line)) {
      const start = Number(NUMBER.exec(line)![1]);
      out.push({ kind: 'ol', start, lines: take((l) => NUMBER.test(l), NUMBER) });
    } else {
      const para: string[] = [line];
      i++;
      while (i < lines.length && lines[i]!.trim() !== '' && ![FENCE, QUOTE, BULLET, NUMBER].some((re) => re.test(lines[i]!))) para.push(lines[i++]!);
      out.push({ kind: 'p', lines: para });
    }
  }
  return out;
}

/**
 * One inline token a match: backslash escape | code span | inline math | [text](url) | bare URL.
 * Math follows Pandoc: `$` opens before a non-space and closes after one, not before a digit,
 * so "costs $5 and $10" stays text. Labels stop at the next `[`, URLs at the next paren.
 */
const TOKEN =
  /\\([\\`*_[\]$#>~-])|`([^`\n]{1,2000})`|(\$(?=[^\s$])[^$\n]{1,1000}(?<=[^\s\\])\$)(?!\d)|\[([^[\]\n]{1,500})\]\(([^()\s]{1,2000})\)|(https?:\/\/[^\s<>"'`]{1,2000})/g;

type Token = { kind: 'escape' | 'code' | 'math' | 'url'; text: string } | { kind: 'link'; label: string; url: string };

/** The token a match stands for, and how much of the input it takes. */
function tokenOf(m: RegExpMatchArray): [Token, number] {
  if (m[1] !== undefined) return [{ kind: 'escape', text: m[1] }, m[0].length];
  if (m[2] !== undefined) return [{ kind: 'code', text: m[2] }, m[0].length];
  if (m[3] !== undefined) return [{ kind: 'math', text: m[3] }, m[0].length];
  if (m[4] !== undefined) return [{ kind: 'link', label: m[4], url: m[5]! }, m[0].length];
  // A bare URL leaves the punctuation that ends the sentence around it to the prose.
  const url = m[6]!.slice(0, urlLength(m[6]!));
  return [{ kind: 'url', text: url }, url.length];
}

/**
 * Inline Markdown. Tokens become numbered placeholders (NUL n U+0001) so emphasis can span
 * them but never cut into them, then are put back. `escapeText` escapes the prose between
 * tokens (for HTML, or not at all); `render` renders a token, or returns null to leave it prose.
 */
function inlineWith(text: string, escapeText: (s: string) => string, render: (t: Token) => string | null, tags?: string[]): string {
  const parts: string[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const [token, length] = tokenOf(m);
    const rendered = render(token);
    if (rendered === null) continue;
    out += `${escapeText(text.slice(last, m.index))}\u0000${parts.length}\u0001`;
    parts.push(rendered);
    last = m.index + length;
  }
  out += escapeText(text.slice(last));
  // Placeholders hold no `*` or `_`, and escaped text no `<` or `"`: no tag can be forged.
  return emphasis(out, tags).replace(/\u0000(\d+)\u0001/g, (_, k: string) => parts[Number(k)]!);
}

function inline(text: string): string {
  return inlineWith(text, escapeHtml, (t) => {
    if (t.kind === 'link') return anchor(t.url, t.label); // null (stays prose) unless http(s)
    if (t.kind === 'code') return `<code>${escapeHtml(t.text)}</code>`;
    if (t.kind === 'math') return renderMathText(t.text, { display: false });
    if (t.kind === 'url') return anchor(t.text, t.text) ?? escapeHtml(t.text);
    return escapeHtml(t.text);
  });
}

function inlinePlain(text: string): string {
  const plain = (t: Token) => {
    if (t.kind === 'link') return /^https?:\/\//i.test(t.url) ? `${t.label} (${t.url})` : null;
    return t.kind === 'math' ? mathToPlainText(t.text) : t.text;
  };
  return inlineWith(text, (s) => s, plain, ['', '', '', '']);
}

const STRONG = /\*\*(?=[^\s*])([^*\n]{1,1000}?)(?<=[^\s*])\*\*/g;
const EM_STAR = /(^|[^\w*])\*(?=[^\s*])([^*\n]{1,1000}?)(?<=[^\s*])\*(?![\w*])/g;
const EM_UNDERSCORE = /(^|[^\p{L}\p{N}_])_(?=[^\s_])([^_\n]{1,1000}?)(?<=[^\s_])_(?![\p{L}\p{N}_])/gu;

/**
 * *em* / _em_ first, then **strong** around them. Each match scans only to the next `*` or `_`,
 * so the work is linear. `snake_case` and `2*3*4` keep their characters.
 */
function emphasis(s: string, tags = ['<em>', '</em>', '<strong>', '</strong>']): string {
  const [em, emEnd, strong, strongEnd] = tags as [string, string, string, string];
  return s
    .replace(EM_STAR, (_, pre: string, body: string) => `${pre}${em}${body}${emEnd}`)
    .replace(EM_UNDERSCORE, (_, pre: string, body: string) => `${pre}${em}${body}${emEnd}`)
    .replace(STRONG, (_, body: string) => `${strong}${body}${strongEnd}`);
}

function anchor(url: string, label: string): string | null {
  if (!/^https?:\/\/[^/\s]/i.test(url)) return null;
  return `<a href="${escapeHtml(url)}" rel="nofollow ugc noopener">${escapeHtml(label)}</a>`;
}

/**
 * How much of a bare URL is the URL: not the punctuation ending the sentence around it
 * ("see https://x.org/a.", "(https://x.org/a)", "**https://x.org**"), but the ")" of
 * "…/Gauss_(unit)".
 */
function urlLength(raw: string): number {
  let unopened = 0;
  for (const c of raw) unopened += c === ')' ? 1 : c === '(' ? -1 : 0;
  let end = raw.length;
  for (; end > 0; end--) {
    const c = raw[end - 1]!;
    if (c === ')' && unopened > 0) unopened--;
    else if (!'.,;:!?\'"]*'.includes(c)) break;
  }
  return end;
}
