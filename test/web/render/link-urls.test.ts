import { describe, expect, it } from 'vitest';
import { renderMathText } from '../../../src/web/render/math.js';

describe('links in rendered prose', () => {
  it('links http(s) addresses with rel="nofollow ugc noopener", punctuation outside', () => {
    expect(renderMathText('Code: https://github.com/a/b.', { links: true })).toBe('Code: <a href="https://github.com/a/b" rel="nofollow ugc noopener">https://github.com/a/b</a>.');
  });

  it('links nothing unless asked (titles)', () => {
    expect(renderMathText('Code: https://github.com/a/b.')).not.toContain('<a ');
  });

  it('leaves addresses inside math alone and links the ones beside it', () => {
    const html = renderMathText('We show $x = \\text{http://a.example.org}$; see https://b.example.org/~ada.', { links: true });
    expect(html).toContain('class="katex"');
    expect(html).not.toContain('href="http://a.example.org"');
    expect(html).toContain('<a href="https://b.example.org/~ada" rel="nofollow ugc noopener">https://b.example.org/~ada</a>.');
  });

  it('links \\url{} addresses and never a hostile scheme; attribute text stays escaped', () => {
    const html = renderMathText('\\url{https://example.org/a} javascript:alert(1) https://example.org/?q="><script>', { links: true });
    expect(html).toContain('<a href="https://example.org/a" rel="nofollow ugc noopener">');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="https://example.org/?q="');
  });
});
