import { ACCEPTED_TYPES } from '../../media/limits.js';
import type { PaperCard } from '../../store/feed.js';
import { thumbnailUrl } from './thumbnail.js';

/** The file types the pickers offer (the server checks the bytes, not this list). */
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,video/mp4,video/webm';

export function mediaUrl(key: string): string {
  return `/media/${key}`;
}

/** A form's file field for an image or short video. */
export function MediaField({ optional = false }: { optional?: boolean }) {
  return (
    <>
      <label for="media-file">{optional ? 'Image or short video (optional)' : 'Image or short video'}</label>
      <input id="media-file" type="file" name="media" accept={ACCEPT} required={!optional} aria-describedby="media-hint" />
      <p class="muted" id="media-hint">Shown on the paper's card instead of its first page: {ACCEPTED_TYPES}.</p>
    </>
  );
}

/**
 * The card's banner when the submitter attached media: the image, or the video (muted, looping,
 * nothing loaded until played; the first-page thumbnail as its poster). A video is not inside the
 * card's link: its controls are its own.
 */
export function CardMedia({ card, media }: { card: PaperCard; media: NonNullable<PaperCard['media']> }) {
  if (media.kind === 'image') {
    return (
      <a class="thumb" href={`/papers/${card.id}`} tabindex={-1} aria-hidden="true">
        <img src={mediaUrl(media.key)} alt="" loading="lazy" decoding="async" />
      </a>
    );
  }
  return (
    <div class="thumb">
      <video src={mediaUrl(media.key)} poster={thumbnailUrl(card)} muted loop playsinline controls preload="none" aria-label={`Video for “${card.title}”`} />
    </div>
  );
}

/** The paper page's media, above the abstract. */
export function PaperMediaView({ media, title }: { media: { kind: 'image' | 'video'; url: string; width: number; height: number }; title: string }) {
  return (
    <figure class="paper-media" id="media">
      {media.kind === 'image' ? (
        <img src={media.url} width={media.width} height={media.height} alt={`Image the submitter attached to “${title}”`} decoding="async" />
      ) : (
        <video src={media.url} width={media.width} height={media.height} controls muted loop playsinline preload="metadata" aria-label={`Video the submitter attached to “${title}”`} />
      )}
    </figure>
  );
}

/** The submitter's form on the paper page: attach (or replace) the paper's image or video. */
export function AttachMediaForm({ csrf, paperId, replacing }: { csrf: string; paperId: string; replacing: boolean }) {
  return (
    <details class="attach-media" id={replacing ? undefined : 'media'}>
      <summary>{replacing ? 'Replace the image or video' : 'Attach an image or video'}</summary>
      <form class="stack" method="post" action="/media" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="paper" value={paperId} />
        <MediaField />
        <button type="submit">{replacing ? 'Replace' : 'Attach'}</button>
      </form>
    </details>
  );
}
