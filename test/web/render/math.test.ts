import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mathToPlainText } from '../../../src/domain/math-text.js';
import { clearMathCache, mathCacheStats, renderMathText } from '../../../src/web/render/math.js';
import { expectSafeHtml, safeHtmlProblems } from './safe-html.js';

/** Text a reader sees: tags dropped, KaTeX's visual spans included. */
const visible = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

describe('renderMathText', () => {
  it('renders inline and display math with KaTeX and escapes the prose around it', () => {
    const html = renderMathText('Scaling Sparse Attention to $\\mathcal{O}(n \\log n)$ & Beyond <3');
    expect(html).toMatch(/^Scaling Sparse Attention to <span class="katex" role="math" aria-label="O\(n log n\)">/);
    expect(html).toContain('&amp; Beyond &lt;3');
    expect(html).not.toContain('<math');
    expect(renderMathText('Energy $$E = mc^2$$ holds')).toContain('katex-display');
    expect(renderMathText('\\(a+b\\) and \\[c\\]')).toMatch(/class="katex"[\s\S]*katex-display/);
    expectSafeHtml(html);
  });

  it('renders display math inline when asked, for titles and other one-line places', () => {
    expect(renderMathText('$$x^2$$ and \\[y\\]', { display: false })).not.toContain('katex-display');
    expect(renderMathText('$$x^2$$', { display: true })).toContain('katex-display');
  });

  it('handles what real arXiv titles contain', () => {
    const titles = [
      '$\\texttt{CodeFix}$: Repairing Programs with Language Models',
      'Diffusion$^{2}$: Dynamic 3D Content Generation via Score Composition',
      '$\\pi_0$: A Vision-Language-Action Flow Model for General Robot Control',
      'Beyond $\\ell_2$: Robust Losses for $k$-Sparse Recovery',
      'Achieving 3$\\times$ Speedups with $\\sim$1\\% Accuracy Loss',
      '$\\infty$-Bench: Extending Long Context Evaluation Beyond 100K Tokens',
      'Über die Lösung der Schrödinger-Gleichung — 量子 ∞',
    ];
    for (const t of titles) {
      const html = renderMathText(t, { display: false });
      expectSafeHtml(html);
      expect(html).not.toContain('tex-source');
    }
    expect(renderMathText(titles[4]!)).toContain('1%');
    expect(visible(renderMathText(titles[6]!))).toBe(titles[6]);
    expect(renderMathText('Achieving 3$\\times$ Speedups')).toContain('aria-label="×"');
  });

  it('turns the text-mode commands of titles into markup, and other TeX of prose into text', () => {
    expect(renderMathText('\\textbf{WRAP}: \\emph{fast} \\texttt{code} \\textit{and} {\\bf old} {\\em style}')).toBe(
      '<strong>WRAP</strong>: <em>fast</em> <code>code</code> <em>and</em> <strong>old</strong> <em>style</em>',
    );
    expect(renderMathText('\\textbf{Nested \\emph{deep} $x$}')).toMatch(/^<strong>Nested <em>deep<\/em> <span class="katex"[\s\S]*<\/strong>$/);
    expect(renderMathText("``Quoted'' 10--20 -- and \\url{https://x.org/a_b} Schr\\\"odinger {BERT} 100\\% \\& co")).toBe(
      '“Quoted” 10–20 – and https://x.org/a_b Schrödinger BERT 100% &amp; co',
    );
    // Unknown commands stay as written; an unclosed command closes at the end.
    expect(renderMathText('see \\cite{smith} \\textbf{open')).toBe('see \\cite{smith} <strong>open</strong>');
  });

  it('treats escaped and unpaired dollars as text', () => {
    expect(renderMathText('costs \\$5 only')).toBe('costs $5 only');
    expect(renderMathText('a lone $ sign')).toBe('a lone $ sign');
    expect(renderMathText('$$')).toBe('$$');
    expect(renderMathText('$a$ and $b')).toMatch(/^<span class="katex"[\s\S]* and \$b$/);
    // An inline formula does not cross a blank line.
    expect(renderMathText('price $5\n\nand $6')).toBe('price $5\n\nand $6');
  });

  it('falls back to the escaped source when LaTeX is broken, never throws', () => {
    const html = renderMathText('broken $\\frac{1}{$ formula <b>');
    expect(html).toContain('<span class="tex-source">$\\frac{1}{$</span>');
    expect(html).toContain('&lt;b&gt;');
    expect(renderMathText('$\\undefinedmacro{x}$')).toBe('<span class="tex-source">$\\undefinedmacro{x}$</span>');
    for (const t of ['$', '$$', '$\\$', '\\(', '\\[x', '$\\def\\a{\\a}\\a$', `$${'{'.repeat(5000)}$`, `${'{'.repeat(5000)}x`, '$\\rule{100000em}{100000em}$', '😀 $\\😀$', '$x^$', '$\\left($', '\\', '$\\\\$', `$x${'^'.repeat(20_000)}$`, `$${'\\hat'.repeat(8000)}x$`, `$${'\\hat'.repeat(150)}x$`]) {
      expect(() => renderMathText(t)).not.toThrow();
      expectSafeHtml(renderMathText(t));
    }
  });

  it('bounds hostile formulas: macro loops, deep nesting, huge sizes, long spans, many spans', () => {
    const cases = [
      `$\\def\\x{${'a'.repeat(700)}\\x}\\x$`,
      '$\\newcommand{\\a}[1]{#1#1}\\a{\\a{\\a{\\a{\\a{x}}}}}$',
      `$${'\\underbrace{'.repeat(60)}x${'}'.repeat(60)}$`,
      `$${'\\left('.repeat(100)}x${'\\right)'.repeat(100)}$`,
      `$${'x+'.repeat(1000)}x$`,
      '$a$ '.repeat(500),
    ];
    for (const t of cases) {
      const html = renderMathText(t);
      expect(html.length).toBeLessThan(2_000_000);
      expectSafeHtml(html);
    }
    expect(renderMathText(cases[0]!)).toContain('tex-source');
    expect(renderMathText(cases[4]!)).toContain('tex-source');
    expect(renderMathText('$\\rule{100000em}{1em}$')).toMatch(/width:10em|tex-source/);
    // Past 100 formulas in one text the rest is shown as source.
    expect(renderMathText(cases[5]!).match(/class="katex"/g)?.length).toBe(100);
  });

  it('keeps hostile input inert, in prose and in math', () => {
    for (const t of [
      '<img src=x onerror=alert(1)>',
      '$\\href{javascript:alert(1)}{x}$',
      '$\\url{javascript:alert(1)}$',
      '$\\htmlClass{x}{y}$ $\\htmlData{onclick=alert(1)}{y}$ $\\htmlStyle{background:url(javascript:1)}{y}$ $\\htmlId{x}{y}$',
      '$\\includegraphics{https://evil.example/x.png}$',
      '$\\color{red;background:url(javascript:alert(1))}{x}$ $\\textcolor{#f00" onmouseover="alert(1)}{x}$',
      '"><script>alert(1)</script>',
      '$<script>alert(1)</script>$',
      '$\\text{<img src=x onerror=alert(1)>}$',
      '\\textbf{<img src=x onerror=alert(1)>} \\url{javascript:alert(1)} \\href{javascript:alert(1)}{click}',
      "$x$\" onmouseover='alert(1)' \\unicode{x3c}script$\\unicode{x3c}$",
    ]) {
      const html = renderMathText(t);
      expectSafeHtml(html);
      expect(html).not.toMatch(/<(img|script|a)\b/i);
    }
  });

  it('labels each formula with readable text for screen readers', () => {
    const html = renderMathText('$\\alpha \\leq \\beta^{2}$ and $a<b$ and $\\text{"q"}$');
    expect(html).toContain('aria-label="α ≤ β²"');
    expect(html).toContain('aria-label="a&lt;b"');
    expect(html).toContain('aria-label="&quot;q&quot;"');
    expect(safeHtmlProblems(html)).toEqual([]);
  });

  it('caches rendered texts and reports it', () => {
    clearMathCache();
    const title = 'Cached $\\mathcal{O}(1)$ lookups';
    const first = renderMathText(title);
    expect(renderMathText(title)).toBe(first);
    renderMathText('no math at all');
    expect(mathCacheStats()).toMatchObject({ hits: 1, misses: 1, plain: 1, entries: 1, maxEntries: 20_000 });
    expect(renderMathText(title, { display: false })).toBe(first); // same HTML, its own entry
    expect(mathCacheStats().entries).toBe(2);
  });

  const shared = new URL('../../../../shared/data/hf-daily-papers.jsonl', import.meta.url);
  it.skipIf(!existsSync(shared))('renders every title and abstract of the shared sample, safely and fast', () => {
    const papers = readFileSync(shared, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { title: string; abstract?: string });
    const texts = papers.flatMap((p) => [p.title, p.abstract ?? '']);
    clearMathCache();
    let started = performance.now();
    const html = texts.map((t) => renderMathText(t));
    const cold = performance.now() - started;
    started = performance.now();
    for (const t of texts) renderMathText(t);
    const warm = performance.now() - started;
    started = performance.now();
    for (const t of texts) mathToPlainText(t);
    const plain = performance.now() - started;
    const withMath = html.filter((h) => h.includes('class="katex"')).length;
    const bytes = html.reduce((n, h) => n + h.length, 0);
    console.log(
      `${papers.length} papers: ${texts.length} texts (${withMath} with math, ${(bytes / 1e6).toFixed(2)} MB of HTML) rendered in ${cold.toFixed(0)} ms cold, ` +
        `${warm.toFixed(1)} ms warm; mathToPlainText ${plain.toFixed(0)} ms; cache ${JSON.stringify(mathCacheStats())}`,
    );
    for (const h of html) expect(safeHtmlProblems(h)).toEqual([]);
    expect(withMath).toBeGreaterThan(10);
    expect(warm).toBeLessThan(cold);
  });
});
