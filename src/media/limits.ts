import { PaperboyError } from '../domain/errors.js';

/** What a submitter may attach to a paper: one image or one short video. */
export const MEDIA_LIMITS = {
  imageBytes: 8 * 1024 * 1024,
  videoBytes: 20 * 1024 * 1024,
  /** Smallest and largest image accepted, in pixels. */
  minWidth: 200,
  minHeight: 100,
  maxSide: 8000,
  /** Stored images are at most this wide (never enlarged). */
  storedWidth: 1200,
  /** Frames kept of an animation, and the decoded pixels (width x height x frames) it may cost. */
  maxFrames: 150,
  animationPixels: 60_000_000,
  videoMs: 30_000,
  videoWidth: 1920,
  videoHeight: 1080,
} as const;

export const ACCEPTED_TYPES = 'PNG, JPEG, WebP or GIF images (up to 8 MB), MP4 or WebM videos (up to 20 MB, 30 s, 1920×1080)';

/** An uploaded file we do not store, with the HTTP status that says why (413: too large; 415: not a type we take). */
export class MediaError extends PaperboyError {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415,
    code = status === 413 ? 'media_too_large' : status === 415 ? 'media_type' : 'media_invalid',
  ) {
    super(code, message);
    this.name = 'MediaError';
  }
}

export function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
