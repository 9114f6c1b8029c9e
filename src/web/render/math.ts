import katex from 'katex';
import { escapeHtml } from '../../domain/html-escape.js';

/**
 * Titles and abstracts mix prose and LaTeX. This turns them into safe HTML: prose is escaped,
 * math (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) is rendered by KaTeX on the server, so pages need no
 * client-side math script. Broken LaTeX falls back to its escaped source, never to an error.
 *
 * Safety: KaTeX runs with `trust: false` (no \href, \url, \includegraphics, \htmlClass…: they
 * render as inert text), `maxSize`/`maxExpand` bound hostile input (`\rule{1e9em}`, macro
 * loops), and one math span longer than MAX_MATH_CHARS is shown as text.
 *
 * Output `htmlAndMathml`: the HTML for display plus MathML that screen readers speak; about
 * 1.5x the bytes of HTML alone, paid once per formula thanks to the cache below.
 */
const MAX_MATH_CHARS = 2_000;
const KATEX_OPTIONS = { throwOnError: true, trust: false, strict: 'ignore', output: 'htmlAndMathml', maxSize: 20, maxExpand: 300 } as const;

/**
 * LRU of rendered texts. 20,000 entries cover the titles of a month of feeds (~1,000 papers a
 * day) plus the abstracts people open; at ~3 kB per entry that is ~60 MB at most. A feed page
 * with 50 titles renders in well under a millisecond once warm.
 */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, string>();
export const mathCacheStats = { hits: 0, misses: 0, size: () => cache.size };

export function renderMathText(text: string, opts: { display?: boolean } = {}): string {
  const key = opts.display ? `D${text}` : `I${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    mathCacheStats.hits++;
    return hit;
  }
  mathCacheStats.misses++;
  const html = render(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}

type Segment = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean; source: string };

function render(text: string): string {
  return splitMath(text)
    .map((s) => (s.kind === 'text' ? renderProse(s.text) : renderTex(s)))
    .join('');
}

function renderTex(s: Extract<Segment, { kind: 'math' }>): string {
  if (s.tex.trim() === '' || s.tex.length > MAX_MATH_CHARS) return escapeHtml(s.source);
  try {
    return katex.renderToString(s.tex, { ...KATEX_OPTIONS, displayMode: s.display });
  } catch {
    return `<span class="tex-source">${escapeHtml(s.source)}</span>`;
  }
}

const OPENERS: Array<[string, string, boolean]> = [
  ['$$', '$$', true],
  ['\\[', '\\]', true],
  ['\\(', '\\)', false],
  ['$', '$', false],
];

/**
 * Splits prose from math in one left-to-right pass. `\$` is a literal dollar; an opener
 * without its closer is prose. Inline `$…$` does not cross a blank line (a stray dollar in
 * "costs $5 and $10" pairs up, as in LaTeX itself, but never swallows a paragraph).
 */
export function splitMath(text: string): Segment[] {
  const out: Segment[] = [];
  let prose = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '$') {
      prose += '$';
      i += 2;
      continue;
    }
    if (c === '$' || (c === '\\' && (text[i + 1] === '(' || text[i + 1] === '['))) {
      const found = matchMath(text, i);
      if (found) {
        if (prose) out.push({ kind: 'text', text: prose });
        prose = '';
        out.push(found.segment);
        i = found.end;
        continue;
      }
    }
    prose += c;
    i++;
  }
  if (prose) out.push({ kind: 'text', text: prose });
  return out;
}

function matchMath(text: string, at: number): { segment: Segment; end: number } | null {
  for (const [open, close, display] of OPENERS) {
    if (!text.startsWith(open, at)) continue;
    const start = at + open.length;
    let j = start;
    while (j < text.length) {
      const k = text.indexOf(close, j);
      if (k < 0) return null;
      if (text[k - 1] === '\\' && close === '$') {
        j = k + 1;
        continue;
      }
      const tex = text.slice(start, k);
      if (open === '$' && /\n\s*\n/.test(tex)) return null;
      return { segment: { kind: 'math', tex, display, source: text.slice(at, k + close.length) }, end: k + close.length };
    }
    return null;
  }
  return null;
}

const TEXT_COMMANDS: Record<string, [string, string]> = {
  textbf: ['<strong>', '</strong>'],
  textit: ['<em>', '</em>'],
  emph: ['<em>', '</em>'],
  texttt: ['<code>', '</code>'],
  textsc: ['<span class="sc">', '</span>'],
};

/** Prose: escaped, with the few text-mode commands authors use in titles turned into markup. */
function renderProse(text: string): string {
  let out = '';
  let last = 0;
  const re = /\\(textbf|textit|emph|texttt|textsc)\{([^{}]{0,300})\}|\\([%&#_{}])|~/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out += escapeHtml(text.slice(last, m.index));
    if (m[1]) {
      const [a, b] = TEXT_COMMANDS[m[1]]!;
      out += `${a}${escapeHtml(m[2]!)}${b}`;
    } else if (m[3]) out += escapeHtml(m[3]);
    else out += '\u00a0';
    last = re.lastIndex;
  }
  return out + escapeHtml(text.slice(last));
}
