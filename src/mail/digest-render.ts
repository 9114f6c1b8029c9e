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

export interface RenderedDigest {
  text: string;
  html: string;
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
 */
export function renderDigest(period: DigestPeriod, papers: DigestPaper[], links: DigestLinks, footer: { siteName: string; postalAddress: string }, reasons: ReadonlyMap<string, string> = new Map()): RenderedDigest {
  // `reasons`: a For-you digest's one line per paper ("Because you upvoted “X”"), plain text.
  const blocks = papers.map((p) => paperBlocks(p, links.baseUrl));
  const reasonOf = (i: number) => reasons.get(papers[i]!.id) ?? null;
  const text = [
    `${period.subject} (${footer.siteName})`,
    '',
    ...blocks.map((b, i) => {
      const reason = reasonOf(i);
      return `${i + 1}. ${b.textHead}${reason ? `   ${reason}\n` : ''}${b.textTail}`;
    }),
    '--',
    `Change topics or frequency: ${links.manage}`,
    `Unsubscribe: ${links.unsubscribe}`,
    ...(footer.postalAddress ? [footer.postalAddress] : []),
    '',
  ].join('\n');
  const rows = blocks
    .map((b, i) => {
      const reason = reasonOf(i);
      return `${b.htmlBefore}${i + 1}. ${b.htmlHead}${reason ? `<div class="reason" style="font-size:13px;color:#1b5fb4;margin:0 0 6px;">${escapeHtml(reason)}</div>\n` : ''}${b.htmlTail}`;
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${escapeHtml(period.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d2127;">
<tr><td style="padding:20px 24px 8px;"><div style="font-size:13px;color:#b4381b;font-weight:bold;letter-spacing:.02em;">${escapeHtml(footer.siteName.toUpperCase())}</div>
<h1 style="font-size:20px;line-height:1.3;margin:4px 0 0;color:#1d2127;">${escapeHtml(period.subject)}</h1></td></tr>
<tr><td style="padding:0 24px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">
${rows}
</table></td></tr>
<tr><td style="padding:16px 24px 24px;font-size:12px;line-height:1.6;color:#5d6673;">
You get this ${period.frequency} digest because you subscribed at ${link(links.baseUrl, links.baseUrl.replace(/^https?:\/\//, ''), 'color:#5d6673;')}.<br>
${link(links.manage, 'Change topics or frequency', 'color:#5d6673;text-decoration:underline;')} · ${link(links.unsubscribe, 'Unsubscribe', 'color:#5d6673;text-decoration:underline;')}
${footer.postalAddress ? `<br>${escapeHtml(footer.postalAddress)}` : ''}
</td></tr></table></td></tr></table></body></html>`;
  return { text, html };
}

const link = (href: string, label: string, style = 'color:#1b5fb4;text-decoration:underline;') => `<a href="${escapeHtml(href)}" style="${style}">${escapeHtml(label)}</a>`;

/** A paper's text block and HTML row, split where its rank and its reason (For-you digests) go. */
interface PaperBlocks {
  baseUrl: string;
  textHead: string;
  textTail: string;
  htmlBefore: string;
  htmlHead: string;
  htmlTail: string;
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
  const htmlBefore = `<tr><td style="padding:14px 0;border-bottom:1px solid #d9dde3;">
<div style="font-size:16px;line-height:1.35;font-weight:bold;margin:0 0 4px;">`;
  const htmlHead = `${link(p.url, p.title, 'color:#1d2127;text-decoration:none;')}</div>
<div style="font-size:13px;color:#5d6673;margin:0 0 6px;">${escapeHtml(p.authors)} · ▲ ${p.upvotes}</div>
`;
  const htmlTail = `${p.teaser ? `<div style="font-size:14px;line-height:1.5;color:#30363d;margin:0 0 6px;">${escapeHtml(p.teaser)}</div>` : ''}
<div style="font-size:13px;">${link(p.url, 'Read & discuss')} · ${link(p.abs, 'arXiv')}${p.code ? ` · ${link(p.code, 'Code')}` : ''}</div>
</td></tr>`;
  const blocks = { baseUrl, textHead, textTail, htmlBefore, htmlHead, htmlTail };
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
