import { isStopword, keepsCase, proseOnly, wordKey, words } from './words.js';

/**
 * 3-8 keyphrases of a paper, found statistically in its title and abstract (RAKE-like): the
 * text is cut into runs of content words at stopwords and punctuation; every 1-3 word piece of
 * a run is a candidate, scored by how often it recurs (by stem, so "model" and "models" meet),
 * how often its words recur, whether the title has it, and whether it is an acronym or a coined
 * name (LARP, GPT-4, FlowVid). Phrases are lowercase except such names; one phrase per stem set.
 */

export const MIN_KEYWORDS = 3;
export const MAX_KEYWORDS = 8;
const MAX_WORDS = 3;

/** Single words too broad to be a keyword on their own (fine inside a phrase: "diffusion model"). */
const BROAD = new Set((['model', 'data', 'system', 'network', 'learn', 'training', 'train', 'dataset', 'benchmark', 'quality', 'accuracy', 'language', 'image', 'video', 'text', 'agent', 'generation', 'gener', 'evaluation', 'evalu', 'analysis', 'baseline', 'information', 'setting', 'domain', 'level', 'time', 'process', 'capability', 'ability', 'input', 'output', 'feature', 'stage', 'step', 'set', 'number', 'range', 'type', 'form', 'user', 'human', 'world', 'scale', 'cost', 'application', 'field', 'research', 'area', 'study', 'code', 'open', 'high', 'low', 'multiple', 'single', 'specific', 'general', 'real', 'small', 'long', 'short', 'full', 'end', 'state-of-the-art', 'sota', 'llm', 'ai', 'rl', 'gpu', 'api', 'nlp', 'ml', 'vlm', 'mllm', 'lm', 'game', 'images', 'videos', 'method', 'prompt', 'token', 'query', 'label', 'science', 'scene', 'object', 'policy', 'metric', 'score', 'signal', 'module', 'component', 'pipeline', 'architecture', 'representation', 'design', 'tool', 'environment', 'context', 'content', 'experience', 'knowledge', 'strategy', 'mechanism', 'paradigm', 'solution', 'variety', 'everywhere', 'practice', 'resource', 'effort', 'detail', 'term', 'kind', 'way', 'part', 'use', 'case', 'sample', 'example', 'instance', 'fidelity', 'efficiency', 'robustness', 'latency', 'memory', 'speed', 'size', 'error', 'loss', 'gain']).map(wordKey));
/** Endings of adjectives, participles and adverbs: such a word alone names no topic (latent, diverse, guided). */
const ADJECTIVE = /(?:al|ic|ive|ous|ful|able|ible|ar|ent|ant|ed|ly|less|ise|erse|ate|ile|ent)$/;
/** Sizes and counts (5B, 7b, 100K): never a keyword. */
const SIZE = /^\d+(?:\.\d+)?[kKmMbBtT]?$/;

interface Candidate {
  key: string;
  keys: string[];
  surfaces: Map<string, number>;
  count: number;
  inTitle: boolean;
  /** Seen as a whole run of content words at least once (not only as a piece of a longer one). */
  whole: boolean;
  first: number;
}

