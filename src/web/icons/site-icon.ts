import { encodeIco, encodePng } from './png.js';

/**
 * The site's icon as PNG and ICO bytes, drawn here from the same shapes as
 * src/web/assets/favicon.svg (a white "P" on the accent colour, on a 32-unit grid), so the
 * repository holds no binary and the icons cannot drift from the SVG.
 */
const ACCENT = [0xb4, 0x38, 0x1b] as const;
// Samples per pixel side: 4x4 supersampling smooths the edges.
const SAMPLES = 4;

/** Inside the "P" (32-unit coordinates): stem, and the bowl minus its counter. */
function inLetter(x: number, y: number): boolean {
  const stem = x >= 9 && x <= 14 && y >= 7 && y <= 25;
  const dx = x - 17;
  const dy = y - 13;
  const bowl = (x >= 9 && x <= 17 && y >= 7 && y <= 19) || (x >= 17 && dx * dx + dy * dy <= 36);
  const counter = (x >= 14 && x <= 17 && y >= 11 && y <= 15) || (x >= 17 && dx * dx + dy * dy <= 4);
  return stem || (bowl && !counter);
}

/** Inside the background: a square with corners rounded at radius 7, or the full square. */
function inBackground(x: number, y: number, rounded: boolean): boolean {
  if (x < 0 || y < 0 || x > 32 || y > 32) return false;
  if (!rounded) return true;
  const r = 7;
  const cx = Math.min(Math.max(x, r), 32 - r);
  const cy = Math.min(Math.max(y, r), 32 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The icon at `size` pixels square; `rounded: false` fills the corners (touch icons get their mask from the system). */
export function drawIcon(size: number, rounded: boolean): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const scale = 32 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) * scale;
          const y = (py + (sy + 0.5) / SAMPLES) * scale;
          if (!inBackground(x, y, rounded)) continue;
          bg++;
          if (inLetter(x, y)) fg++;
        }
      }
      const n = SAMPLES * SAMPLES;
      const o = (py * size + px) * 4;
      // Letter over accent, by coverage; alpha is the background's coverage.
      const t = bg === 0 ? 0 : fg / bg;
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(ACCENT[c]! * (1 - t) + 255 * t);
      rgba[o + 3] = Math.round((255 * bg) / n);
    }
  }
  return encodePng(size, size, rgba);
}

export interface SiteIcons {
  /** 16 and 32 px, for `/favicon.ico`. */
  ico: Buffer;
  /** 180 px, square corners, for `/apple-touch-icon.png` (and the default share image). */
  touchPng: Buffer;
}

let drawn: SiteIcons | undefined;

/** Drawn once per process (~20 ms), on first use. */
export function siteIcons(): SiteIcons {
  drawn ??= {
    ico: encodeIco([16, 32].map((size) => ({ size, png: drawIcon(size, true) }))),
    touchPng: drawIcon(180, false),
  };
  return drawn;
}
