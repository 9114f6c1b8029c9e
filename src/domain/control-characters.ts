/**
 * Control characters in text from outside. PostgreSQL refuses NUL in text outright (a query
 * carrying one failed with a 500 where SQLite stored it), and no person types the others: they
 * hide text in terminals and logs, and a tab or newline in a header or URL changes what it says.
 */

/** C0 controls and DEL: never in a single-line value (an address, a name, a path, an id). */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;

/** The same, less tab, LF and CR, which multi-line text (a comment, a textarea) legitimately holds. */
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacter(text: string, kind: 'single-line' | 'multi-line' = 'single-line'): boolean {
  return (kind === 'single-line' ? ANY_CONTROL : CONTROL_BUT_LINE_BREAKS).test(text);
}
