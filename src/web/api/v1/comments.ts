import { z } from 'zod';
import { LIMITS } from '../../../domain/community-rules.js';
import { findComment, listComments } from '../../../store/comments.js';
import { MAX_ROW_ID } from '../../http/query-params.js';
import { postComment } from '../../post-comment.js';
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
    parent_id: z.number({ error: 'parent_id: must be a comment id (a number)' }).int().positive().max(MAX_ROW_ID, 'parent_id: not a comment id').optional().meta({ description: 'The comment this replies to' }),
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
    const id = await postComment(call.deps, call.identity!.user, { paperId: card.id, body: call.body.body, parentId: call.body.parent_id ?? null });
    const comment = (await findComment(call.deps.store, id))!;
    return { status: 201, body: presentComment(comment) };
  },
});
