import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PaperRecord, SourceItem } from '../../src/domain/paper.js';
import { categoryToOaiSet, parseOaiResponse, type OaiResponse } from '../../src/ingest/sources/oai-pmh.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/arxiv/oai/${name}`, import.meta.url), 'utf8');
const records = (items: SourceItem[]): PaperRecord[] => items.flatMap((i) => ('record' in i ? [i.record] : []));

function parsedPage(xml: string, page = 1): Extract<OaiResponse, { kind: 'records' }> {
  const parsed = parseOaiResponse(xml, page);
  if (parsed?.kind !== 'records') throw new Error(`expected records, got ${JSON.stringify(parsed)}`);
  return parsed;
}

describe('parseOaiResponse: arXivRaw', () => {
  const page1 = parsedPage(fixture('listrecords-raw-page1.xml'));

  it('reads the page: records, a rejection in place, the deleted record aside, the token', () => {
    expect(page1.responseDate).toBe('2026-03-10T02:15:07Z');
    expect(page1.items.map((i) => ('record' in i ? i.record.id : `rejected ${i.rejected.at}`))).toEqual([
      '2603.01234', 'hep-th/9901001', 'math/0309136', 'rejected oai:arXiv.org:2613.00001', '2603.02001',
    ]);
    expect(page1.deleted).toEqual(['2602.09999']);
    expect(page1.resumption).toEqual({ token: '5316482|1001', cursor: 0, completeListSize: 13 });
  });

  it('turns the version history into versions, submittedAt, updatedAt and version', () => {
    const [paper] = records(page1.items);
    expect(paper).toMatchObject({
      source: 'arxiv-oai',
      id: '2603.01234',
      version: 3,
      submittedAt: '2026-03-02T17:42:10.000Z',
      updatedAt: '2026-03-09T21:17:00.000Z',
      versions: [
        { version: 1, submittedAt: '2026-03-02T17:42:10.000Z', size: '812kb' },
        { version: 2, submittedAt: '2026-03-05T09:03:55.000Z', size: '830kb' },
        { version: 3, submittedAt: '2026-03-09T21:17:00.000Z', size: '845kb' },
      ],
      primaryCategory: 'cs.LG',
      categories: ['cs.LG', 'stat.ML'],
      license: 'http://creativecommons.org/licenses/by/4.0/',
      comments: '29 pages, 7 figures; v2: typo in Lemma 3 fixed; v3: camera-ready version',
    });
  });

  it('folds titles but keeps their TeX; decodes TeX accents in author names', () => {
    const [paper] = records(page1.items);
    expect(paper?.title).toBe('Sparse Attention in $\\mathcal{O}(n^2)$ Memory Is Not Enough: Kernel Approximations for Long-Context Retrieval');
    expect(paper?.authors).toEqual(['Jana Müller', 'Bernhard Schölkopf', 'Łukasz Kowalski']);
    expect(paper?.abstract).toMatch(/^We revisit kernel .* \$\\mathcal\{O\}\(n\^2\)\$ pairwise scores .*benchmarks\.$/);
  });

  it('reads old-style ids, subject-class primaries, several DOIs and affiliations', () => {
    const [, hep, math] = records(page1.items);
    expect(hep).toMatchObject({
      id: 'hep-th/9901001',
      version: 2,
      authors: ['Alain Dupré', 'Kenji Watanabe', "Ruth O'Neill"],
      journalRef: 'Nucl.Phys. B551 (1999) 102-130',
      doi: '10.1016/S0550-3213(99)00123-4 10.1016/S0550-3213(99)00456-7',
      license: null,
    });
    expect(math).toMatchObject({ id: 'math/0309136', primaryCategory: 'math.GT', categories: ['math.GT', 'math.AT'], authors: ['José García', 'Françoise Lefèvre'] });
  });

  it('keeps the submitter (TeX accents decoded), the report number and the MSC class', () => {
    const byId = new Map(records(page1.items).map((r) => [r.id, r]));
    expect(byId.get('2603.01234')).toMatchObject({ submitter: 'Jana Müller', reportNo: null, mscClass: null });
    expect(byId.get('hep-th/9901001')).toMatchObject({ submitter: 'Alain Dupré', reportNo: 'CERN-TH/98-412' });
    expect(byId.get('math/0309136')).toMatchObject({ submitter: 'José García', mscClass: '57M25; 57R58' });
  });

  it('reads UTF-8 names and XML entities', () => {
    const cat = records(page1.items)[3];
    expect(cat?.title).toBe('Schrödinger Cat States & Their Decoherence in Lossy Cavities');
    expect(cat?.authors).toEqual(['Zoë Ångström', 'Søren Kierkegaard-Hansen', '李明', 'Émile Durand']);
    expect(cat?.abstract).toBe('Cat states with mean photon number <n> > 4 decohere within $10\\,\\mu s$ & we show how to slow this down.');
  });

  it('rejects a record without title or without any id, with a locator, and keeps the rest', () => {
    const page2 = parsedPage(fixture('listrecords-raw-page2.xml'), 2);
    expect(page2.items.map((i) => ('rejected' in i ? i.rejected : i.record.id))).toEqual([
      '2603.03003',
      { at: 'oai:arXiv.org:2603.03004', reason: 'record has no title' },
      { at: 'record 3 of page 2', reason: 'record has no id' },
      '2603.03005',
    ]);
    expect(page2.resumption).toEqual({ token: '5316482|2002' });
  });

  it('reads the last page: empty token with counts, "et al" dropped', () => {
    const page3 = parsedPage(fixture('listrecords-raw-page3.xml'), 3);
    expect(page3.resumption).toEqual({ token: null, cursor: 10, completeListSize: 13 });
    expect(records(page3.items).map((r) => r.authors)).toEqual([['Lena Vogel', 'Tomáš Novák'], ['Margaret Okafor', 'D. R. Lindqvist'], ['Kwame Mensah']]);
  });
});

