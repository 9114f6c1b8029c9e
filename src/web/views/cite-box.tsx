/**
 * A citation to copy: a <details> with the text in a read-only textarea the reader can select
 * without JavaScript; with it, site.js shows the Copy button (`data-copy` names the textarea).
 */
export function CiteBox({ id, summary, text, open = false }: { id: string; summary: string; text: string; open?: boolean }) {
  const rows = Math.min(12, text.split('\n').length + 1);
  return (
    <details class="cite" open={open}>
      <summary>{summary}</summary>
      <textarea id={id} class="cite-text" readOnly rows={rows} spellcheck={false} aria-label={summary}>{text}</textarea>
      <button type="button" class="secondary copy" data-copy={id} hidden>Copy</button>
    </details>
  );
}
