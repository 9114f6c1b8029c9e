import { contentHash } from '../thumbnails/encode.js';
import { ACCEPTED_TYPES, MEDIA_LIMITS as L, MediaError, mb } from './limits.js';
import { readMp4, stripMp4Metadata } from './mp4-header.js';
import { reencodeImage } from './reencode-image.js';
import { isImageType, sniffType } from './sniff.js';
import { readWebm } from './webm-header.js';

/** An uploaded file made ready for the store: checked, and re-encoded when it is an image. */
export interface PreparedMedia {
  kind: 'image' | 'video';
  contentType: 'image/webp' | 'video/mp4' | 'video/webm';
  bytes: Buffer;
  width: number;
  height: number;
  /** Videos only. */
  durationMs: number | null;
  /** 16 hex digits of the stored bytes' SHA-256: part of the immutable URL. */
  hash: string;
}

/**
 * The one door for uploads. The type comes from the file's first bytes. Images are re-encoded
 * to WebP (src/media/reencode-image.ts). Videos are checked from their container headers
 * (duration, frame size) and stored as sent, metadata boxes blanked for MP4: re-encoding needs
 * ffmpeg, which this project does not ship (README: Submitters' images and videos).
 */
export async function prepareMedia(file: Buffer): Promise<PreparedMedia> {
  const type = sniffType(file);
  if (!type) throw new MediaError(`this file is not an image or video we accept: send ${ACCEPTED_TYPES}`, 415);
  if (isImageType(type)) {
    if (file.length > L.imageBytes) throw new MediaError(`the image is ${(file.length / (1024 * 1024)).toFixed(1)} MB: images may be up to ${mb(L.imageBytes)}`, 413);
    const image = await reencodeImage(file);
    return { kind: 'image', contentType: image.contentType, bytes: image.bytes, width: image.width, height: image.height, durationMs: null, hash: contentHash(image.bytes) };
  }
  if (file.length > L.videoBytes) throw new MediaError(`the video is ${(file.length / (1024 * 1024)).toFixed(1)} MB: videos may be up to ${mb(L.videoBytes)}`, 413);
  const facts = type === 'mp4' ? readMp4(file) : readWebm(file);
  if (facts.durationMs > L.videoMs) throw new MediaError(`the video runs ${(facts.durationMs / 1000).toFixed(1)} s: videos may be up to ${L.videoMs / 1000} s`, 400);
  const landscape = facts.width <= L.videoWidth && facts.height <= L.videoHeight;
  const portrait = facts.width <= L.videoHeight && facts.height <= L.videoWidth;
  if (!landscape && !portrait) throw new MediaError(`the video is ${facts.width}×${facts.height}: videos may be up to ${L.videoWidth}×${L.videoHeight}`, 400);
  const bytes = type === 'mp4' ? stripMp4Metadata(file) : file;
  return { kind: 'video', contentType: type === 'mp4' ? 'video/mp4' : 'video/webm', bytes, width: facts.width, height: facts.height, durationMs: facts.durationMs, hash: contentHash(bytes) };
}
