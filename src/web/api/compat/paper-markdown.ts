import type { FastifyReply, FastifyRequest } from 'fastify';
import { arxivLinks } from '../../../domain/arxiv-id.js';
import { foldWhitespace } from '../../../domain/text.js';
import type { WebDeps } from '../../pages/page.js';
import { compatSources } from './load.js';
import { type CompatPaperSource, isoDateTime } from './presenters.js';
import { visibleCard } from './papers.js';

/**
 * The id of a paper page asked for as Markdown: `/papers/{id}.md`, or the page itself with an
 * Accept header that prefers `text/markdown` to HTML; null for the HTML page.
 */
export function markdownRequest(req: FastifyRequest, rawId: string): string | null {
  if (rawId.endsWith('.md')) return rawId.slice(0, -3);
  const accept = req.headers.accept ?? '';
  return accept.includes('text/markdown') && !accept.includes('text/html') ? rawId : null;
}

/** The paper page as Markdown (title, authors, abstract, links); hidden and unknown papers are a 404. */
export async function sendPaperMarkdown(deps: WebDeps, reply: FastifyReply, rawId: string): Promise<FastifyReply> {
  reply.header('vary', 'Accept').header('access-control-allow-origin', '*').type('text/markdown; charset=utf-8');
  const card = await visibleCard(deps, rawId);
  if (!card) return reply.code(404).send('# Paper not found\n');
  const [src] = await compatSources(deps.store, [card], deps.config.baseUrl);
  return reply.send(paperMarkdown(src!, deps.config.baseUrl));
}

/**
 * Outside text stays as written (LaTeX included) except `<` and `>`, escaped with a backslash
 * so that a renderer allowing raw HTML shows them instead of running them.
 */
function text(s: string): string {
  return s.replace(/[<>]/g, '\\$&');
}

export function paperMarkdown(src: CompatPaperSource, baseUrl: string): string {
  const { card } = src;
  const arxiv = arxivLinks(card.id);
  const links = [
    `- arXiv: ${arxiv.abs}`,
    `- PDF: ${arxiv.pdf}`,
    ...(src.links.githubRepo ? [`- Code: ${src.links.githubRepo}`] : []),
    ...(src.links.projectPage ? [`- Project page: ${src.links.projectPage}`] : []),
    `- Discussion: ${baseUrl}/papers/${card.id}`,
  ];
  const facts = [
    card.submittedAt ? `Published on arXiv: ${isoDateTime(card.submittedAt).slice(0, 10)}` : null,
    card.feedDate ? `In the daily feed: ${card.feedDate}` : null,
    card.submittedBy ? `Submitted by: ${card.submittedBy}` : null,
    `Upvotes: ${card.upvotes}`,
    `Comments: ${card.comments}`,
  ].filter((f): f is string => f !== null);
  return [
    `# ${text(foldWhitespace(card.title))}`,
    '',
    `Authors: ${text(card.authors.join(', ')) || 'unknown'}`,
    '',
    facts.join(' · '),
    '',
    '## Abstract',
    '',
    text(src.abstract) || '(no abstract)',
    '',
    '## Links',
    '',
    ...links,
    '',
  ].join('\n');
}
