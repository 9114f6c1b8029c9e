import { describe, expect, it } from 'vitest';
import { readPaperboyJsonl } from '../../../src/ingest/files/paperboy-jsonl.js';
import { collect, screened, fixture, NOW, records } from './helpers.js';

describe('readPaperboyJsonl', () => {
  it('yields records and numbered rejections in input order', async () => {
    const items = await screened(readPaperboyJsonl(fixture('paperboy.jsonl')));
    expect(items.map((i) => ('record' in i ? `record ${i.record.id}` : `${i.rejected.at}: ${i.rejected.reason}`))).toEqual([
      'record 2312.00001',
      'record cond-mat/0501234',
      'record 2312.00002',
      'line 5: missing id',
      expect.stringMatching(/^line 6: invalid arXiv id "abc": /),
      'line 7: empty title',
      'line 8: daily date 1985-06-01 is before 1991-01-01 (arXiv began in 1991)',
      'line 9: daily date 2099-01-01 is in the future',
      'line 10: upvotes must be a non-negative integer, got -5',
      'line 11: upvotes must be a non-negative integer, got 2.5',
      expect.stringMatching(/^line 12: malformed JSON: /),
      'record 2312.00001',
      'record 2312.00009',
    ]);
  });

  it('maps published -> dailyAt, github -> githubUrl, and keeps hostile text verbatim', async () => {
    const recs = records(await screened(readPaperboyJsonl(fixture('paperboy.jsonl'))));
    expect(recs[0]).toEqual({
      source: 'jsonl',
      sourceRef: 'paperboy.jsonl',
      id: '2312.00001',
      version: null,
      title: 'Diffusion Policies with $\\epsilon$-Greedy Exploration',
      abstract: 'We add $\\epsilon$-greedy noise to diffusion policies. Success rises from 41% to 67%.',
      authors: ['Lukas Šimek', 'Aiko Tanaka'],
      dailyAt: '2023-12-04T09:15:00.000Z',
      upvotes: 33,
      githubUrl: 'https://github.com/example-robotics/eps-diffusion',
    });
    expect(recs[1]).toMatchObject({ id: 'cond-mat/0501234', dailyAt: '2005-01-12T00:00:00.000Z', upvotes: 0, githubUrl: null });
    expect(recs[2]?.title).toBe('<img src=x onerror=alert(1)>');
    expect(recs[3]).toMatchObject({ id: '2312.00001', upvotes: 35 });
    expect(recs[4]).toMatchObject({ id: '2312.00009', githubUrl: null });
  });
});
