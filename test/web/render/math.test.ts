import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMathText, splitMath } from '../../../src/web/render/math.js';
import { expectInert } from '../../support/html.js';

describe('renderMathText', () => {
  it('renders inline and display math with KaTeX and escapes the prose around it', () => {
    const html = renderMathText('Attention in $\\mathcal{O}(n \\log n)$ & more');
    expect(html).toMatch(/^Attention in <span class="katex">/);
    expect(html).toContain('&amp; more');
    expect(renderMathText('$$x^2$$')).toContain('katex-display');
    expect(renderMathText('\\(a+b\\) and \\[c\\]')).toMatch(/katex[\s\S]*katex-display/);
  });

  it('treats escaped and unpaired dollars as text', () => {
    expect(renderMathText('costs \\$5 only')).toBe('costs $5 only');
    expect(renderMathText('a lone $ sign')).toBe('a lone $ sign');
    expect(splitMath('$a$ and $b').map((s) => s.kind)).toEqual(['math', 'text']);
  });

  it('falls back to the escaped source when LaTeX is broken, never throws', () => {
    const html = renderMathText('broken $\\frac{1}{$ formula <b>');
    expect(html).toContain('$\\frac{1}{$');
    expect(html).toContain('&lt;b&gt;');
    for (const t of ['$', '$$', '$\\$', '\\(', '$\\def\\a{\\a}\\a$', `$${'{'.repeat(5000)}$`, '$\\rule{100000em}{100000em}$', '😀 $\\😀$']) {
      expect(() => renderMathText(t)).not.toThrow();
    }
  });

  it('keeps hostile input inert, in prose and in math', () => {
    for (const t of [
      '<img src=x onerror=alert(1)>',
      '$\\href{javascript:alert(1)}{x}$',
      '$\\url{javascript:alert(1)}$',
      '$\\htmlClass{x}{y}$ $\\htmlData{onclick=alert(1)}{y}$',
      '"><script>alert(1)</script>',
      '$<script>alert(1)</script>$',
      '\\textbf{<img src=x onerror=alert(1)>}',
    ]) {
      expectInert(renderMathText(t));
    }
  });

  it('turns the text-mode commands of titles into markup', () => {
    expect(renderMathText('\\textbf{WRAP}: \\emph{fast} \\texttt{code}')).toBe('<strong>WRAP</strong>: <em>fast</em> <code>code</code>');
  });

  const shared = new URL('../../../../shared/data/hf-daily-papers.jsonl', import.meta.url);
  it.skipIf(!existsSync(shared))('renders every title and abstract of the shared sample without an error and inert', () => {
    const papers = readFileSync(shared, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { title: string; abstract?: string; summary?: string });
    const started = performance.now();
    let math = 0;
    for (const p of papers) {
      for (const text of [p.title, p.abstract ?? p.summary ?? '']) {
        const html = renderMathText(text);
        if (html.includes('class="katex"')) math++;
        expect(html).not.toMatch(/<script/i);
      }
    }
    console.log(`rendered ${papers.length} titles + abstracts (${math} with math) in ${(performance.now() - started).toFixed(0)} ms cold`);
    expect(math).toBeGreaterThan(10);
  });
});
