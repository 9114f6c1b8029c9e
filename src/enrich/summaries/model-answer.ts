import { splitSentences } from './sentences.js';

/**
 * A chat model's summary, checked before it is shown anywhere: one plain sentence of at most
 * MODEL_SUMMARY_CHARS, no URL, no markup (HTML, Markdown) outside inline `$…$` math, dollars
 * balanced, not empty, not a refusal or an echo of an instruction. Anything else is refused
 * with the reason, and the extractive summary stands in.
 */
export const MODEL_SUMMARY_CHARS = 240;

export type CheckedAnswer = { ok: true; summary: string } | { ok: false; reason: string };

const REFUSAL = /^(?:i'?m sorry|i am sorry|sorry\b|i cannot|i can'?t|i can not|i'?m unable|i am unable|i apologi[sz]e|as an ai\b|unfortunately\b|i won'?t|i will not)/i;
const INSTRUCTION_ECHO = /\b(?:ignore|disregard|forget) (?:all |any |the )?(?:previous|prior|above|earlier|preceding) (?:instructions|prompts?|messages?)\b|\bsystem prompt\b|\bas an ai\b/i;
const URL = /\bhttps?:|\bwww\.|\b[a-z0-9-]+\.(?:com|org|net|io|ai|dev|html?)\b/i;
const MARKUP = /[<>]|`|\*\*|__|^#|^\s*[-*] |\[[^\]]*\]\(|&[a-z]+;|&#/;

export function checkModelAnswer(raw: string): CheckedAnswer {
  let text = raw.trim();
  if (/\n\s*\S/.test(text)) return { ok: false, reason: 'more than one line' };
  text = text.replace(/\s+/g, ' ').replace(/^(?:summary|tl;?dr)\s*:\s*/i, '');
  // Quotes around the whole answer are the model's, not the summary's.
  const quoted = /^["“'](.*)["”']$/.exec(text);
  if (quoted) text = quoted[1]!.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > MODEL_SUMMARY_CHARS) return { ok: false, reason: `${text.length} characters (at most ${MODEL_SUMMARY_CHARS})` };
  if (REFUSAL.test(text)) return { ok: false, reason: 'a refusal' };
  if (INSTRUCTION_ECHO.test(text)) return { ok: false, reason: 'talks about instructions' };
  if (URL.test(text)) return { ok: false, reason: 'contains a URL' };
  const dollars = (text.match(/(?<!\\)\$/g) ?? []).length;
  if (dollars % 2 !== 0) return { ok: false, reason: 'unbalanced $' };
  if (/(?<!\\)\$\$/.test(text)) return { ok: false, reason: 'display math' };
  const prose = text.replace(/(?<!\\)\$[^$]*(?<!\\)\$/g, ' ');
  if (MARKUP.test(prose)) return { ok: false, reason: 'contains markup' };
  if (!/[A-Za-z]{2}/.test(prose)) return { ok: false, reason: 'no words' };
  if (splitSentences(text).length !== 1) return { ok: false, reason: 'more than one sentence' };
  if (!/[.!?]$/.test(text)) text = `${text}.`;
  return { ok: true, summary: text.charAt(0).toUpperCase() + text.slice(1) };
}
