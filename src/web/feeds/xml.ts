/**
 * XML escaping for the RSS and Atom writers. Every string from the store goes through `text()`
 * or `attr()`; no CDATA sections (a title may contain `]]>`).
 */
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes character data: `&`, `<` and `>` (the last one so `]]>` never appears). */
export function text(s: string): string {
  return s.replace(/[&<>]/g, (c) => XML_ESCAPES[c]!);
}

/** Escapes an attribute value written between double quotes. */
export function attr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** `<name attrs>escaped text</name>`, or nothing when `value` is empty. */
export function element(name: string, value: string, attrs: Record<string, string> = {}): string {
  if (value === '') return '';
  return `<${name}${attributes(attrs)}>${text(value)}</${name}>`;
}

/** `<name attrs/>`. */
export function empty(name: string, attrs: Record<string, string>): string {
  return `<${name}${attributes(attrs)}/>`;
}

function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs).map(([k, v]) => ` ${k}="${attr(v)}"`).join('');
}

/**
 * Plain text as HTML: RSS readers treat `<description>` as HTML (RSS 2.0: "entity-encoded HTML
 * is allowed"), so an abstract's `a < b` or `<script>` must reach them as `&lt;`, then be
 * XML-escaped again by `element()`.
 */
export function htmlEscape(s: string): string {
  return s.replace(/[&<>]/g, (c) => XML_ESCAPES[c]!);
}