describe('parseOaiResponse: arXiv format', () => {
  it('builds names from forenames, keyname and suffix; dates from created/updated; no version', () => {
    const page = parsedPage(fixture('listrecords-arxiv.xml'));
    expect(page.resumption).toBeNull();
    const [a, b] = records(page.items);
    expect(a).toMatchObject({
      id: '2603.05050',
      version: null,
      authors: ['Jana Müller', 'Chidi A. Okonkwo Jr', 'Yui Nakamura'],
      title: 'Depth Estimation from a Single Rolling-Shutter Frame',
      submittedAt: '2026-03-04T00:00:00.000Z',
      updatedAt: '2026-03-08T00:00:00.000Z',
      doi: '10.1109/CVPR.2026.00012',
    });
    expect(a?.versions).toBeUndefined();
    expect(b).toMatchObject({ id: 'cond-mat/0207415', submittedAt: '2002-07-17T00:00:00.000Z', updatedAt: '2002-07-17T00:00:00.000Z', authors: ['Deirdre Prendergrast', 'Pieter van der Berg'] });
  });
});

describe('parseOaiResponse: errors and non-OAI bodies', () => {
  it.each([
    ['error-no-records-match.xml', 'noRecordsMatch'],
    ['error-bad-resumption-token.xml', 'badResumptionToken'],
    ['error-bad-argument.xml', 'badArgument'],
  ])('%s -> %s', (file, code) => {
    const parsed = parseOaiResponse(fixture(file));
    expect(parsed).toMatchObject({ kind: 'error', code });
    expect(parsed?.kind === 'error' && parsed.message.length).toBeGreaterThan(10);
  });

  it('returns null for HTML and garbage', () => {
    expect(parseOaiResponse('<html><body><h1>Retry after 10 seconds</h1></body></html>')).toBeNull();
    expect(parseOaiResponse('not xml')).toBeNull();
  });
});

