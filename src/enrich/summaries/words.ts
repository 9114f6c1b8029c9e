import { STOP_TERMS } from '../../search/stopwords.js';
import { stem } from '../../search/stem.js';

/**
 * Words of a title or abstract for summaries and keywords: `$…$` math, URLs and markup-looking
 * text are left out (they are neither keywords nor the words a title shares with a sentence).
 * A word keeps its case and inner hyphens (open-world, GPT-4, LLMs).
 */
const WORD = /[A-Za-z0-9](?:[A-Za-z0-9'’]|-(?=[A-Za-z0-9]))*/g;

/** Text without math, URLs and tags: each is replaced by a phrase break. */
export function proseOnly(text: string): string {
  return text
    .replace(/\$[^$]*\$/g, ' | ')
    .replace(/https?:\/\/\S+|www\.\S+/gi, ' | ')
    .replace(/<[^>]*>/g, ' | ');
}

/** The words of `text` in order, stopwords included. */
export function words(text: string): string[] {
  return [...proseOnly(text).matchAll(WORD)].map((m) => m[0].replace(/['’]s$/, ''));
}

/** The words that are not stopwords (for title overlap). */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !isStopword(w));
}

/**
 * Words that end a keyphrase: the search stopwords plus function words, reporting verbs and the
 * vocabulary every abstract uses ("propose", "novel", "results"). RAKE splits at words like these.
 */
const EXTRA = `
aim aimed aims detail details elicit elicits about above across after against along also although among amongst another any around because before being below between beyond both but
could did do does doing done down during each either else enough even ever every few first further given had having he her here hers how
however if i itself just last least less many may me might mine more most much must my neither never no nor not now off often once one only
other others otherwise out over own per rather same several shall she should since so some such than then there thereby therefore thus
those though three through throughout thus too two under until up upon us very via was what whatever when where whether who whom whose why
will within without would yet you your yours
able achieve achieved achieves achieving address addressed addresses allow allows allowing apply applied applying based become becomes
bring brings called can cannot conduct conducted consider considered consist consists contain contains demonstrate demonstrated
demonstrates demonstrating describe described design designed designs develop developed develops effectively efficiently enable enabled
enables enabling ensure ensures evaluate evaluated evaluates evaluating exhibit exhibits existing explore explored explores extensive
extensively find finds found focus focuses following further generally get gets given gives giving help helps highly however improve
improved improves improving include includes including incorporate incorporates introduce introduced introduces introducing investigate
investigated investigates involve involves known lack lacks lead leads leading leverage leverages leveraging like make makes making
mainly namely need needs notably obtain obtained obtains offer offers outperform outperforming outperforms perform performed performs
present presented presenting presents propose proposed proposes proposing provide provided provides providing reach reaches reduce
reduces remain remains require requires requiring reveal reveals see seen serve serves show showed showing shown shows significantly
simply specifically study studies substantially suggest suggests surpass surpasses take takes termed towards toward use used uses using
utilize utilizes utilizing well whereby yield yields
approach approaches art better challenge challenges challenging comprehensive crucial current different effective efficient
experiment experiments experimental extensive fact framework frameworks furthermore great important improvement improvements issue issues
key large larger method methods moreover new novel overall paper particular performance previous problem problems promising recent
recently result results robust significant simple state strong superior task tasks technique techniques various way ways work works
`;
const EXTRA_WORDS = new Set(EXTRA.split(/\s+/).filter(Boolean));
const EXTRA_STEMS = new Set([...EXTRA_WORDS].map(stem));

export function isStopword(word: string): boolean {
  const lower = word.toLowerCase();
  if (EXTRA_WORDS.has(lower)) return true;
  const s = stem(lower);
  return STOP_TERMS.has(s) || EXTRA_STEMS.has(s);
}

/** A stable key for a word: lowercase, stemmed (a hyphenated word by its last part). */
export function wordKey(word: string): string {
  // An acronym's plural is the acronym: RMs, LLMs, VLMs.
  if (/^[A-Z0-9][A-Z0-9-]*[A-Z]s$/.test(word)) word = word.slice(0, -1);
  const lower = word.toLowerCase().replace(/[’']/g, '');
  const dash = lower.lastIndexOf('-');
  return dash < 0 ? stem(lower) : `${lower.slice(0, dash + 1)}${stem(lower.slice(dash + 1))}`;
}

/** An acronym or a coined name keeps its case: LLMs, GPT-4, FlowVid, 3D (a capital past the first letter of a part); Open-World does not. */
export function keepsCase(word: string): boolean {
  return word.split(/[\s-]/).some((part) => /[A-Z]/.test(part.slice(1)) || /^[0-9]+[A-Z]/.test(part) || /^[A-Z][0-9]+$/.test(part));
}
