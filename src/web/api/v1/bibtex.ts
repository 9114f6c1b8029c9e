import { z } from 'zod';
import { tryParseArxivId } from '../../../domain/arxiv-id.js';
import { bibtexForMany } from '../../../domain/bibtex.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { cardsByIds } from '../../../store/feed.js';
import { findPaper } from '../../../store/papers.js';
import type { PaperState } from '../../../domain/paper-state.js';
import { defineRoute } from './http.js';
import { BIBTEX_TYPE } from './papers.js';
import { errorSchema, textParam } from './schemas.js';

/** A bibliography of 100 papers: a long reading list; more is a job for the all-papers listing. */
const MAX_IDS = 100;

/** `/api/v1/bibtex?ids=a,b,c`: one BibTeX file for a list of papers, in the order given. */
export const bibtexList = defineRoute({
  tag: 'BibTeX',
  summary: 'BibTeX for a list of papers',
  description: `Entries in the order given, repeated citation keys suffixed a, b, c… Up to ${MAX_IDS} ids, comma-separated, any form; a malformed id is a 400, an unknown or hidden one a 404 naming it.`,
  query: z.strictObject({ ids: textParam(MAX_IDS * 40, `Comma-separated arXiv ids (at most ${MAX_IDS})`) }),
  responses: { 200: { description: 'BibTeX', contentType: BIBTEX_TYPE }, 400: { description: 'Malformed id or too many', schema: errorSchema }, 404: { description: 'Unknown or hidden ids', schema: errorSchema } },
  example: '/api/v1/bibtex?ids=2401.00001,hep-th/9901001',
  async handler(call) {
    const raw = call.query.ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (raw.length === 0) throw new InvalidInputError('ids: give at least one arXiv id', 'invalid_parameter');
    if (raw.length > MAX_IDS) throw new InvalidInputError(`ids: at most ${MAX_IDS} ids, not ${raw.length}`, 'invalid_parameter');
    const ids = [...new Set(raw.map((r) => {
      const parsed = tryParseArxivId(r);
      if (typeof parsed === 'string') throw new InvalidInputError(`ids: ${parsed}`, 'invalid_id');
      return parsed.id;
    }))];
    const visible = new Set((await cardsByIds(call.deps.store, ids)).map((c) => c.id));
    const missing = ids.filter((id) => !visible.has(id));
    if (missing.length) throw new InvalidInputError(`no paper ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''} here`, 'not_found');
    const papers: PaperState[] = [];
    for (const id of ids) papers.push((await findPaper(call.deps.store, id))!);
    return { body: `${bibtexForMany(papers)}\n`, contentType: BIBTEX_TYPE };
  },
});
