import { parseArxivId } from '../domain/arxiv-id.js';
import { InvalidInputError } from '../domain/errors.js';
import type { SourceItem } from '../domain/paper.js';
import type { Store } from '../store/database.js';
import { findPaper } from '../store/papers.js';
import { creditSubmission } from '../store/submissions.js';
import type { ArxivHttpClient } from './arxiv-http.js';
import { ingestItems } from './pipeline.js';
import { fetchByIds } from './sources/arxiv-api.js';

export type SubmitOutcome = { status: 'exists'; id: string } | { status: 'added'; id: string };

/**
 * A user submits a paper by any id form: a paper already in the store is not duplicated (the
 * caller links to it); a new one is fetched from the arXiv API, enters through the pipeline
 * like every other record, joins today's feed (dailyAt = now) and is credited to the user.
 * Throws InvalidInputError for a malformed or unknown id, UpstreamError when arXiv fails.
 */
export async function submitPaper(store: Store, client: ArxivHttpClient, apiUrl: string, input: string, userId: number, now = new Date()): Promise<SubmitOutcome> {
  const { id } = parseArxivId(input);
  if (await findPaper(store, id)) return { status: 'exists', id };
  const items = await fetchByIds(client, apiUrl, [id]);
  const found = items.find((i): i is Extract<SourceItem, { record: unknown }> => 'record' in i && i.record.id === id);
  if (!found) {
    const rejection = items.find((i) => 'rejected' in i);
    const reason = rejection && 'rejected' in rejection ? rejection.rejected.reason : 'arXiv has no paper with this id';
    throw new InvalidInputError(`${id}: ${reason}`, 'unknown_paper');
  }
  const record = { ...found.record, dailyAt: now.toISOString() };
  let problem: string | undefined;
  await ingestItems(store, [{ record, at: `submission of ${id}` }], { now, onRejected: (r) => (problem = r.reason) });
  if (problem) throw new InvalidInputError(`${id}: arXiv's record cannot be used (${problem})`, 'invalid_paper');
  await creditSubmission(store, id, userId, now);
  return { status: 'added', id };
}
