/**
 * A paper's media file name, `ID-HASH.webp|.mp4|.webm` (the id's `/` as `_`, as thumbnails'
 * keys: src/web/views/thumbnail.tsx), served at `/media/KEY` (src/web/pages/media.ts).
 */
const EXTENSIONS: Record<string, string> = { 'image/webp': 'webp', 'video/mp4': 'mp4', 'video/webm': 'webm' };
const TYPES: Record<string, string> = { webp: 'image/webp', mp4: 'video/mp4', webm: 'video/webm' };

export function mediaFileName(paperId: string, hash: string, contentType: string): string {
  return `${paperId.replaceAll('/', '_')}-${hash}.${EXTENSIONS[contentType] ?? 'bin'}`;
}

const FILE = /^([A-Za-z0-9._-]{1,64})-([0-9a-f]{16})\.(webp|mp4|webm)$/;

/** A media file name read back: the paper id, the hash and the content type it names, or null. */
export function parseMediaFileName(file: string): { paperId: string; hash: string; contentType: string } | null {
  const m = FILE.exec(file);
  return m ? { paperId: m[1]!.replaceAll('_', '/'), hash: m[2]!, contentType: TYPES[m[3]!]! } : null;
}
