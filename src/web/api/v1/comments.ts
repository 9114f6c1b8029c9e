import { z } from 'zod';
import { cleanCommentBody, LIMITS } from '../../../domain/community-rules.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { addComment, countCommentsSince, findComment, listComments } from '../../../store/comments.js';
import type { User } from '../../../store/users.js';
import { RateLimitedError } from '../../pages/comments.js';
import type { WebDeps } from '../../pages/page.js';
import { defineRoute } from './http.js';
import { presentComment } from './presenters.js';
import { commentListSchema, commentSchema, errorSchema, idParams } from './schemas.js';
import { visiblePaper } from './papers.js';

/** `/api/v1/papers/{id}/comments`: read a paper's discussion, add to it. */

export const paperComments = defineRoute({
  tag: 'Comments',
  summary: "A paper's comments",
  description: 'Every comment in thread order (each top-level comment followed by its replies, by time). Deleted and hidden comments keep their place without their text.',
  params: idParams,
  responses: { 200: { description: 'The comments', schema: commentListSchema }, 400: { description: 'Malformed id', schema: errorSchema }, 404: { description: 'No such visible paper', schema: errorSchema } },
  example: '/api/v1/papers/2401.00001/comments',
  async handler(call) {
    const { card } = await visiblePaper(call.deps, call.params.id);
    return { body: { paper_id: card.id, comments: (await listComments(call.deps.store, card.id)).map(presentComment) } };
  },
});

export const addPaperComment = defineRoute({
  tag: 'Writes',
  summary: 'Comment on a paper',
  description: `Markdown with \`$math$\`, at most ${LIMITS.commentMaxChars.toLocaleString('en-US')} characters; \`parent_id\` replies to a comment (replies are one level deep: a reply to a reply joins its thread). ${LIMITS.commentsPer10Minutes} comments per 10 minutes, as on the site.`,
  auth: true,
  params: idParams,
  body: z.strictObject({
    body: z.string({ error: 'body: the comment text is required' }).meta({ description: 'The comment, Markdown' }),
    parent_id: z.number({ error: 'parent_id: must be a comment id (a number)' }).int().positive().optional().meta({ description: 'The comment this replies to' }),
  }),
  responses: {
    201: { description: 'The new comment', schema: commentSchema },
    400: { description: 'Empty or too long, or the parent is gone', schema: errorSchema },
    401: { description: 'No valid token', schema: errorSchema },
    404: { description: 'No such visible paper', schema: errorSchema },
    429: { description: 'Comment or write rate limit', schema: errorSchema },
  },
  example: '/api/v1/papers/2401.00001/comments',
  exampleBody: { body: 'The ablation in Table 3 answers my question: $k = 4$ is enough.' },
  async handler(call) {
    const { card } = await visiblePaper(call.deps, call.params.id);
    const id = await postComment(call.deps, call.identity!.user, { paperId: card.id, body: call.body.body, parentId: call.body.parent_id ?? null }, (seconds) => call.reply.header('retry-after', String(seconds)));
    const comment = (await findComment(call.deps.store, id))!;
    return { status: 201, body: presentComment(comment) };
  },
});

/**
 * Posts a comment under the site's rules: clean body, a living parent on the same paper (a
 * reply to a reply joins the top-level thread), at most LIMITS.commentsPer10Minutes per user.
 * `onLimited` receives the seconds to wait before the RateLimitedError is thrown.
 */
export async function postComment(deps: WebDeps, user: User, c: { paperId: string; body: unknown; parentId: number | null }, onLimited: (seconds: number) => void = () => {}): Promise<number> {
  const body = cleanCommentBody(c.body);
  let parentId: number | null = null;
  if (c.parentId !== null) {
    const parent = await findComment(deps.store, c.parentId);
    if (!parent || parent.paperId !== c.paperId || parent.deletedAt || parent.hiddenAt) throw new InvalidInputError('parent_id: the comment you reply to is gone or on another paper', 'invalid_parent');
    parentId = parent.parentId ?? parent.id;
  }
  const now = deps.now();
  if ((await countCommentsSince(deps.store, user.id, new Date(now.getTime() - 10 * 60_000))) >= LIMITS.commentsPer10Minutes) {
    onLimited(600);
    throw new RateLimitedError(`you have posted ${LIMITS.commentsPer10Minutes} comments in 10 minutes: wait a little`);
  }
  const id = await addComment(deps.store, { paperId: c.paperId, userId: user.id, parentId, body, now });
  deps.cache.clear();
  return id;
}
