import sharp from 'sharp';
import { contentHash } from '../thumbnails/encode.js';
import { MEDIA_LIMITS as L, MediaError, mb } from './limits.js';
import { isImageType, sniffType } from './sniff.js';

/** An org's avatar: a square WebP of at most 256 px, from an image of at least 32 px a side, at most 4 MB. */
export const AVATAR_LIMITS = { side: 256, minSide: 32, bytes: 4 * 1024 * 1024 } as const;

export interface PreparedAvatar {
  bytes: Buffer;
  contentType: 'image/webp';
  /** 16 hex digits of the WebP's SHA-256: part of the immutable URL. */
  hash: string;
}

/**
 * An uploaded avatar made safe to serve: its type read from its first bytes (never its name),
 * the header checked before any pixel is decoded (size, sides, decompression bombs), then the
 * first frame re-encoded: turned upright by its EXIF orientation, cropped to the centred square,
 * at most 256 px, written as WebP with no metadata (sharp writes none unless asked).
 */
export async function prepareAvatar(file: Buffer): Promise<PreparedAvatar> {
  const type = sniffType(file);
  if (!type || !isImageType(type)) throw new MediaError('this file is not an image we accept: send a PNG, JPEG, WebP or GIF', 415);
  if (file.length > AVATAR_LIMITS.bytes) throw new MediaError(`the image is ${(file.length / (1024 * 1024)).toFixed(1)} MB: avatars may be up to ${mb(AVATAR_LIMITS.bytes)}`, 413);
  let width = 0;
  let height = 0;
  try {
    const meta = await sharp(file, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.pageHeight ?? meta.height ?? 0;
  } catch (err) {
    throw new MediaError(`the image could not be read: ${(err as Error).message.slice(0, 120)}`, 400);
  }
  if (width > L.maxSide || height > L.maxSide) throw new MediaError(`the image is ${width}×${height} pixels: at most ${L.maxSide}×${L.maxSide} is accepted`, 400);
  if (width < AVATAR_LIMITS.minSide || height < AVATAR_LIMITS.minSide) throw new MediaError(`the image is ${width}×${height} pixels: at least ${AVATAR_LIMITS.minSide}×${AVATAR_LIMITS.minSide} is needed`, 400);
  const side = Math.min(AVATAR_LIMITS.side, width, height);
  try {
    const bytes = await sharp(file, { limitInputPixels: L.maxSide * L.maxSide, failOn: 'error' })
      .rotate()
      .resize({ width: side, height: side, fit: 'cover', position: 'centre' })
      .webp({ quality: 85, effort: 4 })
      .toBuffer();
    return { bytes, contentType: 'image/webp', hash: contentHash(bytes) };
  } catch (err) {
    throw new MediaError(`the image could not be read: ${(err as Error).message.slice(0, 120)}`, 400);
  }
}
