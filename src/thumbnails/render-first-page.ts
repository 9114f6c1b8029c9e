import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';

/**
 * Page 1 of a PDF, drawn by pdf.js (its legacy build, the one for Node) onto an @napi-rs/canvas
 * canvas and returned as PNG. pdf.js runs its "fake worker" on this thread: no worker file to
 * ship, and a paper is parsed only as far as page 1 needs.
 */
export interface RenderedPage {
  png: Buffer;
  width: number;
  height: number;
}

export interface RenderOptions {
  /** Width of the drawn page in pixels (the page's height follows its shape, see maxAspect). */
  width: number;
  /** Tallest page drawn, as height / width; a taller page (a poster, a long scroll) is cut at it. */
  maxAspect?: number;
  /** Gives up on a PDF that takes longer (a hostile or pathological file). */
  timeoutMs?: number;
}

/** A PDF we cannot draw: the message says why, for the thumbnail's error column. */
export class PdfRenderError extends Error {
  override name = 'PdfRenderError';
}

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** pdf.js reads these from disk in Node: the 14 standard fonts (papers often do not embed them), CMaps, its wasm decoders. */
const PDFJS_DATA = {
  standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts/'),
  cMapUrl: join(PDFJS_DIR, 'cmaps/'),
  cMapPacked: true,
  wasmUrl: join(PDFJS_DIR, 'wasm/'),
};

/** Scale bounds: a tiny page is not blown up past 4x, a huge one (a poster) not drawn below 1/20. */
const MIN_SCALE = 0.05;
const MAX_SCALE = 4;

let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;

export async function renderFirstPage(pdf: Uint8Array, options: RenderOptions): Promise<RenderedPage> {
  if (!looksLikePdf(pdf)) throw new PdfRenderError(`not a PDF (starts with ${JSON.stringify(Buffer.from(pdf.subarray(0, 16)).toString('latin1').replace(/[^\x20-\x7e]/g, '.'))})`);
  const { getDocument } = await (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(pdf), ...PDFJS_DATA, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false, maxImageSize: 64 * 1024 * 1024 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfRenderError(`rendering took over ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s`)), options.timeoutMs ?? 30_000);
  });
  try {
    return await Promise.race([draw(task.promise, options), timeout]);
  } catch (err) {
    if (err instanceof PdfRenderError) throw err;
    throw new PdfRenderError(`broken PDF: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}

async function draw(loading: Promise<PDFDocumentProxy>, { width, maxAspect = 2 }: RenderOptions): Promise<RenderedPage> {
  const doc = await loading;
  if (doc.numPages < 1) throw new PdfRenderError('the PDF has no pages');
  const page = await doc.getPage(1);
  const unscaled = page.getViewport({ scale: 1 });
  if (!(unscaled.width > 0 && unscaled.height > 0)) throw new PdfRenderError('page 1 has no size');
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, width / unscaled.width));
  const viewport = page.getViewport({ scale });
  const w = Math.max(1, Math.round(viewport.width));
  const h = Math.max(1, Math.min(Math.round(viewport.height), Math.round(w * maxAspect)));
  const canvas = createCanvas(w, h);
  const context = canvas.getContext('2d');
  // Papers are drawn on white; a PDF page without a background would otherwise be transparent.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, w, h);
  await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, viewport, background: 'rgb(255,255,255)' }).promise;
  page.cleanup();
  return { png: await canvas.encode('png'), width: w, height: h };
}

/** `%PDF-` within the first KiB, as readers accept (some files start with junk). */
function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}
