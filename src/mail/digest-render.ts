import type { DigestPeriod } from '../domain/digest-rules.js';
import { escapeHtml } from '../domain/html-escape.js';
import { mathToPlainText } from '../domain/math-text.js';

export interface DigestPaper {
  id: string;
  title: string;
  authors: string[];
  abstract: string | null;
  upvotes: number;
  githubUrl: string | null;
  /** The one-sentence summary (src/enrich/summaries/): the blurb when there is one. */
  summary?: string | null;
}

export interface DigestLinks {
  baseUrl: string;
  manage: string;
  unsubscribe: string;
}

/** UTF-8 bytes: what the message's base64 parts encode (see renderDigest). */
export interface RenderedDigest {
  text: Buffer;
  html: Buffer;
}

/** Authors shown per paper before "et al.": a digest is scanned, not read like a paper page. */
const AUTHORS_SHOWN = 3;
/** The abstract's first sentence or two, at most this long: enough to decide whether to click. */
const TEASER_CHARS = 320;

/**
 * A digest as plain text and as HTML for mail clients: tables and inline styles only (no
 * stylesheet, no script, no web font, no remote image), colours that read on light and dark
 * backgrounds, math turned into readable Unicode text (mail clients run no KaTeX). Every piece
 * of outside text is escaped.
 *
 * Both come as UTF-8 bytes, put together from each paper's bytes (made once per run) and the
 * digest's own few lines: a send run renders one digest per subscriber, and joining 60 kB of
 * strings per digest, then encoding the result to UTF-8, cost more than the rest of composing
 * the message (bench:digest, --cpu-prof).
 */
