/**
 * `npm run eval:summaries [-- --count N --seed S --scores]`: the offline summary and keywords of
 * N sample papers (default 20, spread evenly over ../shared/data or SUMMARIES_SAMPLE), printed for
 * a person to judge. With --scores, every sentence's score too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { extractiveSummary, scoreSentences } from '../src/enrich/summaries/extractive-summary.js';
import { extractKeywords } from '../src/enrich/summaries/keywords.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '20' }, offset: { type: 'string', default: '0' }, scores: { type: 'boolean', default: false }, file: { type: 'string' } } });
const candidates = [values.file, process.env.SUMMARIES_SAMPLE, '../shared/data/hf-daily-papers.jsonl', 'data/hf-daily-papers.jsonl'].filter((f): f is string => !!f);
const file = candidates.find((f) => existsSync(f));
if (!file) {
  console.error(`no sample papers: pass --file PATH (a JSON Lines file of {id, title, abstract}); tried ${candidates.join(', ')}`);
  process.exit(2);
}
const papers = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; title: string; abstract: string });
// Papers without an abstract (81 of the 1,536) get no summary: the sample skips them.
const withAbstracts = papers.filter((p) => p.abstract?.trim());
const count = Math.min(Number(values.count), withAbstracts.length);
const step = Math.max(1, Math.floor(withAbstracts.length / count));
const offset = Number(values.offset);
let lengths = 0;
for (let i = 0; i < count; i++) {
  const p = withAbstracts[(offset + i * step) % withAbstracts.length]!;
  const summary = extractiveSummary(p.title, p.abstract) ?? '';
  lengths += summary.length;
  console.log(`${i + 1}. ${p.id}  ${p.title.replace(/\s+/g, ' ')}`);
  console.log(`   summary:  ${summary}`);
  console.log(`   keywords: ${extractKeywords(p.title, p.abstract).join(' · ')}`);
  if (values.scores) for (const s of scoreSentences(p.title, p.abstract)) console.log(`     ${s.score.toFixed(2).padStart(6)}  ${s.text.slice(0, 110)}`);
  console.log('');
}
console.log(`${count} of ${withAbstracts.length} papers with an abstract (${papers.length - withAbstracts.length} have none) from ${file}; mean summary ${Math.round(lengths / count)} characters`);
