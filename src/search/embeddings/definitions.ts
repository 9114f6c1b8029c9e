/**
 * Words moved towards their dictionary definitions. Co-occurrence in abstracts teaches what a word
 * is used with, not what it means in plain words: a paper says "stuttering", "calligraphy" or
 * "poker"; a reader who half remembers it asks for "repeated sounds in speech", "brush-written
 * characters" or "card-table duels". Each word WordNet defines gets its vector moved towards the
 * model's own vector of its definition (readDefinitions(): the sense's other words and its gloss,
 * the word itself left out), for the one of its first senses whose definition is nearest the word's
 * use in the corpus ("poker": the card game, not the fire iron). How far follows how rare the word
 * is and how well the definition agrees with its use: a rare word's vector rests on a few
 * abstracts and gains most from its definition, while a frequent one has a settled use in papers
 * that the dictionary may not know ("transformer" is an electrical device to WordNet).
 */
import { CorpusModel, terms, type ModelParts } from './corpus-model.js';
import { normalize } from './embedder.js';

/**
 * How far a rare word moves: its vector plus this times its definition's (both unit length),
 * scaled back to unit length. Chosen with `npm run eval:search` at 1,750 and 75,880 papers: see README.
 */
export const DEFINITION_WEIGHT = 0.5;
/**
 * The word frequency (share of the corpus's tokens) at which a word moves half as far, unless its
 * definition agrees with its use: ~260 uses in the 26M tokens of the shipped model's abstracts.
 * "transformer" (~1,100 uses in 2019) moves a fifth as far, a rare word like "stutter" all the way.
 */
export const SETTLED_FREQUENCY = 1e-5;
/**
 * Cosines of a word's vector and its nearest definition's between which a frequent word moves
 * from its rarity's share of the way to all of it: "chess" (0.50), "insurance" (0.46) or "flood"
 * (0.34) mean in papers what the dictionary says; "transformer" (0.19: an electrical device) and
 * "kernel" (0.09: a grain of cereal) do not.
 */
const AGREEMENT = [0.2, 0.4] as const;

/**
 * The parts' word vectors with each word moved towards its definitions; words without one keep
 * theirs. `frequencies` are the words' shares of the corpus's tokens. A word without a vector (no
 * context in the corpus) takes its definition's.
 */
export function defineWords(parts: ModelParts, definitions: ReadonlyMap<string, readonly string[]>, frequencies: ArrayLike<number>): Float32Array {
  const { dims, vectors } = parts;
  const out = new Float32Array(vectors);
  const byTerm = definitionsByTerm(definitions);
  if (byTerm.size === 0) return out;
  const draft = CorpusModel.from({ ...parts, common: new Float32Array(dims) });
  for (let i = 0; i < parts.words.length; i++) {
    const texts = byTerm.get(parts.words[i]!);
    if (!texts) continue;
    const own = vectors.subarray(i * dims, (i + 1) * dims);
    const nearest = nearestDefinition(draft, own, texts, parts.words[i]!);
    if (!nearest) continue;
    const { meaning, cosine } = nearest;
    const rarity = SETTLED_FREQUENCY / (SETTLED_FREQUENCY + frequencies[i]!);
    const agreement = Math.min(1, Math.max(0, (cosine - AGREEMENT[0]) / (AGREEMENT[1] - AGREEMENT[0])));
    const pull = DEFINITION_WEIGHT * Math.max(rarity, agreement);
    const row = out.subarray(i * dims, (i + 1) * dims);
    for (let k = 0; k < dims; k++) row[k] = own[k]! + pull * meaning[k]!;
    normalize(row);
  }
  return out;
}

/**
 * The unit vector of the definition nearest `own` (by cosine), without the defined term itself
 * ("pig it: live like a pig" is no nearer "pig" for naming it), or null when the model knows no
 * other word of any.
 */
function nearestDefinition(model: CorpusModel, own: Float32Array, texts: readonly string[], term: string): { meaning: Float32Array; cosine: number } | null {
  let best: Float32Array | null = null;
  let bestCosine = Number.NEGATIVE_INFINITY;
  for (const text of texts) {
    const v = model.embedTokens((add) => {
      for (const t of terms(text)) {
        const j = t === term ? -1 : model.indexOf(t);
        if (j >= 0) add(j, false);
      }
    });
    let cosine = 0;
    for (let k = 0; k < v.length; k++) cosine += v[k]! * own[k]!;
    if (v.some((x) => x !== 0) && cosine > bestCosine) {
      bestCosine = cosine;
      best = v;
    }
  }
  return best ? { meaning: best, cosine: bestCosine } : null;
}

/** Definitions keyed by the model's terms (a lemma that is one term once stemmed: "stuttering" and "stutter" share theirs). */
function definitionsByTerm(definitions: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [lemma, texts] of definitions) {
    const t = terms(lemma);
    if (t.length !== 1) continue;
    const list = out.get(t[0]!) ?? [];
    list.push(...texts);
    out.set(t[0]!, list);
  }
  return out;
}
