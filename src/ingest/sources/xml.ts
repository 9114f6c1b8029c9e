/**
 * One XML parser configuration for every arXiv format (OAI-PMH, Atom, RSS), and small helpers
 * that narrow fast-xml-parser's untyped output without `any`.
 *
 * Choices, and why:
 * - `parseTagValue: false`: text stays text. Ids like `0704.0001` and a title of `0` must not
 *   become numbers.
 * - `removeNSPrefix: true`: `arxiv:primary_category` is read as `primary_category`, `dc:creator`
 *   as `creator`. arXiv declares its namespaces on the root (2026 API) or on each element
 *   (legacy API); prefix stripping reads both the same way. We do not check namespace URIs.
 * - `htmlEntities: true`: decodes numeric character references (`&#252;`), which the default
 *   leaves as they are; the five XML entities are decoded either way.
 * - element names that may repeat are always arrays, so a page with one record looks like a page
 *   with many.
 */
import { XMLParser } from 'fast-xml-parser';

/** Elements that can occur more than once under one parent in the formats we read. */
const REPEATED = new Set(['record', 'version', 'setSpec', 'author', 'entry', 'category', 'item', 'link', 'error', 'day', 'hour', 'set']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name: string, _jPath: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute && REPEATED.has(name),
});

/** A parsed element: an object keyed by child element names, `@_attr` and `#text`. */
export type XmlObject = { readonly [key: string]: unknown };

/** Parses a document; returns the root element's name and content, or null for non-XML input. */
export function parseXml(xml: string): { name: string; root: XmlObject } | null {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  if (!isObject(doc)) return null;
  for (const [name, value] of Object.entries(doc)) {
    if (name.startsWith('?')) continue; // the <?xml ...?> declaration
    return { name, root: isObject(value) ? value : {} };
  }
  return null;
}

export function isObject(v: unknown): v is XmlObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first child element `name` (arrays are unwrapped to their first element). */
export function child(node: unknown, name: string): unknown {
  if (!isObject(node)) return undefined;
  const v = node[name];
  return Array.isArray(v) ? v[0] : v;
}

/** All child elements `name`, as an array (empty when absent). */
export function children(node: unknown, name: string): unknown[] {
  if (!isObject(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Text content of an element (with or without attributes); null when absent. */
export function text(node: unknown): string | null {
  if (typeof node === 'string') return node;
  if (isObject(node)) {
    const t = node['#text'];
    return typeof t === 'string' ? t : '';
  }
  return null;
}

/** Text of the first child element `name`. */
export function childText(node: unknown, name: string): string | null {
  return text(child(node, name));
}

/** An attribute value; null when absent. */
export function attr(node: unknown, name: string): string | null {
  if (!isObject(node)) return null;
  const v = node[`@_${name}`];
  return typeof v === 'string' ? v : null;
}
