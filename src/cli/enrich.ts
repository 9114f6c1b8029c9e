import { parseArxivId } from '../domain/arxiv-id.js';
import { InvalidInputError } from '../domain/errors.js';
import { defineCommand } from './command.js';
import { enrichCode } from './enrich-code.js';
import { enrichSummaries } from './enrich-summaries.js';

export interface EnrichOptions {
  ids?: string | undefined;
  limit?: string | undefined;
  since?: string | undefined;
  model?: boolean | undefined;
}

/** `--ids a,b c`: arXiv ids in any form, each once; bad ones throw naming the id. */
export function idsOption(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = [...new Set(raw.split(/[\s,]+/).filter(Boolean).map((id) => parseArxivId(id).id))];
  if (ids.length === 0) throw new InvalidInputError('--ids names no arXiv id');
  return ids;
}

export const enrichCommand = defineCommand({
  name: 'enrich',
  summary: 'Add what is derived from papers: code repositories with their GitHub stars, one-sentence summaries and keywords (a running server keeps both up to date itself).',
  usage: 'paperboy enrich code [--ids ID,...] [--limit N]\n       paperboy enrich summaries [--ids ID,...] [--since YYYY-MM-DD] [--model]',
  help: [
    'code:',
    '  --ids ID,...          These papers\' repositories, due or not',
    '  --limit N             Ask GitHub about at most N repositories (default: every one due)',
    '  (GITHUB_API_URL; with GITHUB_TOKEN, 50 repositories a GraphQL request; GITHUB=off refuses)',
    'summaries:',
    '  --ids ID,...          Exactly these papers, summarised again even if they have a summary',
    '  --since DATE          Papers of this feed day or later (default: every paper without a summary for its version)',
    '  --model               Ask the chat model (SUMMARY_URL) instead of the offline summariser, at SUMMARY_PER_MINUTE;',
    '                        a refused or failed answer keeps the offline summary',
    '  (SUMMARIES=off refuses)',
  ].join('\n'),
  options: { ids: { type: 'string' }, limit: { type: 'string' }, since: { type: 'string' }, model: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals) {
    const what = positionals.length === 1 ? positionals[0] : undefined;
    if (what === 'code') return enrichCode(values);
    if (what === 'summaries') return enrichSummaries(values);
    throw new InvalidInputError(`say what to add: paperboy enrich code, or paperboy enrich summaries${positionals.length ? ` (got "${positionals.join(' ').slice(0, 60)}")` : ''}`, 'bad_arguments');
  },
});
