import { z } from 'zod';

/**
 * Input of the compatible API, with the public API's limits. Query values arrive as strings;
 * a repeated parameter arrives as an array and is refused like any other bad value.
 */

/** A whole number from a query string, in [min, max]; a missing value takes `fallback`. */
function wholeNumber(min: number, max: number, fallback: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string({ error: message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .optional()
    .transform((v) => v ?? fallback);
}

const text = (max: number) => z.string({ error: 'must be given once, as text' }).max(max, `must be at most ${max} characters`);

/** 100,000 pages of up to 100 papers: deeper than any period holds (an arXiv month is ~25,000). */
const MAX_PAGE = 100_000;

export const dailyPapersQuery = z.object({
  date: text(40).optional(),
  week: text(40).optional(),
  month: text(40).optional(),
  submitter: text(100).optional(),
  sort: z.enum(['publishedAt', 'trending'], { error: 'must be publishedAt or trending' }).optional().transform((v) => v ?? 'publishedAt'),
  p: wholeNumber(0, MAX_PAGE, 0),
  limit: wholeNumber(1, 100, 50),
});

export const paperSearchQuery = z.object({
  // 250 characters: the public API's limit.
  q: text(250).optional().transform((v) => v ?? ''),
  limit: wholeNumber(1, 120, 50),
});

export const paperListQuery = z.object({
  cursor: text(200).optional(),
  limit: wholeNumber(1, 100, 50),
});

const commentText = z.string({ error: 'comment: text is required' });

export const submitBody = z.object({ paper_id: z.string({ error: 'paper_id: an arXiv id is required' }).max(300), comment: commentText.optional() });
export const indexBody = z.object({ arxivId: z.string({ error: 'arxivId: an arXiv id is required' }).max(300) });
export const commentBody = z.object({ comment: commentText });