describe('categoryToOaiSet', () => {
  it.each([
    ['cs.CL', 'cs:cs:CL'], ['stat.ML', 'stat:stat:ML'], ['math.NA', 'math:math:NA'], ['eess.AS', 'eess:eess:AS'],
    ['econ.EM', 'econ:econ:EM'], ['q-bio.NC', 'q-bio:q-bio:NC'], ['q-fin.ST', 'q-fin:q-fin:ST'],
    ['hep-th', 'physics:hep-th'], ['astro-ph.GA', 'physics:astro-ph:GA'], ['physics.optics', 'physics:physics:optics'],
    ['cond-mat.str-el', 'physics:cond-mat:str-el'], ['quant-ph', 'physics:quant-ph'], ['nlin.SI', 'physics:nlin:SI'],
    ['cs', 'cs'], ['math', 'math'], ['physics', 'physics'], ['cs:cs:AI', 'cs:cs:AI'],
  ])('%s -> %s', (category, set) => expect(categoryToOaiSet(category)).toBe(set));

  it('rejects unknown archives', () => {
    expect(() => categoryToOaiSet('bio.XX')).toThrow(/unknown arXiv archive "bio"/);
    expect(() => categoryToOaiSet('cs.')).toThrow(/invalid arXiv category/);
  });
});

// The recorded real responses catch format mistakes our own fixtures might share with the parser.
const SAMPLES = new URL('../../../shared/data/arxiv-samples/oai-pmh/', import.meta.url);
describe.skipIf(!existsSync(SAMPLES))('parseOaiResponse on recorded arXiv responses', () => {
  const sample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');

  it('reads every record of the recorded arXivRaw ListRecords page', () => {
    const xml = sample('arXivRaw-ListRecordsResponse.xml');
    const page = parsedPage(xml);
    expect(page.items).toHaveLength(xml.match(/<record>/g)?.length ?? -1);
    expect(page.items.every((i) => 'record' in i)).toBe(true);
    expect(page.resumption).toEqual({ token: '726959|1001', cursor: 0, completeListSize: 58011 });
    const richard = records(page.items).find((r) => r.id === '0704.0716');
    expect(richard).toMatchObject({ version: 4, submittedAt: '2007-04-05T12:45:03.000Z', updatedAt: '2008-11-14T09:07:25.000Z', primaryCategory: 'math-ph' });
    const shetty = records(page.items).find((r) => r.id === '0704.0471');
    expect(shetty?.authors).toEqual(['D.V. Shetty', 'S.J. Yennello', 'G.A. Souliotis']);
    expect(shetty?.doi).toBe('10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902');
    expect(shetty?.submitter).toBe('Dinesh Shetty');
    expect(richard).toMatchObject({ submitter: 'Christoph Richard', mscClass: '05A15, 05A16' });
  });

  it('reads the recorded GetRecord response and the arXiv-format page', () => {
    expect(records(parsedPage(sample('arXivRaw-GetRecordResponse.xml')).items).map((r) => r.id)).toEqual(['1302.2146']);
    const recording = JSON.parse(sample('arXiv-listrecords-with-503-recording.json')) as Array<{ status: number; response: string }>;
    const ok = recording.find((r) => r.status === 200);
    const page = parsedPage(ok?.response ?? '');
    expect(records(page.items).map((r) => [r.id, r.authors])).toEqual([
      ['1412.8544', ['Sander Uijlen', 'Bas Westerbaan']],
      ['hep-th/9504118', ['M. Requardt']],
    ]);
  });

  it.each([
    ['arXivRaw-ErrorResponseBadArgument.xml', 'badArgument'],
    ['arXivRaw-ErrorResponseBadResumptionToken.xml', 'badResumptionToken'],
    ['arXivRaw-ErrorResponseBadVerb.xml', 'badVerb'],
    ['arXivRaw-ErrorResponseIdDoesNotExist.xml', 'idDoesNotExist'],
    ['arXivRaw-ErrorResponseNoRecordsMatch.xml', 'noRecordsMatch'],
  ])('reads the recorded error %s', (file, code) => {
    expect(parseOaiResponse(sample(file))).toMatchObject({ kind: 'error', code });
  });
});
