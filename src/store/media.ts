import type { Store } from './database.js';

/** A paper's attached image or video, as the store keeps it (migrations/20261207T0900-paper-media.ts). */
export interface PaperMedia {
  paperId: string;
  uploadedBy: number;
  kind: 'image' | 'video';
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
  durationMs: number | null;
  hash: string;
}

/** Stores a paper's media, replacing the one it had. */
export async function saveMedia(store: Store, m: PaperMedia, now: Date): Promise<void> {
  const row = {
    uploaded_by: m.uploadedBy,
    kind: m.kind,
    content_type: m.contentType,
    bytes: m.bytes,
    width: m.width,
    height: m.height,
    duration_ms: m.durationMs,
    hash: m.hash,
    created_at: now.toISOString(),
  };
  await store.db
    .insertInto('paper_media')
    .values({ paper_id: m.paperId, ...row })
    .onConflict((oc) => oc.column('paper_id').doUpdateSet(row))
    .execute();
}

/** A visible paper's media row: a hidden paper's media is served to nobody. */
function visibleMedia(store: Store, paperId: string) {
  return store.db
    .selectFrom('paper_media as m')
    .leftJoin('paper_activity as a', 'a.paper_id', 'm.paper_id')
    .where('m.paper_id', '=', paperId)
    .where('a.hidden_at', 'is', null);
}

/** The media of a visible paper, or undefined. */
export async function findMedia(store: Store, paperId: string): Promise<PaperMedia | undefined> {
  const row = await visibleMedia(store, paperId).selectAll('m').executeTakeFirst();
  if (!row) return undefined;
  return {
    paperId: row.paper_id, uploadedBy: Number(row.uploaded_by), kind: row.kind === 'video' ? 'video' : 'image', contentType: row.content_type,
    bytes: Buffer.from(row.bytes), width: Number(row.width), height: Number(row.height), durationMs: row.duration_ms === null ? null : Number(row.duration_ms), hash: row.hash,
  };
}

/** The hash of a visible paper's media (what its current URL names), or undefined: one small indexed read. */
export async function visibleMediaHash(store: Store, paperId: string): Promise<string | undefined> {
  return (await visibleMedia(store, paperId).select('m.hash').executeTakeFirst())?.hash;
}

/** What a page shows of a paper's media (its URL's parts and its size), without the bytes. */
export async function mediaFacts(store: Store, paperId: string): Promise<Omit<PaperMedia, 'bytes'> | undefined> {
  const row = await store.db
    .selectFrom('paper_media')
    .select(['paper_id', 'uploaded_by', 'kind', 'content_type', 'width', 'height', 'duration_ms', 'hash'])
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    paperId: row.paper_id, uploadedBy: Number(row.uploaded_by), kind: row.kind === 'video' ? 'video' : 'image', contentType: row.content_type,
    width: Number(row.width), height: Number(row.height), durationMs: row.duration_ms === null ? null : Number(row.duration_ms), hash: row.hash,
  };
}

/** The user credited with submitting a paper, or null (a paper from arXiv's feed or an import). */
export async function paperSubmitterId(store: Store, paperId: string): Promise<number | null> {
  const row = await store.db.selectFrom('paper_activity').select('submitted_by').where('paper_id', '=', paperId).executeTakeFirst();
  return row?.submitted_by === null || row?.submitted_by === undefined ? null : Number(row.submitted_by);
}
