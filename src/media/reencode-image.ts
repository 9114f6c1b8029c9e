import sharp, { type Metadata } from 'sharp';
import { MEDIA_LIMITS as L, MediaError } from './limits.js';

export interface ReencodedImage {
  bytes: Buffer;
  contentType: 'image/webp';
  width: number;
  height: number;
}

/**
 * An uploaded PNG, JPEG, WebP or GIF -> WebP at most 1200 px wide, its metadata (EXIF, GPS, ICC,
 * XMP) left behind: sharp writes none unless asked. The header is read first, so an image too
 * small, too large or a decompression bomb is refused before its pixels are decoded. An animation
 * stays animated, its frames capped (MEDIA_LIMITS.maxFrames, fewer for large frames).
 */
export async function reencodeImage(input: Buffer): Promise<ReencodedImage> {
  const meta = await readHeader(input);
  const pages = meta.pages ?? 1;
  const width = meta.width ?? 0;
  // One frame's height (an animation opened as such stacks its frames in `height`).
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width > L.maxSide || height > L.maxSide) throw new MediaError(`the image is ${width}×${height} pixels: at most ${L.maxSide}×${L.maxSide} is accepted`, 400);
  if (width < L.minWidth || height < L.minHeight) throw new MediaError(`the image is ${width}×${height} pixels: at least ${L.minWidth}×${L.minHeight} is needed`, 400);
  const animated = pages > 1;
  const frames = animated ? Math.max(1, Math.min(pages, L.maxFrames, Math.floor(L.animationPixels / (width * height)))) : 1;
  try {
    let pipeline = sharp(input, { limitInputPixels: animated ? L.animationPixels : L.maxSide * L.maxSide, animated, pages: frames, failOn: 'error' });
    // A still photo is turned upright by its EXIF orientation before the EXIF is dropped.
    if (!animated) pipeline = pipeline.rotate();
    const { data, info } = await pipeline
      .resize({ width: L.storedWidth, withoutEnlargement: true })
      .webp({ quality: 80, effort: 4 })
      .toBuffer({ resolveWithObject: true });
    const outHeight = animated ? (info.pageHeight ?? Math.round(info.height / frames)) : info.height;
    return { bytes: data, contentType: 'image/webp', width: info.width, height: outHeight };
  } catch (err) {
    throw new MediaError(`the image could not be read: ${(err as Error).message.slice(0, 120)}`, 400);
  }
}

async function readHeader(input: Buffer): Promise<Metadata> {
  try {
    return await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new MediaError(`the image could not be read: ${(err as Error).message.slice(0, 120)}`, 400);
  }
}
