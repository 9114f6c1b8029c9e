import type { Store } from '../../src/store/database.js';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';

const T = '2026-12-01T10:00:00.000Z';

/**
 * A store with something in every table export carries: users, votes, comments (a reply), the
 * moderation log, subscribers with outbox rows, API token hashes, a search model and vectors,
 * thumbnail and media bytes, authors (one merged into a later one), claims, orgs with an avatar,
 * collections, follows, For-you feedback, author additions, summaries, repos, settings. Plus a session and a rate limit, which export leaves out.
 */
export async function seedEverything(store: Store): Promise<void> {
  await upsertPapers(store, [buildRecord({ id: '2612.00001', title: 'Zeta: ünïcode and $x^2$' }), buildRecord({ id: '2612.00002' }), buildRecord({ id: 'hep-th/9901001' })]);
  const db = store.db;
  await db.insertInto('users').values([
    { email: 'ada@example.org', name: 'ada', is_admin: 1, created_at: T, display_name: 'Ada <b>L</b>', named_at: T },
    { email: 'bob@example.org', name: 'bob', is_admin: 0, created_at: T },
    { email: 'gone@example.org', name: 'gone', is_admin: 0, created_at: T },
  ]).execute();
  // The last user is deleted: its id must not be handed out again after a restore.
  await db.deleteFrom('users').where('name', '=', 'gone').execute();
  const [ada, bob] = (await db.selectFrom('users').select('id').orderBy('id').execute()).map((r) => r.id);
  await db.insertInto('sessions').values({ token_hash: 'sess', user_id: ada!, created_at: T, expires_at: '2027-01-01T00:00:00.000Z' }).execute();
  await db.insertInto('rate_limits').values({ key: 'write:1', count: 3, reset_at: T }).execute();
  await db.insertInto('votes').values([{ user_id: ada!, paper_id: '2612.00001', created_at: T }, { user_id: bob!, paper_id: '2612.00001', created_at: T }]).execute();
  await db.insertInto('paper_activity').values({ paper_id: '2612.00001', votes: 2, comments: 2, submitted_by: ada!, submitted_at: T }).execute();
  const parent = await db.insertInto('comments').values({ paper_id: '2612.00001', user_id: ada!, body: 'First\nline "quoted"', created_at: T }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('comments').values({ paper_id: '2612.00001', user_id: bob!, parent_id: parent.id, body: 'A reply', created_at: T, hidden_at: T }).execute();
  await db.insertInto('moderation_log').values({ moderator_id: ada!, action: 'hide', target_kind: 'comment', target_id: '2', reason: 'spam', created_at: T, hidden_text: 'A reply' }).execute();
  await db.insertInto('settings').values({ name: 'site.title', value: 'Our papers' }).execute();
  const sub = await db.insertInto('subscribers').values({ email: 'reader@example.org', frequency: 'daily', topics: '{"categories":["cs.CL"],"queries":[]}', size: 5, confirmed_at: T, created_at: T, updated_at: T }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('digest_outbox').values([
    { subscriber_id: sub.id, period: 'daily:2026-11-30', subject: 'Papers', paper_ids: '["2612.00001"]', message_id: '<a@x>', status: 'sent', attempts: 1, next_attempt_at: T, created_at: T, sent_at: T },
    { subscriber_id: sub.id, period: 'daily:2026-12-01', subject: 'Papers', paper_ids: '[]', message_id: '<b@x>', status: 'pending', attempts: 0, next_attempt_at: T, created_at: T },
  ]).execute();
  await db.insertInto('api_tokens').values({ user_id: ada!, name: 'laptop', token_hash: 'h4sh', prefix: 'pb_ab', created_at: T }).execute();
  await db.insertInto('search_models').values({ id: 'm1', kind: 'builtin', dims: 4, trained_docs: 3, created_at: T, data: Buffer.from([0, 1, 2, 255, 0]) }).execute();
  await db.insertInto('paper_vectors').values({ model_id: 'm1', paper_id: '2612.00001', source_seq: 7, vector: Buffer.from(new Float32Array([0.5, -1, 2, 0]).buffer) }).execute();
  await db.insertInto('paper_thumbnails').values({ paper_id: '2612.00001', status: 'ready', image: Buffer.from('RIFF\u0000\u0001WEBP'), content_type: 'image/webp', hash: 'abc', width: 10, height: 12, bytes: 12, attempts: 1, updated_at: T }).execute();
  await db.insertInto('paper_media').values({ paper_id: '2612.00002', uploaded_by: bob!, kind: 'image', content_type: 'image/png', bytes: Buffer.alloc(70_000, 7), width: 100, height: 50, hash: 'def', created_at: T }).execute();
  // Author 1 merged into author 2, which comes later: a forward reference within the table.
  await db.insertInto('authors').values([
    { slug: 'a-lovelace', name: 'A. Lovelace', name_key: 'lovelace a', created_at: T },
    { slug: 'ada-lovelace', name: 'Ada Lovelace', name_key: 'lovelace ada', created_at: T },
  ]).execute();
  const [a1, a2] = (await db.selectFrom('authors').select('id').orderBy('id').execute()).map((r) => r.id);
  await db.updateTable('authors').set({ merged_into: a2! }).where('id', '=', a1!).execute();
  await db.insertInto('paper_authors').values({ paper_id: '2612.00001', position: 0, author_id: a2!, name: 'Ada Lovelace' }).execute();
  await db.insertInto('author_claims').values({ author_id: a2!, user_id: ada!, status: 'verified', verified_by: 'moderator', created_at: T, decided_at: T }).execute();
  const org = await db.insertInto('orgs').values({ slug: 'lab', name: 'The Lab', avatar: Buffer.from([1, 2, 3]), avatar_type: 'image/webp', avatar_hash: 'x1', created_by: ada!, created_at: T }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('org_members').values({ org_id: org.id, user_id: ada!, role: 'admin', joined_at: T }).execute();
  await db.insertInto('org_invites').values({ token_hash: 'inv', org_id: org.id, email: 'bob@example.org', invited_by: ada!, created_at: T, expires_at: T }).execute();
  await db.insertInto('paper_orgs').values({ paper_id: '2612.00002', org_id: org.id, submitted_by: bob!, created_at: T }).execute();
  const col = await db.insertInto('collections').values({ owner_user_id: ada!, title: 'Reading', slug: 'reading', description: 'My list', visibility: 'public', created_at: T, updated_at: T }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('collection_papers').values([{ collection_id: col.id, paper_id: '2612.00001', position: 1, note: 'good', added_at: T }, { collection_id: col.id, paper_id: 'hep-th/9901001', position: 2, note: '', added_at: T }]).execute();
  await db.insertInto('follows').values([{ user_id: bob!, kind: 'author', target: String(a2), created_at: T }, { user_id: bob!, kind: 'category', target: 'cs.CL', created_at: T }]).execute();
  await db.insertInto('recommendation_feedback').values({ user_id: bob!, paper_id: '2612.00001', kind: 'more_like_this', created_at: T }).execute();
  await db.insertInto('paper_author_additions').values({ paper_id: '2612.00002', code_url: 'https://github.com/ada/engine', project_url: null, note: 'Slides inside.', updated_by: ada!, updated_at: T }).execute();
  await db.insertInto('paper_summaries').values({ paper_id: '2612.00001', version: 1, summary: 'It works.', keywords: '["attention"]', source: 'extractive', updated_at: T }).execute();
  await db.insertInto('paper_repos').values({ paper_id: '2612.00001', repo_key: 'ada/engine', url: 'https://github.com/Ada/Engine', source: 'abstract' }).execute();
  await db.insertInto('github_repos').values({ repo_key: 'ada/engine', full_name: 'Ada/Engine', stars: 42, archived: 0, status: 'ok', fetched_at: T, next_fetch_at: T }).execute();
  await db.insertInto('repo_star_history').values({ repo_key: 'ada/engine', day: '2026-12-01', stars: 42 }).execute();
  await db.insertInto('submission_requests').values({ user_id: bob!, paper_id: '2612.00002', kind: 'submit', state: 'done', outcome: 'added', attempts: 1, created_at: T, updated_at: T, org_id: org.id }).execute();
  await db.insertInto('paper_similar').values({ paper_id: '2612.00001', index_seq: 3, similar: '[["2612.00002",0.5]]' }).execute();
  await db.insertInto('ingest_checkpoints').values({ name: 'oai:cs.CL', value: '2026-11-30', updated_at: T }).execute();
  await db.insertInto('ingest_runs').values({ kind: 'import', started_at: T, finished_at: T, added: 3, updated: 0, unchanged: 0, rejected: 1, sources: null }).execute();
  await db.insertInto('job_runs').values({ job: 'ingest', started_at: T, finished_at: T, outcome: 'ran' }).execute();
}
