import { UpstreamError } from '../domain/errors.js';
import type { ArxivHttpClient } from '../ingest/arxiv-http.js';

/** 30 MB: larger than nearly every paper; a bigger file is refused without being read. */
export const MAX_PDF_BYTES = 30 * 1024 * 1024;
/** One PDF's download, body included. */
export const PDF_TIMEOUT_MS = 60_000;

export interface PdfFetchOptions {
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * A paper's PDF (its latest version) from `${pdfUrl}/ID`, through the process's one arXiv
 * client: one request at a time, spaced as arXiv asks, 429/503 retried after Retry-After.
 * Throws UpstreamError when arXiv has no PDF (4xx), or the file is too large or too slow.
 */
export async function fetchPdf(client: ArxivHttpClient, pdfUrl: string, paperId: string, options: PdfFetchOptions = {}): Promise<Buffer> {
  const url = `${pdfUrl.replace(/\/+$/, '')}/${paperId}`;
  const res = await client.getBytes(url, { maxBytes: options.maxBytes ?? MAX_PDF_BYTES, timeoutMs: options.timeoutMs ?? PDF_TIMEOUT_MS, accept: 'application/pdf' });
  if (res.status < 200 || res.status >= 300) throw new UpstreamError(`no PDF for ${paperId}: HTTP ${res.status}`, res.status);
  if (res.body.length === 0) throw new UpstreamError(`no PDF for ${paperId}: empty answer`);
  return res.body;
}