export function renderDigest(period: DigestPeriod, papers: DigestPaper[], links: DigestLinks, footer: { siteName: string; postalAddress: string }, reasons: ReadonlyMap<string, string> = new Map()): RenderedDigest {
  // `reasons`: a For-you digest's one line per paper ("Because you upvoted “X”"), plain text.
  const blocks = papers.map((p) => paperBlocks(p, links.baseUrl));
  const reasonOf = (i: number) => reasons.get(papers[i]!.id) ?? null;
  const text = new Bytes();
  text.add(`${period.subject} (${footer.siteName})\n\n`);
  blocks.forEach((b, i) => {
    const reason = reasonOf(i);
    text.add(rank(i)).add(b.textHead);
    if (reason) text.add(`   ${reason}\n`);
    text.add(b.textTail).add(NEWLINE);
  });
  text.add(`--\nChange topics or frequency: ${links.manage}\nUnsubscribe: ${links.unsubscribe}\n${footer.postalAddress ? `${footer.postalAddress}\n` : ''}`);
  const html = new Bytes();
  html.add(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${escapeHtml(period.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d2127;">
<tr><td style="padding:20px 24px 8px;"><div style="font-size:13px;color:#b4381b;font-weight:bold;letter-spacing:.02em;">${escapeHtml(footer.siteName.toUpperCase())}</div>
<h1 style="font-size:20px;line-height:1.3;margin:4px 0 0;color:#1d2127;">${escapeHtml(period.subject)}</h1></td></tr>
<tr><td style="padding:0 24px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">
`);
  blocks.forEach((b, i) => {
    const reason = reasonOf(i);
    if (i > 0) html.add(NEWLINE);
    html.add(HTML_ROW_START).add(rank(i)).add(b.htmlHead);
    if (reason) html.add(`<div class="reason" style="font-size:13px;color:#1b5fb4;margin:0 0 6px;">${escapeHtml(reason)}</div>\n`);
    html.add(b.htmlTail);
  });
  html.add(`
</table></td></tr>
<tr><td style="padding:16px 24px 24px;font-size:12px;line-height:1.6;color:#5d6673;">
You get this ${period.frequency} digest because you subscribed at ${link(links.baseUrl, links.baseUrl.replace(/^https?:\/\//, ''), 'color:#5d6673;')}.<br>
${link(links.manage, 'Change topics or frequency', 'color:#5d6673;text-decoration:underline;')} · ${link(links.unsubscribe, 'Unsubscribe', 'color:#5d6673;text-decoration:underline;')}
${footer.postalAddress ? `<br>${escapeHtml(footer.postalAddress)}` : ''}
</td></tr></table></td></tr></table></body></html>`);
  return { text: text.toBuffer(), html: html.toBuffer() };
}

/** Pieces of UTF-8 put together in one buffer of the final size. */
class Bytes {
  private pieces: (string | Buffer)[] = [];
  private size = 0;

  add(piece: string | Buffer): this {
    this.pieces.push(piece);
    this.size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
    return this;
  }

  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.size);
    let at = 0;
    for (const p of this.pieces) {
      if (typeof p === 'string') at += out.write(p, at);
      else {
        out.set(p, at);
        at += p.length;
      }
    }
    return out;
  }
}

const NEWLINE = Buffer.from('\n');
/** "1. ", "2. "...: the same few for every digest. */
const RANKS: Buffer[] = [];
const rank = (i: number) => (RANKS[i] ??= Buffer.from(`${i + 1}. `));

const link = (href: string, label: string, style = 'color:#1b5fb4;text-decoration:underline;') => `<a href="${escapeHtml(href)}" style="${style}">${escapeHtml(label)}</a>`;

const HTML_ROW_START = Buffer.from(`<tr><td style="padding:14px 0;border-bottom:1px solid #d9dde3;">
<div style="font-size:16px;line-height:1.35;font-weight:bold;margin:0 0 4px;">`);

/** A paper's text block and HTML row in UTF-8, split where its rank and its reason (For-you digests) go. */
interface PaperBlocks {
  baseUrl: string;
  textHead: Buffer;
  textTail: Buffer;
  htmlHead: Buffer;
  htmlTail: Buffer;
}

/**
 * Rendered once per paper per run: digests of a period share their papers, and escaping and
 * converting the same title, authors and teaser for every subscriber took half of a digest's
 * rendering time (bench:digest, --cpu-prof).
 */
const blockCache = new WeakMap<DigestPaper, PaperBlocks>();

function paperBlocks(paper: DigestPaper, baseUrl: string): PaperBlocks {
  const cached = blockCache.get(paper);
  if (cached?.baseUrl === baseUrl) return cached;
  const p = { ...toPlain(paper), url: `${baseUrl}/papers/${paper.id}`, abs: `https://arxiv.org/abs/${paper.id}` };
  const textHead = `${p.title}\n   ${p.authors} · ▲ ${p.upvotes}\n`;
  const textTail = [
    ...(p.teaser ? [`   ${p.teaser}`] : []),
    `   ${p.url}`,
    `   arXiv: ${p.abs}${p.code ? ` · code: ${p.code}` : ''}`,
    '',
  ].join('\n');
  const htmlHead = `${link(p.url, p.title, 'color:#1d2127;text-decoration:none;')}</div>
<div style="font-size:13px;color:#5d6673;margin:0 0 6px;">${escapeHtml(p.authors)} · ▲ ${p.upvotes}</div>
`;
  const htmlTail = `${p.teaser ? `<div style="font-size:14px;line-height:1.5;color:#30363d;margin:0 0 6px;">${escapeHtml(p.teaser)}</div>` : ''}
<div style="font-size:13px;">${link(p.url, 'Read & discuss')} · ${link(p.abs, 'arXiv')}${p.code ? ` · ${link(p.code, 'Code')}` : ''}</div>
</td></tr>`;
  const blocks = { baseUrl, textHead: Buffer.from(textHead), textTail: Buffer.from(textTail), htmlHead: Buffer.from(htmlHead), htmlTail: Buffer.from(htmlTail) };
  blockCache.set(paper, blocks);
  return blocks;
}

function toPlain(p: DigestPaper) {
  const authors = p.authors.length > AUTHORS_SHOWN ? `${p.authors.slice(0, AUTHORS_SHOWN).join(', ')} et al.` : p.authors.join(', ');
  return { title: mathToPlainText(p.title), authors, upvotes: p.upvotes, teaser: p.summary ? mathToPlainText(p.summary) : teaser(p.abstract), code: p.githubUrl };
}

/** The first sentence, and the second when both fit. */
export function teaser(abstract: string | null): string {
  if (!abstract) return '';
  const text = mathToPlainText(abstract);
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z(“"])/);
  let out = sentences[0] ?? '';
  if (sentences[1] && out.length + sentences[1].length + 1 <= TEASER_CHARS) out += ` ${sentences[1]}`;
  return out.length > TEASER_CHARS ? `${out.slice(0, TEASER_CHARS - 1).replace(/\s+\S*$/, '')}…` : out;
}
