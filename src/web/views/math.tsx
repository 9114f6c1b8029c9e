import { renderMathText } from '../render/math.js';

/** Text with LaTeX rendered by KaTeX on the server; renderMathText escapes everything else. */
export function MathText({ text, tag = 'span', class: cls }: { text: string; tag?: 'span' | 'div' | 'p'; class?: string }) {
  const Tag = tag;
  return <Tag class={cls} dangerouslySetInnerHTML={{ __html: renderMathText(text) }} />;
}
