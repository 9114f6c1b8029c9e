import { afterAll, describe, expect, it } from 'vitest';
import { mapHfDaily, readHfDaily } from '../../../src/ingest/files/hf-daily.js';
import { collect, screened, fixture, NOW, records, rejections, scratchDir } from './helpers.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

describe('readHfDaily: a saved /api/daily_papers array (pretty-printed)', () => {
  it('maps Items and a bare Paper, and rejects negative upvotes by record number', async () => {
    const items = await screened(readHfDaily(fixture('hf-daily-page.json')));
    expect(items).toHaveLength(5);
    const [first, second, hostile, bare] = records(items);
    expect(first).toEqual({
      source: 'hf-daily',
      sourceRef: 'hf-daily-page.json',
      id: '2410.17243',
      version: null,
      // The Item's single-line title wins; LaTeX stays verbatim.
      title: 'Sparse Mixture Routing in $O(n \\log n)$ for Long-Context Transformers',
      abstract: 'We route tokens to experts with a sorting network whose cost is $O(n \\log n)$ in the sequence length. On contexts of 128k tokens the router is 3.1x faster than top-$k$ gating.',
      authors: ['Zoë Müller', '李明', 'Ana Ruiz-Pérez'],
      submittedAt: '2024-10-22T17:59:30.000Z',
      dailyAt: '2024-10-23T00:41:16.918Z',
      upvotes: 87,
      githubUrl: 'https://github.com/example-lab/sparse-routing',
      projectUrl: 'https://example-lab.github.io/sparse-routing/',
    });
    // No top-level title: Paper.title, line breaks folded. No submittedOnDailyAt: the Item's publishedAt.
    expect(second?.title).toBe('Self-Correcting Retrieval for Open-Domain Question Answering');
    expect(second?.dailyAt).toBe('2024-10-23T04:15:00.000Z');
    // Hostile HTML is text here (escaping is the web layer's job); a javascript: link is dropped.
    expect(hostile?.title).toBe('<img src=x onerror=alert(1)> Prompt Injection in the Wild');
    expect(hostile?.abstract).toContain("<script>alert('x')</script>");
    expect(hostile?.githubUrl).toBeNull();
    // A bare Paper: its publishedAt is the arXiv date, and there is no feed day.
    expect(bare).toMatchObject({ id: '2410.17999', version: 2, title: 'Tiny Recurrent Models Are Strong Baselines', dailyAt: null, submittedAt: '2024-10-22T11:11:11.000Z' });
    expect(rejections(items)).toEqual([{ at: 'record 5', reason: 'upvotes must be a non-negative integer, got -4' }]);
  });

  it('reads the same array compact on one line, and in tiny chunks', async () => {
    const { readFileSync } = await import('node:fs');
    const compact = scratch.write('compact.json', JSON.stringify(JSON.parse(readFileSync(fixture('hf-daily-page.json'), 'utf8'))));
    const pretty = await screened(readHfDaily(fixture('hf-daily-page.json'), { sourceRef: 'x' }));
    expect(await screened(readHfDaily(compact, { sourceRef: 'x' }))).toEqual(pretty);
    expect(await screened(readHfDaily(compact, { sourceRef: 'x', chunkBytes: 13 }))).toEqual(pretty);
  });

  it('reads a pretty-printed flat /api/papers/{id} response', async () => {
    const items = await screened(readHfDaily(fixture('hf-paper-flat.json')));
    expect(items).toEqual([{ record: {
      source: 'hf-daily', sourceRef: 'hf-paper-flat.json', id: '2411.00321', version: null,
      title: 'Calibrated Uncertainty for Protein Folding Ensembles', abstract: 'We calibrate pLDDT scores against ensemble spread.',
      authors: ['Priya Raman', 'Jonas Weiß'], submittedAt: '2024-11-01T16:20:00.000Z', dailyAt: '2024-11-04T01:02:03.000Z',
      upvotes: 23, githubUrl: 'https://github.com/example-bio/calfold', projectUrl: 'https://example.org/calibrated-folding',
    }, at: 'record 1' }]);
  });

  it('rejects records over the size limit without parsing them', async () => {
    const items = await screened(readHfDaily(fixture('hf-daily-page.json'), { maxRecordBytes: 1000 }));
    // Only the bare Paper (record 4) is under 1000 bytes.
    expect(items.map((i) => ('record' in i ? i.record.id : i.rejected.at))).toEqual(['record 1', 'record 2', 'record 3', '2410.17999', 'record 5']);
    expect(rejections(items)[0]?.reason).toMatch(/^record too large: \d+ bytes \(limit 1000\); not parsed$/);
  });

  it('rejects a truncated array at the record where it ends', async () => {
    const path = scratch.write('truncated.json', '[{"paper": {"id": "2401.00001", "title": "Ok"}}, {"paper": {"id": "2401.0');
    expect(await screened(readHfDaily(path))).toEqual([
      { record: expect.objectContaining({ id: '2401.00001', title: 'Ok' }), at: 'record 1' },
      { rejected: { at: 'record 2', reason: 'file ends inside record 2 (truncated or unbalanced JSON)' } },
    ]);
  });
});

describe('readHfDaily: JSON Lines of Items', () => {
  it('yields records and numbered rejections in input order', async () => {
    const items = await screened(readHfDaily(fixture('hf-daily.jsonl')));
    expect(items.map((i) => ('record' in i ? `record ${i.record.id}` : `${i.rejected.at}: ${i.rejected.reason}`))).toEqual([
      'record 2402.03300',
      expect.stringMatching(/^line 2: malformed JSON: /),
      'line 4: missing paper.id',
      'line 5: invalid arXiv id "2413.00001": month 13 does not exist',
      'line 6: empty title',
      'line 7: submitted date 1985-10-26 is before 1991-01-01 (arXiv began in 1991)',
      'line 8: daily date 2099-01-01 is in the future',
      'line 9: upvotes must be a non-negative integer, got -3',
      // A duplicate id is passed on: the pipeline's upsert decides (the later count wins there).
      'record 2402.03300',
      'record 2402.03310',
    ]);
    const recs = records(items);
    expect(recs[0]?.upvotes).toBe(54);
    expect(recs[1]?.upvotes).toBe(61);
    expect(recs[0]?.authors).toEqual(['Émilie Dubois', 'Rahul Verma']);
    expect(recs[2]).toMatchObject({ title: 'Flat Shape in JSONL', upvotes: 0, dailyAt: null });
  });
});

describe('mapHfDaily', () => {
  it('takes id from the top level when an Item has none in paper, and tolerates string authors', () => {
    expect(mapHfDaily({ id: '2401.00001', paper: { title: 'T', authors: 'A. One and B. Two' } })).toMatchObject({ id: '2401.00001', authors: ['A. One', 'B. Two'] });
  });

  it('rejects unparseable dates and non-numeric upvotes, naming the field', () => {
    expect(() => mapHfDaily({ paper: { id: '2401.00001', title: 'T', publishedAt: 'yesterday' } })).toThrow('paper.publishedAt is not a date: "yesterday"');
    expect(() => mapHfDaily({ paper: { id: '2401.00001', title: 'T', upvotes: '12' } })).toThrow('upvotes is not a number: "12"');
  });
});
