/**
 * A card's teaser: the first sentences of a summary or abstract, at most about two lines of a
 * card. Cut at a sentence end when one fits, else at a word, never inside `$…$` math (a cut
 * there would leave LaTeX the renderer cannot read), with an ellipsis when text was dropped.
 */

/** About two lines of a card in the grid at desktop width. */
export const TEASER_CHARS = 220;

export function teaserOf(text: string | null | undefined, max = TEASER_CHARS): string | null {
  const folded = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!folded) return null;
  if (folded.length <= max) return folded;
  const sentenceEnd = lastCut(folded, max, /[.!?](?=\s)/g, 1);
  // A sentence end in the second half of the budget reads better than a word cut.
  if (sentenceEnd > max / 2) return folded.slice(0, sentenceEnd);
  const wordEnd = lastCut(folded, max, /\s/g, 0);
  const cut = wordEnd > 0 ? wordEnd : outsideMath(folded, max);
  return `${folded.slice(0, cut).replace(/[\s,;:(–—-]+$/u, '')}…`;
}

/** The last position ≤ max (after `include` characters of a match of `re`) that is outside math. */
function lastCut(text: string, max: number, re: RegExp, include: number): number {
  let best = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index + include;
    if (at > max) break;
    if (!insideMath(text, at)) best = at;
  }
  return best;
}

/** Before the `$` that opens the math `max` falls in, or `max` when it falls in prose. */
function outsideMath(text: string, max: number): number {
  return insideMath(text, max) ? text.lastIndexOf('$', max - 1) : max;
}

/** Is `at` inside inline math: after an odd number of unescaped dollar signs? (`$$` counts as two.) */
export function insideMath(text: string, at: number): boolean {
  let open = false;
  for (let i = 0; i < at; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '$') open = !open;
  }
  return open;
}
