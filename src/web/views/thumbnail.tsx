import { placeholderHash, PLACEHOLDER_HEIGHT, PLACEHOLDER_WIDTH } from '../../thumbnails/placeholder.js';

/**
 * A card's first-page thumbnail. A card knows its paper's thumbnail key (the short hash of the
 * stored image) or null: fetch the keys of a page of cards in one query with
 * `thumbnailKeys(store, ids)` (src/store/thumbnails.ts) and set `card.thumbnail = keys.get(card.id)
 * ?? null`, or select `paper_thumbnails.hash` (status 'ready') in the cards' query with a left
 * join on `paper_id`. With a key the card shows the stored WebP (an immutable URL: a new image
 * gets a new key); without one, the SVG placeholder with the title and category, so every card
 * always has an image.
 */
export interface ThumbnailCard {
  id: string;
  /** The ready image's key, or null when there is none (yet). */
  thumbnail: string | null;
  title: string;
  primaryCategory: string | null;
}

/** Ids with a slash (`hep-th/9901001`) keep one path segment: `/` becomes `_` (no arXiv id holds `_`). */
export function idToKey(id: string): string {
  return id.replaceAll('/', '_');
}

export function keyToId(key: string): string {
  return key.replaceAll('_', '/');
}

/** The image URL of a card: `/thumbs/ID-HASH.webp`, else `/thumbs/placeholder/ID-HASH.svg`. */
export function thumbnailUrl(card: ThumbnailCard): string {
  if (card.thumbnail) return `/thumbs/${idToKey(card.id)}-${card.thumbnail}.webp`;
  return `/thumbs/placeholder/${idToKey(card.id)}-${placeholderHash(card)}.svg`;
}

/** Thumbnails are drawn 400 px wide at a Letter page's shape; the img keeps that box while it loads. */
/**
 * `decorative`: the card's title names the paper right beside it, so the image is left out of the
 * accessibility tree (empty alt) instead of saying the title twice.
 */
export function Thumbnail({ card, class: className, width = PLACEHOLDER_WIDTH / 2, decorative = false }: { card: ThumbnailCard; class?: string; width?: number; decorative?: boolean }) {
  const height = Math.round((width * PLACEHOLDER_HEIGHT) / PLACEHOLDER_WIDTH);
  return <img class={className} src={thumbnailUrl(card)} width={width} height={height} alt={decorative ? '' : `First page of “${card.title}”`} loading="lazy" decoding="async" />;
}
