/**
 * BM25F: one saturation over the weighted, length-normalized term frequencies of all fields.
 *
 *   tf~  = Σ_f  w_f · tf_f / (1 − b_f + b_f · len_f / avglen_f)
 *   score(term, doc) = idf(term) · tf~ (k1 + 1) / (k1 + tf~)
 *   idf  = ln(1 + (N − df + 0.5) / (df + 0.5))        (never negative, even for df > N/2)
 *
 * Fields and weights:
 * - title 3, b 0.5: a title is the authors' own 9-word summary (seed average); a word there
 *   (tf~ ≈ 3, saturation 1.57) outweighs one mention in the abstract (tf~ ≈ 1, 1.0) and equals
 *   about three. Titles vary less in length than abstracts, hence the milder b.
 * - abstract 1, b 0.75: the reference field, usual BM25 prose setting.
 * - authors 2, b 0.3: a name is strong evidence (a query "Schölkopf" wants his papers before
 *   those citing him in the abstract); weak length normalization so that a 30-author paper is
 *   not buried (seed average: 9.4 authors).
 * - id 5, b 0: the paper's own arXiv id, when the key is one; a typed id must find its paper
 *   first, above papers that merely mention it.
 * k1 = 1.2: usual for short documents; saturation reaches 2/3 of its maximum at tf~ ≈ 1.2.
 *
 * The saturation part is computed at index time and kept in one byte per posting (255 levels of
 * [0, k1 + 1): half a level is ±0.7% for one mention in a long abstract, level ~75); idf is applied at query time, from the current
 * document counts of all segments, so a delta segment and the main one score alike.
 */
export const FIELDS = 4;
export const TITLE = 0;
export const ABSTRACT = 1;
export const AUTHORS = 2;
export const ID = 3;

const WEIGHT = [3, 1, 2, 5];
const B = [0.5, 0.75, 0.3, 0];
const K1 = 1.2;
const LEVELS = 255;

/**
 * Average field lengths assumed while the index holds fewer than 1,000 documents (too few to
 * measure), from the seed corpus: title 9, abstract 170, authors 19 tokens; id 1.
 */
export const PRIOR_AVG_LEN: readonly number[] = [9, 170, 19, 1];
export const MIN_DOCS_FOR_AVG = 1_000;

/** Per-field multipliers for one document: tf~ = Σ tf_f · norms[f]. */
export function fieldNorms(lengths: ArrayLike<number>, avgLen: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let f = 0; f < FIELDS; f++) {
    const avg = avgLen[f]! > 0 ? avgLen[f]! : 1;
    out[f] = WEIGHT[f]! / (1 - B[f]! + (B[f]! * lengths[f]!) / avg);
  }
  return out;
}

/** The impact byte of a weighted term frequency tf~ (> 0 gives 1..255). */
export function quantize(tf: number): number {
  const saturation = tf / (K1 + tf); // (k1 + 1) is folded into SCORE_UNIT
  return Math.max(1, Math.min(LEVELS, Math.round(saturation * LEVELS)));
}

/** The impact of a word once in a title of average length (tf~ = 3): a strong match. */
export const TITLE_MATCH_LEVEL = quantize(WEIGHT[TITLE]!);

/** Score of one impact level for a term of weight idf: score = idf · SCORE_UNIT · impact. */
export const SCORE_UNIT = (K1 + 1) / LEVELS;

export function idf(docs: number, df: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}
