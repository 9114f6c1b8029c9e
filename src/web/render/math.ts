import katex, { type KatexOptions } from 'katex';
import { escapeHtml } from '../../domain/html-escape.js';
import { parseProse, texToPlainText, type ProseNode } from '../../domain/math-text.js';
import { linkUrlsHtml } from './link-urls.js';
import { StringLru } from './lru.js';

/**
 * Titles and abstracts mix prose and LaTeX. This turns them into safe HTML: prose is escaped
 * (with `\textbf`, `\emph`, `\texttt` turned into <strong>, <em>, <code>), math (`$…$`,
 * `$$…$$`, `\(…\)`, `\[…\]`) is rendered by KaTeX on the server, so pages need no math
 * script. Broken LaTeX falls back to its escaped source, never to an error.
 *
 * Output `html`, not `htmlAndMathml`: on the 141 formulas of 1,536 real papers MathML made the
 * markup 1.7x larger (72.7 kB vs 42.5 kB; gzipped 3.1 vs 1.7 kB) and doubles the DOM nodes of
 * every formula, on pages that list dozens of abstracts. Screen readers get the formula as
 * readable text instead: `aria-label="O(n²)"` with `role="math"` on KaTeX's root, whose
 * visual HTML KaTeX already marks aria-hidden.
 *
 * Safety: `trust: false` makes \href, \url, \includegraphics and \htmlClass… inert text;
 * macro definitions are refused before KaTeX sees them (`\def\x{aaa…\x}\x` cost 300 ms
 * even with maxExpand); maxSize/maxExpand, a cap on a formula's length, nesting and output
 * bound the rest.
 */
const KATEX_OPTIONS: KatexOptions = {
  throwOnError: true,
  trust: false,
  strict: 'ignore',
  output: 'html',
  // \rule{1e9em}{…}, \kern, \\[…]: no box larger than 10em (160 px at a 16 px font).
  maxSize: 10,
  // Every real formula here, and a dense test formula of \dots, \iff, pmatrix and \binom,
  // renders with 50 expansions; 500 leaves room and still stops loops.
  maxExpand: 500,
};
// The longest formula among 1,536 real papers is 41 characters; arXiv caps abstracts at 1,920.
const MAX_MATH_CHARS = 800;
// Real formulas nest 2-4 braces deep; 16 nested \underbrace render 31 kB in 6 ms, 40 render 77 kB.
const MAX_BRACE_DEPTH = 16;
const MAX_FORMULA_HTML = 64_000;
// The most formulas in one real abstract is 14; past 100 the rest is shown as source.
const MAX_FORMULAS = 100;
const MACRO_DEFINITION = /\\(?:[gex]?def|let|futurelet|global|(?:re|provide)?newcommand|newenvironment|DeclareMathOperator)(?![a-zA-Z])/;

/**
 * LRU of rendered texts. Only texts with TeX in them are cached (306 of the 3,072 titles and
 * abstracts in the sample; the rest are just escaped), so 20,000 entries cover the titles
 * and abstracts of ~200,000 papers: years of a daily-papers feed (~600 papers a month), or
 * several months of all of arXiv (~24,000 new papers a month). A text with math costs ~0.4 ms
 * cold, a warm page of 50 titles ~20 us. 16M characters (~16-32 MB) bound memory whatever
 * the entries weigh.
 */
const cache = new StringLru(20_000, 16_000_000);
let plain = 0;

export interface MathRenderOptions {
  /**
   * Whether `$$…$$` and `\[…\]` render as centred blocks (default) or inline like `$…$`:
   * pass false for titles and other one-line places (cards, headings, links).
   */
  display?: boolean;
  /**
   * Whether http(s) addresses in the prose become links (`rel="nofollow ugc noopener"`):
   * for abstracts and comments fields, never for titles (they sit inside links of their own).
   * Addresses inside formulas are left alone.
   */
  links?: boolean;
}

