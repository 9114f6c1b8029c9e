/**
 * A light English stemmer: plurals and the commonest suffixes, nothing clever. Predictable
 * beats aggressive for search: "models" and "model" meet, "attention" stays "attention"
 * (a full Porter stemmer would make it "attent", and "university"/"universe" collide).
 * Words under 4 letters and words with digits are left alone (gpt4, 3d, llm).
 */
const KEEP = new Set(['this', 'less', 'loss', 'class', 'gauss', 'bias', 'analysis', 'basis', 'thesis', 'process', 'access', 'success', 'across', 'always', 'news', 'series', 'species', 'physics', 'mathematics', 'statistics', 'robotics', 'dynamics', 'kinetics', 'economics', 'ethics', 'semantics', 'linguistics', 'genomics', 'graphics', 'mechanics', 'optics', 'metrics', 'was', 'has', 'its', 'is', 'us', 'gas', 'lens', 'chaos', 'corpus', 'status', 'bayes', 'focus', 'consensus', 'virus', 'bus']);

export function stem(w: string): string {
  if (w.length < 4 || /\d/.test(w) || KEEP.has(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ches') || w.endsWith('shes') || w.endsWith('xes') || w.endsWith('zes')) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) return undouble(w.slice(0, -3));
  if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) return undouble(w.slice(0, -2));
  return w;
}

/** running -> runn -> run; but keep "ll", "ss", "zz" (install, pass). */
function undouble(w: string): string {
  const n = w.length;
  if (n > 3 && w[n - 1] === w[n - 2] && !'lsz'.includes(w[n - 1]!)) return w.slice(0, -1);
  return w;
}
