import { describe, expect, it } from 'vitest';
import { commentPlainText, renderCommentMarkdown } from '../../../src/web/render/markdown.js';
import { expectSafeHtml } from './safe-html.js';

const REL = 'rel="nofollow ugc noopener"';

describe('comment Markdown', () => {
  it('builds the supported structure', () => {
    const html = renderCommentMarkdown('Hello **bold** *em* _also_ `x<y`\nnext line\n\n> quoted\n> twice\n\n- one\n- two\n\n1. first\n2. second\n\n```js\n<b>code</b>\n  **kept**\n```');
    expect(html).toBe(
      [
        '<p>Hello <strong>bold</strong> <em>em</em> <em>also</em> <code>x&lt;y</code><br>next line</p>',
        '<blockquote><p>quoted<br>twice</p></blockquote>',
        '<ul><li>one</li><li>two</li></ul>',
        '<ol><li>first</li><li>second</li></ol>',
        '<pre><code>&lt;b&gt;code&lt;/b&gt;\n  **kept**</code></pre>',
      ].join('\n'),
    );
    expectSafeHtml(html);
  });

  it('keeps a numbered list starting elsewhere, and ordinary asterisks and underscores', () => {
    expect(renderCommentMarkdown('3. third\n4. fourth')).toBe('<ol start="3"><li>third</li><li>fourth</li></ol>');
    expect(renderCommentMarkdown('snake_case_name and 2*3*4 and a * b')).toBe('<p>snake_case_name and 2*3*4 and a * b</p>');
    expect(renderCommentMarkdown('\\*not em\\* and \\_no\\_')).toBe('<p>*not em* and _no_</p>');
    expect(renderCommentMarkdown('**strong with *em* inside**')).toBe('<p><strong>strong with <em>em</em> inside</strong></p>');
  });

  it('links http(s) only, with nofollow', () => {
    expect(renderCommentMarkdown('[paper](https://arxiv.org/abs/2401.01234)')).toBe(`<p><a href="https://arxiv.org/abs/2401.01234" ${REL}>paper</a></p>`);
    expect(renderCommentMarkdown('see https://example.org/x.')).toBe(`<p>see <a href="https://example.org/x" ${REL}>https://example.org/x</a>.</p>`);
    expect(renderCommentMarkdown('(https://en.wikipedia.org/wiki/Gauss_(unit))')).toBe(`<p>(<a href="https://en.wikipedia.org/wiki/Gauss_(unit)" ${REL}>https://en.wikipedia.org/wiki/Gauss_(unit)</a>)</p>`);
    expect(renderCommentMarkdown('**[bold link](http://a.org/?q=1&r=2)**')).toBe(`<p><strong><a href="http://a.org/?q=1&amp;r=2" ${REL}>bold link</a></strong></p>`);
    expect(renderCommentMarkdown('https://a.org/snake_case_path_')).toContain('href="https://a.org/snake_case_path_"');
    expect(renderCommentMarkdown('**https://a.org/x**, ok?')).toBe(`<p><strong><a href="https://a.org/x" ${REL}>https://a.org/x</a></strong>, ok?</p>`);
  });

  it('never builds a link, tag or handler from hostile input', () => {
    for (const src of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1)) [y](data:text/html,<b>) [z](vbscript:msgbox) [w](//evil.org)',
      '[z](https://a.org/"onmouseover="alert(1))',
      '[a"><img src=x onerror=alert(1)>](https://ok.org)',
      'https://a.org/<script>alert(1)</script>',
      'https://a.org/"onmouseover="alert(1)',
      '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>',
      '`<svg onload=alert(1)>` and ``` inline ```',
      '```\n<script>alert(1)</script>\n```',
      '> <iframe src=javascript:alert(1)>',
      '- [x](javascript:alert(1))\n1. <b onclick=alert(1)>',
      '$\\href{javascript:alert(1)}{x}$ $<img src=x onerror=alert(1)>$',
      '*<em onclick=x>*',
      'a\u0000 0\u0001 placeholder forgery \u00000\u0001',
    ]) {
      const html = renderCommentMarkdown(src);
      expectSafeHtml(html);
      expect(html).not.toMatch(/href="(?!https?:\/\/)/);
    }
    expect(renderCommentMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(renderCommentMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>');
  });

  it('renders inline math with KaTeX, but not money', () => {
    const html = renderCommentMarkdown('Bound is $\\mathcal{O}(n^2)$ here, and $$x$$ stays inline');
    expect(html).toContain('aria-label="O(n²)"');
    expect(html).not.toContain('katex-display');
    expect(renderCommentMarkdown('It costs $5 and $10 to run')).toBe('<p>It costs $5 and $10 to run</p>');
    expect(renderCommentMarkdown('`$x$` stays code')).toBe('<p><code>$x$</code> stays code</p>');
  });

  it('stays linear on adversarial input', () => {
    // No clock: each pattern runs at 10x the longest comment (100,000+ characters). A linear
    // renderer takes milliseconds there; a quadratic one ~10^10 steps, far past the test's timeout.
    const patterns: ((n: number) => string)[] = [
      (n) => '*['.repeat(n),
      (n) => '['.repeat(2 * n),
      (n) => '*'.repeat(2 * n),
      (n) => '_('.repeat(n),
      (n) => '**a'.repeat(n),
      (n) => '[a](https://'.repeat(n / 4),
      (n) => '`'.repeat(2 * n),
      (n) => '$'.repeat(2 * n),
      (n) => '$a'.repeat(n),
      (n) => '\\'.repeat(2 * n),
      (n) => 'https://'.repeat(n / 2),
      (n) => '> '.repeat(n),
      (n) => '- \n'.repeat(n),
      (n) => '*a _b '.repeat(n / 2),
      (n) => `[${'a'.repeat(2 * n)}`,
      (n) => `${'*a'.repeat(n / 2)}${'b*'.repeat(n / 2)}`,
    ];
    for (const make of patterns) {
      expectSafeHtml(renderCommentMarkdown(make(5000)));
      const large = make(50_000);
      expectSafeHtml(renderCommentMarkdown(large));
      commentPlainText(large);
    }
  });

  it('gives a plain-text form for feeds and mail', () => {
    expect(commentPlainText('**Nice** [paper](https://x.org) and `code`, _really_ $\\alpha \\leq 1$')).toBe('Nice paper (https://x.org) and code, really α ≤ 1');
    expect(commentPlainText('one\ntwo\n\n> quote\n\n- a\n- b\n\n```\nx = *1*\n```\n[bad](javascript:1) \\*star\\*')).toBe(
      'one\ntwo\n\n> quote\n\n- a\n- b\n\nx = *1*\n\n[bad](javascript:1) *star*',
    );
  });
});
