import { degrees, PDFDocument, rgb, StandardFonts } from 'pdf-lib';

/**
 * A page like a LaTeX paper's first page, written by pdf-lib: a centred title, authors, an
 * abstract, two columns of body text and a drawn figure (axes, bars, a curve) with a caption.
 * US Letter (612 x 792 pt), as arXiv's PDFs mostly are.
 */
export async function latexLikePdf(title = 'Attention Is Not All You Need: Sparse Mixtures for Long Documents'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const roman = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const italic = await doc.embedFont(StandardFonts.TimesRomanItalic);
  const centred = (text: string, y: number, size: number, font = roman) => page.drawText(text, { x: (612 - font.widthOfTextAtSize(text, size)) / 2, y, size, font });
  centred(title.slice(0, 60), 720, 17, bold);
  centred('Ada Lovelace   Alan Turing   Grace Hopper', 690, 11);
  centred('Analytical Engine Institute', 676, 10, italic);
  centred('Abstract', 645, 11, bold);
  const words = 'We study attention over long documents and show that a sparse mixture of experts matches dense attention at a fraction of the cost while keeping the quality of the summaries'.split(' ');
  for (let line = 0; line < 6; line++) centred(words.slice(line * 5, line * 5 + 9).join(' '), 628 - line * 12, 9);
  page.drawText('1  Introduction', { x: 72, y: 540, size: 12, font: bold });
  for (let col = 0; col < 2; col++) {
    for (let line = 0; line < 22; line++) {
      page.drawText('Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do.', { x: 72 + col * 246, y: 522 - line * 11.5, size: 8.5, font: roman });
    }
  }
  // The figure: a framed plot with axes, bars and a line, under the text of the right column.
  const fx = 330;
  const fy = 110;
  page.drawRectangle({ x: fx, y: fy, width: 210, height: 130, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  page.drawLine({ start: { x: fx + 20, y: fy + 15 }, end: { x: fx + 200, y: fy + 15 }, thickness: 1 });
  page.drawLine({ start: { x: fx + 20, y: fy + 15 }, end: { x: fx + 20, y: fy + 120 }, thickness: 1 });
  [40, 70, 55, 90, 30].forEach((h, i) => page.drawRectangle({ x: fx + 35 + i * 32, y: fy + 16, width: 20, height: h, color: rgb(0.2, 0.4, 0.8) }));
  page.drawSvgPath('M 0 0 C 40 -80 100 -20 170 -95', { x: fx + 25, y: fy + 20, borderColor: rgb(0.85, 0.1, 0.1), borderWidth: 1.5 });
  page.drawText('Figure 1: Cost against document length.', { x: fx, y: fy - 14, size: 8, font: italic });
  page.drawText('arXiv:2401.01234v1  [cs.CL]  2 Jan 2024', { x: 30, y: 300, size: 14, font: roman, color: rgb(0.5, 0.5, 0.5), rotate: degrees(90) });
  return Buffer.from(await doc.save());
}

/** Starts like a PDF, then nothing a reader can use. */
export function brokenPdf(): Buffer {
  return Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\nthis is where the rest of the file should be\n%%EOF\n');
}
