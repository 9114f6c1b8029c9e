import { InvalidInputError } from './errors.js';
import { hasControlCharacter } from './control-characters.js';

/**
 * What a verified author adds to their paper's page (src/store/author-additions.ts): a code
 * link, a project page and a short note. Links are absolute http(s) addresses only: a
 * `javascript:` or `data:` address survives HTML escaping and would run from an href. The note
 * is plain text, shown escaped, never as Markdown or HTML.
 */
export interface AuthorAdditions {
  codeUrl: string | null;
  projectUrl: string | null;
  note: string | null;
}

/** 2,000 characters: the longest address browsers and crawlers reliably follow. */
export const ADDITION_URL_MAX = 2000;
/** A few sentences ("Code release pending review; slides at …"), not a second abstract. */
export const ADDITION_NOTE_MAX = 500;

/** A link as stored: an absolute http(s) address without credentials, or null when empty. */
export function cleanAdditionUrl(value: unknown, label: string): string | null {
  const raw = typeof value === 'string' ? value.trim() : '';
  if (raw === '') return null;
  if (raw.length > ADDITION_URL_MAX) throw new InvalidInputError(`${label}: at most ${ADDITION_URL_MAX} characters`, 'invalid_url');
  if (hasControlCharacter(raw)) throw new InvalidInputError(`${label}: control characters are not allowed`, 'invalid_url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError(`${label}: a full address, like https://github.com/owner/repo`, 'invalid_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidInputError(`${label}: only http:// and https:// addresses`, 'invalid_url');
  if (url.username || url.password) throw new InvalidInputError(`${label}: no user name or password in the address`, 'invalid_url');
  if (!url.hostname.includes('.') && !url.hostname.startsWith('[')) throw new InvalidInputError(`${label}: the address needs a full host name`, 'invalid_url');
  const text = url.toString();
  if (text.length > ADDITION_URL_MAX) throw new InvalidInputError(`${label}: at most ${ADDITION_URL_MAX} characters`, 'invalid_url');
  return text;
}

/** The note as stored: NFC, line breaks as \n, trimmed, at most 500 characters; null when empty. */
export function cleanAdditionNote(value: unknown): string | null {
  const raw = typeof value === 'string' ? value.normalize('NFC').replace(/\r\n?/g, '\n').trim() : '';
  if (raw === '') return null;
  if (hasControlCharacter(raw, 'multi-line')) throw new InvalidInputError('note: control characters are not allowed', 'invalid_note');
  if ([...raw].length > ADDITION_NOTE_MAX) throw new InvalidInputError(`note: at most ${ADDITION_NOTE_MAX} characters`, 'invalid_note');
  return raw;
}

/** The form's three fields, checked; throws InvalidInputError (a 400) naming the field. */
export function cleanAuthorAdditions(input: { code?: unknown; project?: unknown; note?: unknown }): AuthorAdditions {
  return { codeUrl: cleanAdditionUrl(input.code, 'code link'), projectUrl: cleanAdditionUrl(input.project, 'project page'), note: cleanAdditionNote(input.note) };
}

/** What changed, for the public moderation log: "code link set, note changed"; '' when nothing did. */
export function describeAdditionChanges(before: AuthorAdditions | undefined, after: AuthorAdditions): string {
  const parts: string[] = [];
  const field = (label: string, a: string | null, b: string | null) => {
    if (a === b) return;
    parts.push(b === null ? `${label} removed` : a === null ? `${label} set to ${label === 'note' ? `"${clip(b)}"` : b}` : `${label} changed to ${label === 'note' ? `"${clip(b)}"` : b}`);
  };
  field('code link', before?.codeUrl ?? null, after.codeUrl);
  field('project page', before?.projectUrl ?? null, after.projectUrl);
  field('note', before?.note ?? null, after.note);
  return parts.join('; ');
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}

