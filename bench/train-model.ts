/**
 * Makes the general meaning model shipped with Paperboy (`models/base-model.bin`): the built-in
 * model (model-training.ts) trained on public arXiv metadata (CC0) — by default the 173,067
 * computer-science abstracts of 1989-2019 in ../shared/data/arxiv-cs-2019.jsonl.xz, which share
 * no paper with the 2025-2026 papers eval:search measures on. Every store extends it with its own
 * papers (new words folded in, weights from the store's frequencies).
 *
 *   npm run train:model
 *   npm run train:model -- --corpus a.jsonl.xz --corpus b.jsonl --vocabulary 50000 --contexts 4096 --dims 256 --tune-epochs 1 --out FILE
 *
 * Repeatable: the same corpus and options give the same bytes (seeded SVD, sorted vocabulary).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readLines } from '../src/ingest/files/read-lines.js';
import { trainModel, type TrainingDoc } from '../src/search/embeddings/model-training.js';
import { SHIPPED_MODEL_PATH } from '../src/search/embeddings/shipped-model.js';
import { readDefinitions, readWordnet, wordnetPath } from '../src/search/embeddings/wordnet.js';

const DEFAULT_CORPUS = fileURLToPath(new URL('../../shared/data/arxiv-cs-2019.jsonl.xz', import.meta.url));
/** Words shown with their nearest neighbours after training, to see what the model learnt. */
const PROBES = ['chatbot', 'picture', 'lidar', 'laparoscopy', 'forgery', 'handwriting', 'transformer', 'reinforcement', 'segmentation', 'theorem'];

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', multiple: true },
    vocabulary: { type: 'string', default: '50000' },
    contexts: { type: 'string', default: '4096' },
    dims: { type: 'string', default: '256' },
    'tune-epochs': { type: 'string', default: '1' },
    out: { type: 'string', default: SHIPPED_MODEL_PATH },
  },
});
const files = values.corpus ?? [DEFAULT_CORPUS];
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`train:model reads ${file}, which is not there (../shared/data next to the repository); nothing was trained.`);
    process.exit(1);
  }
}
const log = (line: string) => process.stderr.write(`${line}\n`);

const docs: TrainingDoc[] = [];
for (const file of files) {
  for await (const { line } of readLines(file)) {
    if (line === null || line.trim() === '') continue;
    const paper = JSON.parse(line) as { title?: string; abstract?: string };
    if (paper.title) docs.push({ title: paper.title, abstract: paper.abstract ?? '' });
  }
  log(`${file}: ${docs.length.toLocaleString('en-US')} papers read so far`);
}
const started = performance.now();
const dir = wordnetPath();
const epochs = Number(values['tune-epochs']);
if (!Number.isInteger(epochs) || epochs < 0) {
  console.error(`--tune-epochs takes a whole number of passes (0 for none), not ${values['tune-epochs']}; nothing was trained.`);
  process.exit(1);
}
const model = trainModel(docs, {
  vocabulary: Number(values.vocabulary), contexts: Number(values.contexts), dims: Number(values.dims), wordnet: dir ? readWordnet(dir) : null, definitions: dir ? readDefinitions(dir) : null,
  tune: epochs > 0 ? { epochs } : undefined,
});
const data = model.serialize();
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, data);
log(`trained on ${docs.length.toLocaleString('en-US')} papers in ${((performance.now() - started) / 1000).toFixed(1)} s: ${model.vocabularySize.toLocaleString('en-US')} words, ${model.contexts.toLocaleString('en-US')} contexts, ${model.dims} dimensions; ${(data.byteLength / 1e6).toFixed(1)} MB written to ${values.out}`);
for (const probe of PROBES) {
  const word = model.queryWords(probe)[0];
  if (!word || word.word < 0) {
    log(`  ${probe}: not in the vocabulary`);
    continue;
  }
  const near: [number, number][] = [];
  for (let i = 0; i < model.vocabularySize; i++) if (i !== word.word) near.push([i, model.wordCosine(word.word, i)]);
  near.sort((a, b) => b[1] - a[1]);
  log(`  ${probe}: ${near.slice(0, 8).map(([i, s]) => `${model.word(i)} ${s.toFixed(2)}`).join(', ')}`);
}
