import { describe, expect, it } from 'vitest';
import { commentPlainText, renderCommentMarkdown } from '../../../src/web/render/markdown.js';
import { expectInert } from '../../support/html.js';

describe('comment Markdown', () => {
  it('builds the supported structure', () => {
    const html = renderCommentMarkdown('Hello **bold** *em* _also_ `x<y`\nnext line\n\n> quoted\n\n- one\n- two\n\n1. first\n2. second\n\n```\n<b>code</b>\n```');
    expect(html).toContain('<p>Hello <strong>bold</strong> <em>em</em> <em>also</em> <code>x&lt;y</code><br>next line</p>');
    expect(html).toContain('<blockquote><p>quoted</p></blockquote>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
    expect(html).toContain('<pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>');
  });

  it('links http(s) only, with nofollow', () => {
    expect(renderCommentMarkdown('[paper](https://arxiv.org/abs/2401.01234)')).toContain('<a href="https://arxiv.org/abs/2401.01234" rel="nofollow ugc noopener">paper</a>');
    expect(renderCommentMarkdown('see https://example.org/x.')).toContain('<a href="https://example.org/x" rel="nofollow ugc noopener">https://example.org/x</a>.');
    const evil = renderCommentMarkdown('[x](javascript:alert(1)) [y](data:text/html,<b>) [z](https://a.org/"onmouseover="alert(1))');
    expectInert(evil);
    expect(evil).not.toContain('href="data:');
  });

  it('shows raw HTML as text', () => {
    const html = renderCommentMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> `<svg onload=alert(1)>` $<b>$');
    expectInert(html);
    expect(html).toContain('&lt;script&gt;');
  });

  it('stays linear on adversarial input', () => {
    const started = performance.now();
    for (const s of ['*['.repeat(5000), '_('.repeat(5000), '**a'.repeat(3000), '[a](https://'.repeat(800), '`'.repeat(10_000), '$'.repeat(10_000)]) {
      renderCommentMarkdown(s);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('gives a plain-text form for feeds and mail', () => {
    expect(commentPlainText('**Nice** [paper](https://x.org) and `code`')).toBe('Nice paper (https://x.org) and code');
  });
});
