/**
 * A light English stemmer: five suffix rules, applied in order, each easy to predict. The same
 * function runs on documents and queries, so a stem only has to be consistent, not a real word.
 *
 *   1. plurals        studies -> study, approaches -> approach, models -> model (not -ss, -us, -is)
 *   2. adverbs        efficiently -> efficient (only -ally, -ently, -antly, -ously, -ively, -fully, -ingly, -edly)
 *   3. -ate family    generation, generates, generated, generating, generate -> gener;
 *                     computation -> comput (= compute after rule 5), optimization -> optimiz
 *   4. -ing / -ed     training -> train, embedded -> embed (doubled consonant undone)
 *   5. final e, ll    language -> languag, image -> imag, install -> instal
 *
 * Why not Porter: its 60 rules surprise readers ("university" and "universe" meet, "general"
 * becomes "gener" too) and searching for a word should find that word first. "attention" keeps
 * its -tion (only -ation is a rule), so "attention" and "attentions" meet but not "attend".
 * Guards: words under 4 letters, words with digits or non a-z letters are left alone (gpt4, 3d,
 * arXiv ids, names in other scripts); a rule applies only if 3+ letters with a vowel remain.
 */
/** Words no rule may touch: they only look inflected (embed is not emb + ed). */
const KEEP = new Set(['bias', 'alias', 'atlas', 'canvas', 'lens', 'chaos', 'always', 'perhaps', 'whereas', 'thus', 'news', 'embed', 'hundred', 'sacred']);
const ADVERBS = ['ally', 'ently', 'antly', 'ously', 'ively', 'fully', 'ingly', 'edly'];
const ATE_FAMILY = ['ation', 'ated', 'ating', 'ate'];

export function stem(word: string): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
  if (KEEP.has(word)) return word;
  let w = plural(word);
  if (KEEP.has(w)) return w;
  w = adverb(w);
  const family = strip(w, ATE_FAMILY);
  if (family !== w) return family;
  w = inflection(w);
  return finalLetters(w);
}

function plural(w: string): string {
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|ch|sh|x)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

function adverb(w: string): string {
  for (const suffix of ADVERBS) if (w.endsWith(suffix) && isStem(w.slice(0, -2))) return w.slice(0, -2);
  return w;
}

/** The first suffix in `suffixes` that leaves a valid stem is cut; otherwise w unchanged. */
function strip(w: string, suffixes: readonly string[]): string {
  for (const suffix of suffixes) {
    if (w.endsWith(suffix) && isStem(w.slice(0, -suffix.length))) return w.slice(0, -suffix.length);
  }
  return w;
}

function inflection(w: string): string {
  let cut = w;
  if (w.endsWith('ing')) cut = w.slice(0, -3);
  else if (w.endsWith('ed') && !w.endsWith('eed')) cut = w.slice(0, -2);
  if (cut === w || !isStem(cut)) return w;
  // running -> runn -> run, embedded -> embedd -> embed; "ss" and "zz" stay (passing -> pass).
  const n = cut.length;
  if (cut[n - 1] === cut[n - 2] && !'aeiousz'.includes(cut[n - 1]!) && isStem(cut.slice(0, -1))) return cut.slice(0, -1);
  return cut;
}

/** Final e (compute/computing, image/imaging) and ll (install/installing, modelling/modeling). */
function finalLetters(w: string): string {
  if (w.length >= 4 && w.endsWith('e') && !w.endsWith('ee') && isStem(w.slice(0, -1))) return w.slice(0, -1);
  if (w.length >= 4 && w.endsWith('ll')) return w.slice(0, -1);
  return w;
}

/** At least 3 letters, one of them a vowel: "str" from "string" is no stem. */
function isStem(s: string): boolean {
  return s.length >= 3 && /[aeiouy]/.test(s);
}
