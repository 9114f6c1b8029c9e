import { escapeHtml } from '../../domain/html-escape.js';
import { renderMathText } from './math.js';

/**
 * The Markdown subset of comments, safe by construction: the source is never passed through as
 * HTML; every character is escaped, and only the structure below is built around it.
 * - blocks: paragraphs (blank line), line breaks, ``` fenced code, `> ` quotes, `- ` and `1. ` lists
 * - inline: `code`, $math$ (KaTeX, trust off), [text](https://…), bare https:// links,
 *   **strong**, *em* / _em_
 * Links are http(s) only and carry rel="nofollow ugc noopener". Every pattern is a single pass
 * or a regex over negated character classes, so time is linear in the input (no backtracking
 * blow-ups on 10 kB of `*[(`).
 */
export function renderCommentMarkdown(src: string): string {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const block = takeWhile(lines, i, (l) => /^\s*>/.test(l));
    if (block.length) {
      out.push(`<blockquote><p>${block.map((l) => inline(l.replace(/^\s*>\s?/, ''))).join('<br>')}</p></blockquote>`);
      i += block.length;
      continue;
    }
    const bullets = takeWhile(lines, i, (l) => /^\s*[-*]\s+\S/.test(l));
    if (bullets.length) {
      out.push(`<ul>${bullets.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`);
      i += bullets.length;
      continue;
    }
    const numbered = takeWhile(lines, i, (l) => /^\s*\d{1,9}[.)]\s+\S/.test(l));
    if (numbered.length) {
      out.push(`<ol>${numbered.map((l) => `<li>${inline(l.replace(/^\s*\d{1,9}[.)]\s+/, ''))}</li>`).join('')}</ol>`);
      i += numbered.length;
      continue;
    }
    const para = takeWhile(lines, i, (l, k) => l.trim() !== '' && (k === i || !/^\s*(```|>|[-*]\s+\S|\d{1,9}[.)]\s+\S)/.test(l)));
    out.push(`<p>${para.map(inline).join('<br>')}</p>`);
    i += para.length;
  }
  return out.join('\n');
}

/** A comment as plain text for feeds and mail: the source minus Markdown punctuation. */
export function commentPlainText(src: string): string {
  return src
    .replace(/\r\n?/g, '\n')
    .replace(/^\s*```.*$/gm, '')
    .replace(/\[([^\]\n]{0,500})\]\((https?:\/\/[^\s)]{1,2000})\)/g, '$1 ($2)')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_]/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .trim();
}

function takeWhile(lines: string[], from: number, ok: (line: string, index: number) => boolean): string[] {
  const taken: string[] = [];
  for (let k = from; k < lines.length && ok(lines[k]!, k); k++) taken.push(lines[k]!);
  return taken;
}

// One token a match: code span | inline math | [text](url) | bare URL. Negated classes keep it linear.
const TOKEN = /`([^`\n]{1,2000})`|(\$[^$\n]{1,2000}\$)|\[([^\]\n]{1,500})\]\(([^()\s]{1,2000})\)|(https?:\/\/[^\s<>"'`]{1,2000})/g;

function inline(text: string): string {
  let out = '';
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    out += emphasis(escapeHtml(text.slice(last, m.index)));
    if (m[1] !== undefined) out += `<code>${escapeHtml(m[1])}</code>`;
    else if (m[2] !== undefined) out += renderMathText(m[2]);
    else if (m[3] !== undefined) out += link(m[4]!, m[3]) ?? emphasis(escapeHtml(m[0]));
    else out += bareLink(m[5]!);
    last = TOKEN.lastIndex;
  }
  return out + emphasis(escapeHtml(text.slice(last)));
}

function link(url: string, label: string): string | null {
  if (!/^https?:\/\/[^/\s]/i.test(url)) return null;
  return `<a href="${escapeHtml(url)}" rel="nofollow ugc noopener">${escapeHtml(label)}</a>`;
}

/** A bare URL, minus trailing sentence punctuation ("see https://x.org/a.") */
function bareLink(raw: string): string {
  const url = raw.replace(/[.,;:!?)\]]+$/, '');
  return `${link(url, url) ?? escapeHtml(url)}${escapeHtml(raw.slice(url.length))}`;
}

/** Emphasis over already-escaped text (no `<` or `"` left in it to break out of). */
function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*\n]{1,1000})\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*\n]{0,1000})\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^_\s][^_\n]{0,1000})_(?!\w)/g, '$1<em>$2</em>');
}
