import { describe, expect, it } from 'vitest';
import { mapArxivSnapshot, readArxivSnapshot } from '../../../src/ingest/files/arxiv-snapshot.js';
import { collect, screened, fixture, NOW, records } from './helpers.js';

describe('readArxivSnapshot', () => {
  it('yields records and numbered rejections in input order', async () => {
    const items = await screened(readArxivSnapshot(fixture('arxiv-snapshot.jsonl')));
    expect(items.map((i) => ('record' in i ? `record ${i.record.id}` : `${i.rejected.at}: ${i.rejected.reason}`))).toEqual([
      'record 0705.1234',
      'record hep-th/0612001',
      'record 1501.00042',
      expect.stringMatching(/^line 4: malformed JSON: /),
      'line 5: missing id',
      'line 6: invalid arXiv id "1501.0044": ids from 1501 on have 5 digits after the dot',
      'line 7: empty title',
      'line 8: v1 date 1985-01-07 is before 1991-01-01 (arXiv began in 1991)',
      'line 9: invalid version 0: versions start at 1',
      'record 2310.01234',
      'line 11: v1 date 2099-01-01 is in the future',
      'record 2310.05678',
    ]);
  });

  it('folds hard-wrapped text, keeps TeX verbatim, and builds names, versions and dates', async () => {
    const [first, old, french, big] = records(await screened(readArxivSnapshot(fixture('arxiv-snapshot.jsonl'))));
    expect(first).toEqual({
      source: 'arxiv-snapshot',
      sourceRef: 'arxiv-snapshot.jsonl',
      id: '0705.1234',
      version: 2,
      title: 'Next-to-leading order corrections to $W^\\pm$ pair production at hadron colliders',
      abstract: 'We compute the $\\mathcal{O}(\\alpha_s)$ corrections to $W^+W^-$ production and find a 12\\% increase of the total rate at $\\sqrt{s}=14$ TeV.',
      // authors_parsed, with arXiv's "C. -P." spacing undone and the suffix last.
      authors: ['C.-P. Yuan', 'J. Müller', 'N. J. Evans II'],
      primaryCategory: 'hep-ph',
      categories: ['hep-ph', 'hep-ex'],
      comments: '24 pages, 7 figures',
      journalRef: 'Phys.Rev.D77:014005,2008',
      submitter: 'A. Submitter',
      reportNo: null,
      doi: '10.1103/PhysRevD.77.014005 10.1103/PhysRevD.77.019901',
      license: null,
      submittedAt: '2007-05-16T19:58:01.000Z',
      updatedAt: '2007-10-04T09:12:44.000Z',
      versions: [
        { version: 1, submittedAt: '2007-05-16T19:58:01.000Z', size: null },
        { version: 2, submittedAt: '2007-10-04T09:12:44.000Z', size: null },
      ],
    });
    // Old-style id; empty authors_parsed -> the TeX author string, affiliations dropped, accents decoded.
    expect(old).toMatchObject({ id: 'hep-th/0612001', authors: ['K. Schäfer', 'L. Álvarez-Gaumé'], title: 'Gr\\"obner bases for string vacua' });
    // Versions out of order are sorted; the 4th authors_parsed element (affiliation) is ignored; HTML stays text.
    expect(french).toMatchObject({
      title: 'Régularité des solutions faibles pour <b>Navier–Stokes</b>',
      authors: ['Élodie Marchand', 'Jürgen Groß'],
      version: 3,
      submittedAt: '2015-01-01T00:01:00.000Z',
      updatedAt: '2015-03-02T12:00:00.000Z',
    });
    expect(french?.abstract).toContain('<script>alert(1)</script>');
    expect(big?.authors).toEqual(['The ATLAS Collaboration', 'María José García-López Jr.', 'Wei Zhang']);
    expect(big?.categories).toEqual(['cs.CL', 'cs.LG', 'stat.ML']);
  });
});

describe('mapArxivSnapshot', () => {
  it('rejects malformed versions', () => {
    expect(() => mapArxivSnapshot({ id: '2401.00001', title: 'T', versions: [{ version: 'one', created: 'Mon, 1 Jan 2024 00:00:00 GMT' }] })).toThrow('versions[0].version is not like "v1": "one"');
    expect(() => mapArxivSnapshot({ id: '2401.00001', title: 'T', versions: [{ version: 'v1' }] })).toThrow('versions[0] has no created date');
  });

  it('leaves dates and versions empty when the snapshot has none', () => {
    expect(mapArxivSnapshot({ id: '2401.00001', title: 'T', authors: 'A. One' })).toMatchObject({ version: null, versions: null, submittedAt: null, updatedAt: null, authors: ['A. One'] });
  });
});
