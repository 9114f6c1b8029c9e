import { createHash } from 'node:crypto';

/**
 * The cover a card shows while a paper has no thumbnail (not rendered yet, failed, or
 * THUMBNAILS=off): an SVG of the first page's shape with the title in a few lines and the
 * primary category on a band coloured by the category, so every card always has an image.
 * Every piece of outside text is escaped for XML.
 */
export interface PlaceholderInput {
  title: string;
  primaryCategory: string | null;
}

/** The thumbnails' shape: 400 px wide, a Letter page's proportions. */
export const PLACEHOLDER_WIDTH = 400;
export const PLACEHOLDER_HEIGHT = 518;

const LINE_CHARS = 22;
const MAX_LINES = 7;

export function placeholderSvg({ title, primaryCategory }: PlaceholderInput): string {
  const category = primaryCategory?.trim() || 'arXiv';
  const hue = categoryHue(category);
  const lines = wrapTitle(title, LINE_CHARS, MAX_LINES);
  const text = lines.map((line, i) => `<tspan x="36" dy="${i === 0 ? 0 : 34}">${escapeXml(line)}</tspan>`).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PLACEHOLDER_WIDTH}" height="${PLACEHOLDER_HEIGHT}" viewBox="0 0 ${PLACEHOLDER_WIDTH} ${PLACEHOLDER_HEIGHT}" role="img">`,
    `<rect width="100%" height="100%" fill="hsl(${hue} 45% 97%)"/>`,
    `<rect width="100%" height="64" fill="hsl(${hue} 55% 42%)"/>`,
    `<text x="36" y="41" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="22" font-weight="600" fill="#ffffff">${escapeXml(category)}</text>`,
    `<text x="36" y="128" font-family="Georgia, 'Times New Roman', serif" font-size="27" fill="hsl(${hue} 30% 18%)">${text}</text>`,
    `<rect x="36" y="${PLACEHOLDER_HEIGHT - 56}" width="120" height="6" rx="3" fill="hsl(${hue} 55% 42%)" opacity="0.5"/>`,
    '</svg>',
  ].join('');
}

/** A hue (0-359) that is the same for a category everywhere, and differs between neighbours like cs.CL and cs.CV. */
export function categoryHue(category: string): number {
  return createHash('sha256').update(category).digest().readUInt16BE(0) % 360;
}

/** Short hash of what the placeholder shows: in its URL, so the URL changes when the title does. */
export function placeholderHash(p: PlaceholderInput): string {
  return createHash('sha256').update(`${p.primaryCategory ?? ''}\n${p.title}`).digest('hex').slice(0, 12);
}

/** Words into lines of at most `width` characters (longer words cut), at most `maxLines`, the last one ending in … when cut. */
export function wrapTitle(title: string, width: number, maxLines: number): string[] {
  const words = title.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean).flatMap((w) => chunks(w, width));
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.length ? lines : ['Untitled'];
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  return kept;
}

function chunks(word: string, width: number): string[] {
  const out: string[] = [];
  const chars = [...word];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

/** Text for XML: the five markup characters escaped, and characters XML 1.0 forbids (controls, lone surrogates) dropped. */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
