import { insideMath, teaserOf } from '../../domain/teaser.js';
import { stem } from '../../search/stem.js';
import { splitSentences } from './sentences.js';
import { contentWords } from './words.js';

/**
 * The offline summary: the one sentence of the abstract that states the paper's contribution,
 * lightly cleaned and at most SUMMARY_CHARS long. Sentences are scored on what a reader looks
 * for: a cue ("we propose", "this paper introduces"), the words of the title, a position after
 * the opening background, a readable length. Background ("Recent advances in…", "However,
 * existing…") and housekeeping ("Code is available at…") lose points.
 */

/** About one card line and a half; a longer sentence is cut at a clause or a word, outside math. */
export const SUMMARY_CHARS = 200;

/** "we propose", "this paper presents", "our method achieves": the contribution. */
const CONTRIBUTION = /\b(?:we|this (?:paper|work|study|report|article)|our (?:work|paper|study)|here,? we)\b[^.]{0,60}?\b(?:propose|introduce|present|develop|design|build|contribute|release|create|formulate|devise|unveil|put forward|offer|construct)s?d?\b/i;
/** "we show", "we find": a result, nearly as good. */
const FINDING = /\b(?:we|this (?:paper|work|study)|our (?:results|experiments|analysis|findings))\b[^.]{0,60}?\b(?:show|find|demonstrate|reveal|observe|prove|establish|study|investigate|explore|analy[sz]e|examine|address|tackle)s?\b/i;
/** The abstract's opening background and its turn to a problem. */
const BACKGROUND = /^(?:recent(?:ly)?\b|in recent years|over the (?:past|last)|with the (?:rapid|recent|advent|growing|emergence|rise|development)|despite\b|although\b|while\b|however\b|nevertheless\b|existing\b|current\b|traditional(?:ly)?\b|conventional\b|prior\b|previous\b|most\b|many\b|as\b|due to\b|one of\b|there (?:is|are|has been)\b)/i;
const BACKGROUND_VERBS = /\b(?:ha(?:s|ve) (?:shown|become|emerged|achieved|gained|attracted|demonstrated|made|seen|been)|remains? (?:a |an )?(?:challenge|challenging|difficult|open|unclear|limited)|suffers? from|struggles? (?:to|with)|is (?:a |an )?(?:fundamental|crucial|key|long-standing|challenging))\b/i;
const HOUSEKEEPING = /https?:\/\/|\bwww\.|\b(?:code|data|dataset|models?|project page|weights|demo)s?\b[^.]{0,40}\b(?:is|are|will be|have been|has been)\b[^.]{0,20}\b(?:available|released|public|open-sourced)|github\.com/i;
/** Leading connectives a one-sentence summary reads better without. */
const OPENERS = /^(?:(?:to (?:this|that) end|in response|in this (?:paper|work|study|report)|in particular|specifically|concretely|here|finally|furthermore|moreover|additionally|in addition|thus|therefore|hence|consequently),\s+|(?:motivated|inspired|building|leveraging|based|guided|driven|following|given|against|with this|to (?:address|tackle|overcome|solve|fill|bridge|mitigate|alleviate|close|resolve|remedy|handle))\b[^,$]{0,80},\s+(?=we\b))/i;

export interface ScoredSentence {
  text: string;
  score: number;
}

/** Every sentence of the abstract with its score, in order (the bench prints them). */
export function scoreSentences(title: string, abstract: string): ScoredSentence[] {
  const sentences = splitSentences(abstract);
  const titleStems = new Set(contentWords(title).map((w) => stem(w.toLowerCase())));
  return sentences.map((text, i) => ({ text, score: scoreOne(text, i, sentences.length, titleStems) }));
}

function scoreOne(text: string, index: number, count: number, titleStems: ReadonlySet<string>): number {
  let score = 0;
  if (CONTRIBUTION.test(text)) score += 3;
  else if (FINDING.test(text)) score += 1.5;
  const opening = text.replace(OPENERS, '');
  if (BACKGROUND.test(opening) && !/\bwe\b/i.test(text)) score -= 2;
  if (BACKGROUND_VERBS.test(text) && !CONTRIBUTION.test(text)) score -= 1;
  if (HOUSEKEEPING.test(text)) score -= 4;
  // Position: the first sentence is usually the field's background, the last the results or the code.
  if (count > 2) {
    if (index === 0) score -= 0.5;
    else if (index <= 2) score += 0.5;
    if (index === count - 1) score -= 0.5;
  }
  const length = text.length;
  if (length < 50) score -= 1.5;
  else if (length > 320) score -= 1;
  else if (length <= SUMMARY_CHARS) score += 0.5;
  if (titleStems.size > 0) {
    const words = new Set(contentWords(text).map((w) => stem(w.toLowerCase())));
    let shared = 0;
    for (const t of titleStems) if (words.has(t)) shared++;
    score += 2 * (shared / titleStems.size);
  }
  return score;
}

/** The summary sentence of a paper, or null when the abstract has no text. */
export function extractiveSummary(title: string, abstract: string | null | undefined, max = SUMMARY_CHARS): string | null {
  const scored = scoreSentences(title, abstract ?? '');
  if (scored.length === 0) return null;
  let best = scored[0]!;
  for (const s of scored) if (s.score > best.score) best = s;
  return cleanSentence(best.text, max);
}

/** One sentence made to stand alone: connectives dropped, a capital first, at most `max` characters. */
export function cleanSentence(sentence: string, max = SUMMARY_CHARS): string | null {
  let text = sentence.replace(/\s+/g, ' ').trim();
  const withoutOpener = text.replace(OPENERS, '');
  if (withoutOpener.length >= 20) text = withoutOpener;
  // A purpose clause before "we …" ("To bridge the gap between X and Y, we introduce Z") when the sentence is too long.
  if (text.length > max) {
    const m = /^To [^,$]{10,160}, (?=we\b)/.exec(text);
    if (m && text.length - m[0].length >= 40) text = text.slice(m[0].length);
  }
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if (!text) return null;
  if (text.length <= max) return text;
  return cutAtClause(text, max) ?? teaserOf(text, max);
}

/** Before the last `, ` or `; ` in the second half of the budget (outside math), with an ellipsis. */
function cutAtClause(text: string, max: number): string | null {
  let best = -1;
  for (const m of text.matchAll(/[,;] /g)) {
    if (m.index + 1 > max - 1) break;
    if (m.index > max * 0.6 && !insideMath(text, m.index)) best = m.index;
  }
  if (best < 0) return null;
  return `${text.slice(0, best).replace(/[\s(–—-]+$/u, '')}…`;
}
