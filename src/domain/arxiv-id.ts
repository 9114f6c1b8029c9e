import { InvalidInputError } from './errors.js';

/** An arXiv identifier, split into the paper id (no version) and the optional version. */
export interface ArxivId {
  /** Canonical id without version: `2401.01234` or `hep-th/9901001`. */
  id: string;
  /** Version number, or null when the input named no version (= latest). */
  version: number | null;
  scheme: 'new' | 'old';
}

// Archives of the old scheme (1991-2007), as listed by arXiv. Old ids are `archive/YYMMNNN`;
// users also paste the subject class (`math.GT/0309136`), which is not part of the id.
const OLD_ARCHIVES = new Set([
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'astro-ph', 'atom-ph', 'bayes-an', 'chao-dyn',
  'chem-ph', 'cmp-lg', 'comp-gas', 'cond-mat', 'cs', 'dg-ga', 'funct-an', 'gr-qc', 'hep-ex',
  'hep-lat', 'hep-ph', 'hep-th', 'math', 'math-ph', 'mtrl-th', 'nlin', 'nucl-ex', 'nucl-th',
  'patt-sol', 'physics', 'plasm-ph', 'q-alg', 'q-bio', 'quant-ph', 'solv-int', 'supr-con',
]);

const NEW_ID = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d+))?$/;
const OLD_ID = /^([a-z-]+)(?:\.([A-Za-z-]+))?\/(\d{2})(\d{2})(\d{3})(?:v(\d+))?$/;
// Prefixes people paste in front of the id: URLs of the abs/pdf/html pages, `arXiv:`, OAI ids.
const URL_PREFIX = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format)\//i;
const PATH_PREFIX = /^\/?(?:abs|pdf|html)\//i;
const OTHER_PREFIX = /^(?:oai:arxiv\.org:|arxiv:)/i;

/**
 * Parses any form users paste: `2401.01234`, `2401.01234v3`, `arXiv:2401.01234`,
 * `https://arxiv.org/abs/2401.01234v2`, `/pdf/2401.01234v2.pdf`, `hep-th/9901001`,
 * `math.GT/0309136` (-> `math/0309136`). Throws InvalidInputError with the reason otherwise.
 */
export function parseArxivId(input: string): ArxivId {
  const result = tryParseArxivId(input);
  if (typeof result === 'string') throw new InvalidInputError(result, 'invalid_arxiv_id');
  return result;
}

/** Like parseArxivId, but returns the reason as a string instead of throwing. */
export function tryParseArxivId(input: string): ArxivId | string {
  const raw = String(input ?? '').trim();
  if (raw === '') return 'empty arXiv id';
  if (raw.length > 300) return 'arXiv id too long';
  let rest = raw.replace(URL_PREFIX, '').replace(PATH_PREFIX, '').replace(OTHER_PREFIX, '');
  rest = rest.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.pdf$/i, '');
  const show = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}...` : raw);

  const m = NEW_ID.exec(rest);
  if (m) {
    const [, yy, mm, num, v] = m as unknown as [string, string, string, string, string | undefined];
    const month = Number(mm);
    if (month < 1 || month > 12) return `invalid arXiv id ${show}: month ${mm} does not exist`;
    const yymm = Number(yy + mm);
    if (yymm < 704) return `invalid arXiv id ${show}: new-style ids start in April 2007 (0704)`;
    // 4-digit numbers until 1412, 5 digits from 1501 on.
    if (yymm <= 1412 && num.length !== 4) return `invalid arXiv id ${show}: ids before 1501 have 4 digits after the dot`;
    if (yymm >= 1501 && num.length !== 5) return `invalid arXiv id ${show}: ids from 1501 on have 5 digits after the dot`;
    const version = parseVersion(v);
    if (version === 0) return `invalid arXiv id ${show}: versions start at v1`;
    return { id: `${yy}${mm}.${num}`, version, scheme: 'new' };
  }

  const o = OLD_ID.exec(rest);
  if (o) {
    const [, archive, , yy, mm, num, v] = o as unknown as [string, string, string | undefined, string, string, string, string | undefined];
    if (!OLD_ARCHIVES.has(archive)) return `invalid arXiv id ${show}: unknown archive "${archive}"`;
    const month = Number(mm);
    if (month < 1 || month > 12) return `invalid arXiv id ${show}: month ${mm} does not exist`;
    const year = Number(yy) >= 91 ? 1900 + Number(yy) : 2000 + Number(yy);
    // arXiv opened in August 1991; from April 2007 every new paper got a new-style id.
    const yyyymm = year * 100 + month;
    if (yyyymm < 199108 || yyyymm > 200703) return `invalid arXiv id ${show}: old-style ids run from 9108 (August 1991) to 0703 (March 2007)`;
    const version = parseVersion(v);
    if (version === 0) return `invalid arXiv id ${show}: versions start at v1`;
    return { id: `${archive}/${yy}${mm}${num}`, version, scheme: 'old' };
  }
  return `invalid arXiv id ${show}: expected a form such as 2401.01234, 2401.01234v2, arXiv:2401.01234, an arxiv.org/abs or /pdf link, or hep-th/9901001`;
}

function parseVersion(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : 0;
}

/** True when the string is a canonical id without version. */
export function isCanonicalArxivId(id: string): boolean {
  const parsed = tryParseArxivId(id);
  return typeof parsed !== 'string' && parsed.id === id && parsed.version === null;
}

/** Canonical links of a paper on arXiv. */
export function arxivLinks(id: string, version?: number | null): { abs: string; pdf: string } {
  const v = version ? `v${version}` : '';
  return { abs: `https://arxiv.org/abs/${id}${v}`, pdf: `https://arxiv.org/pdf/${id}${v}` };
}

/**
 * arXiv's HTML rendering of a paper (`https://arxiv.org/html/2401.01234`): it exists for papers
 * submitted from December 2023 on (ids from 2312.), null for older ones.
 */
export function arxivHtmlUrl(id: string): string | null {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  if (!m || Number(m[1]) * 100 + Number(m[2]) < 2312) return null;
  return `https://arxiv.org/html/${id}`;
}
