import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/domain/errors.js';
import type { PaperRecord, SourceItem } from '../../src/domain/paper.js';
import { API_BATCH_SIZE, fetchByIds, parseApiFeed } from '../../src/ingest/sources/arxiv-api.js';
import { arxivFixtures, startArxivServer, testArxivClient, type ArxivServer } from '../support/arxiv-server.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/arxiv/api/${name}`, import.meta.url), 'utf8');
const records = (items: SourceItem[]): PaperRecord[] => items.flatMap((i) => ('record' in i ? [i.record] : []));

function entries(xml: string): SourceItem[] {
  const feed = parseApiFeed(xml);
  if (feed?.kind !== 'entries') throw new Error(`expected entries, got ${JSON.stringify(feed)}`);
  return feed.items;
}

describe('parseApiFeed: 2026 format', () => {
  const items = records(entries(fixture('feed-2026.xml')));

  it('reads id, version, dates, title, summary, authors, categories', () => {
    expect(items.map((r) => r.id)).toEqual(arxivFixtures.api2026Ids);
    expect(items[0]).toEqual({
      source: 'arxiv-api',
      sourceRef: 'http://arxiv.org/abs/2603.01234v3',
      id: '2603.01234',
      version: 3,
      title: 'Sparse Attention in $\\mathcal{O}(n^2)$ Memory Is Not Enough: Kernel Approximations for Long-Context Retrieval',
      abstract: expect.stringMatching(/^We revisit kernel approximations .* three long-context benchmarks\.$/),
      authors: ['Jana Müller', 'Bernhard Schölkopf', 'Łukasz Kowalski'],
      primaryCategory: 'cs.LG',
      categories: ['cs.LG', 'stat.ML'],
      comments: '29 pages, 7 figures; v2: typo in Lemma 3 fixed; v3: camera-ready version',
      journalRef: null,
      doi: null,
      submittedAt: '2026-03-02T17:42:10.000Z',
      updatedAt: '2026-03-09T21:17:00.000Z',
    });
  });

  it('reads old-style ids, journal_ref, several DOIs, non-ASCII names and entities', () => {
    expect(items[1]?.title).toBe('Schrödinger Cat States & Their Decoherence in Lossy Cavities');
    expect(items[1]?.authors).toEqual(['Zoë Ångström', 'Søren Kierkegaard-Hansen', '李明', 'Émile Durand']);
    expect(items[2]).toMatchObject({
      id: 'hep-th/9901001', version: 2, journalRef: 'Nucl.Phys. B551 (1999) 102-130',
      doi: '10.1016/S0550-3213(99)00123-4 10.1016/S0550-3213(99)00456-7', authors: ['Alain Dupré', 'Kenji Watanabe', "Ruth O'Neill"],
    });
  });

  it('keeps a title of "0" a string and drops duplicate categories', () => {
    expect(items[3]).toMatchObject({ id: '2601.00077', title: '0', categories: ['cs.CR', 'math.NT'] });
  });

  it('reads an empty feed as no entries', () => {
    expect(parseApiFeed(fixture('empty-2026.xml'))).toEqual({ kind: 'entries', items: [], totalResults: 0 });
  });

  it('reads the error feed as an error', () => {
    expect(parseApiFeed(fixture('error-incorrect-id.xml'))).toEqual({ kind: 'error', message: 'incorrect id format for 2603.1' });
  });
});

describe('parseApiFeed: legacy format', () => {
  const items = records(entries(fixture('feed-legacy.xml')));

  it('reads per-element namespaces, -04:00 offsets and leading spaces', () => {
    expect(items.map((r) => r.id)).toEqual(arxivFixtures.apiLegacyIds);
    expect(items[0]).toMatchObject({
      version: 2,
      submittedAt: '2012-03-20T20:02:11.000Z',
      updatedAt: '2012-06-01T13:15:30.000Z',
      title: 'Phase Diagram of Hard-Core Bosons on the Kagome Lattice at Large Filling',
      abstract: expect.stringMatching(/^We map the ground-state .* half filling\.$/),
      authors: ['Ingrid Halvorsen', 'Rafael Núñez'],
      doi: '10.1103/PhysRevB.85.224501',
      comments: '9 pages, 6 figures. Published version',
      journalRef: 'Phys. Rev. B 85, 224501 (2012)',
      categories: ['cond-mat.str-el', 'cond-mat.quant-gas'],
    });
  });

  it('puts the primary category first even when listed later', () => {
    expect(items[1]).toMatchObject({ id: 'math/0309136', primaryCategory: 'math.GT', categories: ['math.GT', 'math.AT'] });
  });
});

