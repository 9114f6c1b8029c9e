import { splitUrls } from '../../domain/paper-links.js';
import { escapeHtml } from '../../domain/html-escape.js';

/** What links in text someone else wrote carry: no ranking credit, no window.opener. */
export const OUTSIDE_LINK_REL = 'nofollow ugc noopener';

/** Plain text as HTML with its http(s) addresses as links (see domain/paper-links.ts for what counts). */
export function linkUrlsHtml(text: string): string {
  if (!text.includes('://')) return escapeHtml(text);
  let out = '';
  for (const piece of splitUrls(text)) {
    out += piece.url ? `<a href="${escapeHtml(piece.url)}" rel="${OUTSIDE_LINK_REL}">${escapeHtml(piece.text)}</a>` : escapeHtml(piece.text);
  }
  return out;
}
