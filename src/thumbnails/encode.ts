import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** An encoded thumbnail, ready for the store. */
export interface EncodedImage {
  image: Buffer;
  contentType: string;
  /** 16 hex digits of the image's SHA-256: the immutable URL's part. */
  hash: string;
  width: number;
  height: number;
}

/** 400 px wide, WebP quality 70: a first page in ~20-40 kB that stays readable on a card. */
export const THUMBNAIL_WIDTH = 400;
export const THUMBNAIL_QUALITY = 70;

/** Any image sharp reads (the rendered page's PNG) -> WebP `width` px wide, never enlarged. */
export async function encodeWebp(input: Buffer, { width = THUMBNAIL_WIDTH, quality = THUMBNAIL_QUALITY } = {}): Promise<EncodedImage> {
  const { data, info } = await sharp(input, { limitInputPixels: 50_000_000 })
    .flatten({ background: '#ffffff' })
    .resize({ width, withoutEnlargement: true })
    .webp({ quality, effort: 4, smartSubsample: true })
    .toBuffer({ resolveWithObject: true });
  return { image: data, contentType: 'image/webp', hash: contentHash(data), width: info.width, height: info.height };
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
