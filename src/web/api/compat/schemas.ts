import { z } from 'zod';
import { textParamOf, wholeNumberParam } from '../../http/query-params.js';

/** Input of the compatible API, with the public API's limits. */

/** 100,000 pages of up to 100 papers: deeper than any period holds (an arXiv month is ~25,000). */
const MAX_PAGE = 100_000;

export const dailyPapersQuery = z.object({
  date: textParamOf(40).optional(),
  week: textParamOf(40).optional(),
  month: textParamOf(40).optional(),
  submitter: textParamOf(100).optional(),
  sort: z.enum(['publishedAt', 'trending'], { error: 'must be publishedAt or trending' }).optional().transform((v) => v ?? 'publishedAt'),
  p: wholeNumberParam(0, MAX_PAGE, 0),
  limit: wholeNumberParam(1, 100, 50),
});

export const paperSearchQuery = z.object({
  // 250 characters: the public API's limit.
  q: textParamOf(250).optional().transform((v) => v ?? ''),
  limit: wholeNumberParam(1, 120, 50),
});

export const paperListQuery = z.object({
  cursor: textParamOf(200).optional(),
  limit: wholeNumberParam(1, 100, 50),
});

const commentText = z.string({ error: 'comment: text is required' });

export const submitBody = z.object({ paper_id: z.string({ error: 'paper_id: an arXiv id is required' }).max(300), comment: commentText.optional() });
export const indexBody = z.object({ arxivId: z.string({ error: 'arxivId: an arXiv id is required' }).max(300) });
export const commentBody = z.object({ comment: commentText });