export function extractKeywords(title: string, abstract: string | null | undefined, max = MAX_KEYWORDS): string[] {
  const candidates = new Map<string, Candidate>();
  const wordCounts = new Map<string, number>();
  let position = 0;
  const add = (text: string, inTitle: boolean) => {
    for (const run of runs(text)) {
      for (const w of run) wordCounts.set(wordKey(w), (wordCounts.get(wordKey(w)) ?? 0) + 1);
      for (let n = 1; n <= MAX_WORDS; n++) {
        for (let i = 0; i + n <= run.length; i++) {
          const piece = run.slice(i, i + n);
          const keys = piece.map(wordKey);
          const key = keys.join(' ');
          const c = candidates.get(key) ?? { key, keys, surfaces: new Map(), count: 0, inTitle: false, whole: false, first: position };
          c.count++;
          c.whole ||= n === run.length;
          c.inTitle ||= inTitle;
          const surface = piece.map((w) => (keepsCase(w) ? w : w.toLowerCase())).join(' ');
          c.surfaces.set(surface, (c.surfaces.get(surface) ?? 0) + 1);
          candidates.set(key, c);
        }
      }
      position += run.length;
    }
  };
  add(title, true);
  add(abstract ?? '', false);

  const scored = [...candidates.values()].map((c) => ({ c, score: score(c, wordCounts, position) })).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || a.c.first - b.c.first);
  const chosen: Candidate[] = [];
  const top = scored[0]?.score ?? 0;
  for (const { c, score: s } of scored) {
    if (chosen.length >= max) break;
    // Past the minimum, a phrase must be worth a fair share of the best one.
    if (chosen.length >= MIN_KEYWORDS && s < top * 0.35) break;
    if (chosen.some((k) => overlaps(k.keys, c.keys))) continue;
    chosen.push(c);
  }
  return chosen.map(surfaceOf);
}

/** Runs of content words: the text cut at stopwords, punctuation, numbers and math. */
function runs(text: string): string[][] {
  const out: string[][] = [];
  for (const chunk of proseOnly(text).split(/[.,;:!?()[\]{}"“”|/=+<>]|\s[-–—]+\s|\s'|'\s/)) {
    let run: string[] = [];
    for (const w of words(chunk)) {
      const bad = isStopword(w) || SIZE.test(w) || w.length < 2;
      if (bad) {
        if (run.length) out.push(run);
        run = [];
      } else run.push(w);
    }
    if (run.length) out.push(run);
  }
  return out;
}

function score(c: Candidate, wordCounts: ReadonlyMap<string, number>, total: number): number {
  const n = c.keys.length;
  const surface = surfaceOf(c);
  // A name (LARP, GPT-4) counts when the title has it or the abstract repeats it; 3D and 2D are not names.
  const name = n === 1 && keepsCase(surface) && !/^\d+D$/i.test(surface) && (c.inTitle || c.count >= 2);
  if (n === 1 && (BROAD.has(c.keys[0]!) || (!name && ADJECTIVE.test(c.keys[0]!)) || /^\d+D$/i.test(surface))) return 0;
  // A phrase must not start or end with a broad word or a modifier on its own ("model adaptation" is fine, "model quality" not).
  if (n > 1 && BROAD.has(c.keys[0]!) && BROAD.has(c.keys[n - 1]!)) return 0;
  if (n > 1 && /(?:ly|ed)$/.test(c.keys[n - 1]!)) return 0;
  // A phrase must recur, be a whole phrase of the title, or be a name: a once-seen piece is chance.
  if (c.count < 2 && !(c.inTitle && c.whole) && !name) return 0;
  const wordWeight = c.keys.reduce((sum, k) => sum + Math.log2(1 + (wordCounts.get(k) ?? 0)), 0) / n;
  let s = c.count + wordWeight;
  if (c.inTitle) s += 3;
  if (name) s += 2;
  if (c.whole) s += 1;
  // Early phrases name the subject more often than late ones.
  s += 0.5 * (1 - c.first / Math.max(1, total));
  // One word says less than a phrase; three are often a chunk of a longer noun phrase.
  return s * (n === 1 ? (name ? 1 : 0.6) : n === 2 ? 1 : 0.85);
}

/** One phrase inside the other (by word keys), or two sharing two words, are one topic: "diffusion", "diffusion models". */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const shared = a.filter((k) => b.includes(k)).length;
  return shared === a.length || shared === b.length || shared >= 2;
}

/** The surface form seen most (first seen on a tie). */
function surfaceOf(c: Candidate): string {
  let best = '';
  let most = 0;
  for (const [s, n] of c.surfaces) {
    if (n > most) {
      best = s;
      most = n;
    }
  }
  return best;
}
