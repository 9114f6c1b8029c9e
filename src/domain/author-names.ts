/**
 * Author names as papers write them, folded to one key per person (src/authors/, the `authors`
 * table). The rule, chosen to merge the obvious variants and never two different first names:
 *
 * 1. Accents and case fold: "José Núñez" = "Jose Nunez"; ß, ø, ł, æ, œ, đ, ı spelled in ASCII.
 * 2. "Last, First" becomes "First Last" (one comma; "Smith, Jr." keeps "Jr." as a suffix).
 * 3. Punctuation goes: dots, commas and quotes separate words; hyphens and apostrophes join them
 *    ("Xiao-Ming" = "Xiaoming", "O'Brien" = "OBrien"). Suffixes (Jr, Sr, II, III, IV) go.
 * 4. Middle initials go: "John A. Smith" = "John Smith" = "John A Smith". Full middle names stay
 *    ("John Adam Smith" is not "John Smith"), and so does a first name written as an initial:
 *    "J. Smith" is not "John Smith" (it may be Jane), and such a name keeps its middle initials
 *    too ("Y. B. Wang" is not "Y. Q. Wang" nor "Y. Wang": initials are all it has).
 *
 * The known wrong merge this allows: two people who differ only by a middle initial
 * ("John A. Smith", "John B. Smith"). Moderators split them (bench/authors.ts counts them).
 * The key is first word + full middle words + last word; names in scripts without Latin letters
 * keep their letters (lowercased) and get a numbered slug.
 */

import { tryParseArxivId } from './arxiv-id.js';

const SPECIAL: Record<string, string> = { ß: 'ss', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', đ: 'd', Đ: 'd', ı: 'i', þ: 'th', ð: 'd' };
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
/** Longest display name kept; longer ones are noise (a whole author list in one field). */
export const MAX_NAME_CHARS = 200;
const MAX_SLUG_CHARS = 60;

/** Accents off, special letters in ASCII, lower case. */
export function foldAccents(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßøØłŁæÆœŒđĐıþð]/g, (c) => SPECIAL[c] ?? c)
    .toLowerCase();
}

/** The name as pages show it: whitespace and control characters folded, "Last, First" turned round; '' when nothing is left. */
export function displayName(raw: string): string {
  const clean = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
  return turnRound(clean).slice(0, MAX_NAME_CHARS).trim();
}

function turnRound(name: string): string {
  const parts = name.split(',').map((p) => p.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) return name;
  if (SUFFIXES.has(foldAccents(parts[1]).replace(/\./g, ''))) return name;
  return `${parts[1]} ${parts[0]}`;
}

/** The words of a name after rules 1-3 (suffixes dropped). */
function words(raw: string): string[] {
  const folded = foldAccents(displayName(raw))
    .replace(/['’`´‐‑-]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const all = folded ? folded.split(' ') : [];
  while (all.length > 1 && SUFFIXES.has(all.at(-1)!)) all.pop();
  return all;
}

/**
 * The merge key of a name (rule 4 on top of 1-3): '' for a name with no letters or digits.
 * Two names are one author exactly when their keys are equal.
 */
export function authorKey(raw: string): string {
  const w = words(raw);
  if (w.length <= 2) return w.join(' ');
  // A first name written as an initial keeps its middle initials: "Y. B. Wang" is not "Y. Q. Wang".
  const middle = w[0]!.length === 1 ? w.slice(1, -1) : w.slice(1, -1).filter((m) => m.length > 1);
  return [w[0]!, ...middle, w.at(-1)!].join(' ');
}

/** The middle initials a name carries (for spotting merges of "John A." with "John B."). */
export function middleInitials(raw: string): string {
  const w = words(raw);
  return w.slice(1, -1).filter((m) => m.length === 1).join('');
}

/** A slug from a key: ASCII letters and digits joined by hyphens; 'author' when none are left. */
export function slugBase(key: string): string {
  const slug = foldAccents(key).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_SLUG_CHARS).replace(/-+$/, '');
  return slug || 'author';
}

/** The first free slug: `base`, else `base-2`, `base-3`, ... (`taken` answers for one slug). */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/** Words in a query past which it is a topic, not a name ("Geoffrey E. Hinton" has three). */
const NAME_QUERY_WORDS = 5;

/**
 * The keys a search query names an author by (src/store/authors.ts authorsNamed), or none: a
 * query of one to five words, no quotes, not an arXiv id. It folds as names do (accents, case,
 * "Last, First", middle initials); two words are also tried the other way round ("hinton
 * geoffrey"), and moderators' splits of the name (`key#1`, src/store/author-moderation.ts) count.
 */
export function authorQueryKeys(q: string): string[] {
  const text = q.trim();
  if (text === '' || /["“”]/.test(text) || typeof tryParseArxivId(text) !== 'string') return [];
  if (text.split(/\s+/).length > NAME_QUERY_WORDS) return [];
  const key = authorKey(text);
  if (key.length < 3) return [];
  const w = key.split(' ');
  const keys = w.length === 2 ? [key, `${w[1]} ${w[0]}`] : [key];
  return keys.flatMap((k) => [k, `${k}#1`, `${k}#2`, `${k}#3`]);
}
