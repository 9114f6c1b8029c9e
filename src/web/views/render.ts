import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A full HTML document. Preact escapes every string it renders; only `dangerouslySetInnerHTML`
 * (used for KaTeX and sanitized Markdown output alone) passes HTML through. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderDocument(page: VNode<any>): string {
  return `<!doctype html>${renderToString(page)}`;
}