export function renderMathText(text: string, opts: MathRenderOptions = {}): string {
  // Nothing TeX-like: escaping is cheaper than a cache lookup and keeps the cache for math.
  const prose = opts.links ? linkUrlsHtml : escapeHtml;
  if (!/[$\\{}~`]|--/.test(text)) {
    plain++;
    return prose(text);
  }
  const display = opts.display !== false;
  const key = (display ? 'D' : 'I') + (opts.links ? 'L' : '') + text;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = renderNodes(parseProse(text), display, { left: MAX_FORMULAS }, prose);
  cache.set(key, html);
  return html;
}

/** Counters for benchmarks and the stats page: cache hits and misses, plain-text fast paths. */
export function mathCacheStats(): { hits: number; misses: number; plain: number; entries: number; chars: number; maxEntries: number } {
  return { hits: cache.hits, misses: cache.misses, plain, entries: cache.size, chars: cache.totalChars, maxEntries: cache.maxEntries };
}

/** Empties the cache and zeroes the counters (benchmarks measure cold renders with it). */
export function clearMathCache(): void {
  cache.clear();
  plain = 0;
}

const TAGS: Record<string, readonly [string, string]> = { bold: ['<strong>', '</strong>'], italic: ['<em>', '</em>'], mono: ['<code>', '</code>'], url: ['', ''] };

function renderNodes(nodes: ProseNode[], display: boolean, budget: { left: number }, prose: (text: string) => string): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += prose(n.text);
    else if (n.kind === 'math') out += renderFormula(n, display && n.display, budget);
    else {
      const [open, close] = TAGS[n.style]!;
      out += open + renderNodes(n.children, display, budget, prose) + close;
    }
  }
  return out;
}

function renderFormula(n: Extract<ProseNode, { kind: 'math' }>, displayMode: boolean, budget: { left: number }): string {
  budget.left--;
  if (budget.left < 0 || n.tex.length > MAX_MATH_CHARS || MACRO_DEFINITION.test(n.tex) || braceDepth(n.tex) > MAX_BRACE_DEPTH) return source(n.source);
  let html: string;
  try {
    html = quietly(() => katex.renderToString(withUnicode(n.tex), { ...KATEX_OPTIONS, displayMode }));
  } catch {
    return source(n.source);
  }
  if (html.length > MAX_FORMULA_HTML) return source(n.source);
  const label = escapeHtml(texToPlainText(n.tex));
  const root = '<span class="katex">';
  const at = html.indexOf(root);
  if (at < 0) return html;
  return `${html.slice(0, at)}<span class="katex" role="math" aria-label="${label}">${html.slice(at + root.length)}`;
}

/**
 * KaTeX calls console.warn for every character it has no font metrics for (emoji, CJK inside
 * \text): normal in outside text, and a log line per formula would drown real warnings.
 * Rendering is synchronous, so nothing else can log while the no-op is in place.
 */
function quietly<T>(render: () => T): T {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return render();
  } finally {
    console.warn = warn;
  }
}

/** `\unicode{x2014}` (MathJax's, seen in real abstracts) as the character itself; KaTeX lacks it. */
function withUnicode(tex: string): string {
  return tex.replace(/\\unicode\{x([0-9a-fA-F]{1,6})\}/g, (whole, hex: string) => {
    const code = parseInt(hex, 16);
    const ch = code <= 0x10ffff ? String.fromCodePoint(code) : '';
    // Letters, digits, punctuation and symbols only: never a control, a surrogate or a TeX special.
    return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) && !/[\\{}$%&#^_~]/.test(ch) ? ch : whole;
  });
}

/** LaTeX KaTeX cannot (or may not) render: shown as its source, escaped. */
function source(tex: string): string {
  return `<span class="tex-source">${escapeHtml(tex)}</span>`;
}

function braceDepth(tex: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex.charCodeAt(i);
    if (c === 92) i++; // backslash: \{ and \} are not groups
    else if (c === 123) max = Math.max(max, ++depth);
    else if (c === 125) depth--;
  }
  return max;
}
