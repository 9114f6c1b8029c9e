import { renderMathText } from '../render/math.js';

/**
 * Text with LaTeX rendered by KaTeX on the server; renderMathText escapes everything else.
 * Inline by default (titles, cards, facts); `blocks` lets `$$…$$` stand as centred blocks
 * (abstracts); `links` makes the http(s) addresses in the prose links (never in titles).
 */
export function MathText({ text, tag = 'span', class: cls, blocks = false, links = false }: { text: string; tag?: 'span' | 'div' | 'p'; class?: string; blocks?: boolean; links?: boolean }) {
  const Tag = tag;
  return <Tag class={cls} dangerouslySetInnerHTML={{ __html: renderMathText(text, { display: blocks, links }) }} />;
}