describe('fetchByIds against the local server', () => {
  let arxiv: ArxivServer;
  const client = testArxivClient();
  beforeAll(async () => {
    arxiv = await startArxivServer();
  });
  afterAll(() => arxiv.close());
  beforeEach(() => {
    arxiv.requests.length = 0;
    arxiv.configure({ apiFormat: '2026', apiSynthesize: false, apiRejectIds: [] });
  });

  it('asks in batches of 100: 150 ids -> 2 requests; unknown ids are absent', async () => {
    const unknown = Array.from({ length: 146 }, (_, i) => `2602.${String(10000 + i)}`);
    const wanted = [...unknown.slice(0, 98), ...arxivFixtures.api2026Ids, ...unknown.slice(98)];
    const items = await fetchByIds(client, arxiv.apiUrl, wanted);
    expect(API_BATCH_SIZE).toBe(100);
    expect(arxiv.requests.map((r) => r.query.id_list?.split(',').length)).toEqual([100, 50]);
    expect(arxiv.requests.map((r) => r.query.max_results)).toEqual(['100', '50']);
    expect(arxiv.requests[0]?.query.id_list?.split(',').slice(98)).toEqual(['2603.01234', '2603.02001']);
    expect(records(items).map((r) => r.id)).toEqual(arxivFixtures.api2026Ids);
  });

  it('returns every paper when the server knows them all, in input order', async () => {
    arxiv.configure({ apiSynthesize: true });
    const wanted = Array.from({ length: 150 }, (_, i) => `2603.${String(20000 + i)}`).reverse();
    const items = await fetchByIds(client, arxiv.apiUrl, wanted);
    expect(records(items).map((r) => r.id)).toEqual(wanted);
  });

  it('normalizes what users paste, asks once per paper, and rejects invalid ids without asking', async () => {
    const items = await fetchByIds(client, arxiv.apiUrl, ['https://arxiv.org/abs/2603.01234v3', 'abc', 'arXiv:hep-th/9901001', '2603.01234v3', 'math.GT/0309136']);
    expect(arxiv.requests).toHaveLength(1);
    expect(arxiv.requests[0]?.query.id_list).toBe('2603.01234v3,hep-th/9901001,math/0309136');
    expect(items.map((i) => ('record' in i ? i.record.id : i.rejected))).toEqual([
      '2603.01234',
      { at: 'abc', reason: expect.stringMatching(/^invalid arXiv id "abc"/) },
      'hep-th/9901001',
      'math/0309136',
    ]);
  });

  it('serves and reads the legacy format', async () => {
    arxiv.configure({ apiFormat: 'legacy' });
    const items = await fetchByIds(client, arxiv.apiUrl, ['1203.4567', 'math/0309136']);
    expect(records(items).map((r) => [r.id, r.version, r.submittedAt])).toEqual([
      ['1203.4567', 2, '2012-03-20T20:02:11.000Z'],
      ['math/0309136', 1, '2003-09-08T12:00:41.000Z'],
    ]);
  });

  it('turns the error feed (HTTP 400) into rejections for that batch only', async () => {
    arxiv.configure({ apiRejectIds: ['2603.02001'] });
    const first = Array.from({ length: 100 }, (_, i) => (i === 0 ? '2603.02001' : `2602.${String(30000 + i)}`));
    const items = await fetchByIds(client, arxiv.apiUrl, [...first, '2603.01234']);
    expect(arxiv.requests.map((r) => r.status)).toEqual([400, 200]);
    const rejected = items.flatMap((i) => ('rejected' in i ? [i.rejected] : []));
    expect(rejected).toHaveLength(100);
    expect(rejected[0]).toEqual({ at: '2603.02001', reason: 'arXiv API: incorrect id format for 2603.02001' });
    expect(records(items).map((r) => r.id)).toEqual(['2603.01234']);
  });

  it('throws UpstreamError when the answer is not a feed', async () => {
    const err = await fetchByIds(client, `${arxiv.url}/nowhere`, ['2603.01234']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 404 });
  });

  it('makes no request for an empty list', async () => {
    expect(await fetchByIds(client, arxiv.apiUrl, [])).toEqual([]);
    expect(arxiv.requests).toHaveLength(0);
  });
});

const SAMPLES = new URL('../../../shared/data/arxiv-samples/api/', import.meta.url);
describe.skipIf(!existsSync(SAMPLES))('parseApiFeed on recorded arXiv responses', () => {
  const sample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');
  const recorded = (name: string) => JSON.parse(sample(name)) as { status_code: number; body: string };

  it('reads every recorded 2026-format response', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.startsWith('2026-format-'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const { status_code, body } = recorded(file);
      const feed = parseApiFeed(body);
      expect(feed, file).not.toBeNull();
      if (status_code === 400) expect(feed, file).toEqual({ kind: 'error', message: 'incorrect id format for abc' });
      else expect(feed?.kind === 'entries' && feed.items.every((i) => 'record' in i), file).toBe(true);
    }
  });

  it('reads the details of a recorded entry', () => {
    const [astro] = records(entries(recorded('2026-format-id_astro-ph_0601001_s0_m100_3150dca9dc76.json').body));
    expect(astro).toMatchObject({
      id: 'astro-ph/0601001', version: 1, primaryCategory: 'astro-ph', journalRef: 'ActaAstron.56:1-50,2006',
      authors: ['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski'], submittedAt: '2006-01-02T14:57:58.000Z',
    });
    const [zero] = records(entries(recorded('2026-format-id_2104.12255v1_s0_m100_6ae69987ffe1.json').body));
    expect(zero).toMatchObject({ id: '2104.12255', version: 1, title: '0' });
    const search = entries(recorded('2026-format-q_testing_s0_m10_bc5a6c384fe9.json').body);
    expect(search).toHaveLength(10);
  });

  it('reads the recorded legacy responses', () => {
    const [murray] = records(entries(sample('legacy-format-id_list_1111.2011v2.xml')));
    expect(murray).toMatchObject({
      id: '1111.2011', version: 2, doi: '10.1103/PhysRevB.85.115117', primaryCategory: 'cond-mat.str-el',
      categories: ['cond-mat.str-el', 'cond-mat.stat-mech'], authors: ['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic'],
    });
    expect(murray?.abstract?.startsWith('Theoretical description')).toBe(true);
    const search = entries(sample('legacy-format-search_query_au_del_maestro.xml'));
    expect(search).toHaveLength(10);
    expect(search.every((i) => 'record' in i)).toBe(true);
  });
});
