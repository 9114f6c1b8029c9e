import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAnnouncementDay } from '../../src/domain/announcement-calendar.js';
import { InvalidInputError, UpstreamError } from '../../src/domain/errors.js';
import type { PaperRecord, SourceItem } from '../../src/domain/paper.js';
import { fetchAnnouncements, parseAnnouncementFeed } from '../../src/ingest/sources/arxiv-rss.js';
import { arxivFixtures, startArxivServer, testArxivClient, type ArxivServer } from '../support/arxiv-server.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/arxiv/rss/${name}`, import.meta.url), 'utf8');
const records = (items: SourceItem[]): PaperRecord[] => items.flatMap((i) => ('record' in i ? [i.record] : []));

describe('parseAnnouncementFeed: RSS 2.0', () => {
  const feed = parseAnnouncementFeed(fixture('cs-cl-2026-03-10.xml'), 'https://rss.arxiv.org/rss/cs.CL');
  const items = records(feed?.items ?? []);

  it('takes the announce day from the channel pubDate, in New York', () => {
    expect(feed?.announcedOn).toBe('2026-03-10');
    expect(isAnnouncementDay(feed?.announcedOn ?? '')).toBe(true);
  });

  it('reads each announce type; only new and cross get the day', () => {
    expect(items.map((r) => [r.id, r.version, r.announceType, r.announcedOn])).toEqual([
      ['2603.03003', 1, 'new', '2026-03-10'],
      ['2603.07712', 1, 'cross', '2026-03-10'],
      ['2602.11111', 2, 'replace', null],
      ['2601.05555', 3, 'replace-cross', null],
      // A type arXiv may send that Paperboy has no name for: kept, but with no type and no day.
      ['2512.20001', 1, null, null],
    ]);
  });

  it('reads the rest of an item: abstract without the prefix, authors without affiliations, license, categories', () => {
    expect(items[0]).toEqual({
      source: 'arxiv-rss',
      sourceRef: 'https://rss.arxiv.org/rss/cs.CL',
      id: '2603.03003',
      version: 1,
      title: 'Tokenizer-Free Translation for Low-Resource Dravidian Languages',
      abstract: 'We train byte-level translation models for Tamil, Telugu, Kannada and Malayalam and match subword baselines at a third of the data.',
      authors: ['Priya Raman', 'Arjun Subramanian', 'Meera Iyer'],
      primaryCategory: 'cs.CL',
      categories: ['cs.CL', 'cs.AI'],
      journalRef: null,
      doi: null,
      license: 'http://arxiv.org/licenses/nonexclusive-distrib/1.0/',
      announceType: 'new',
      announcedOn: '2026-03-10',
    });
    // A cross-listing keeps the paper's own primary category.
    expect(items[1]).toMatchObject({ primaryCategory: 'cs.LG', authors: ['Oskar Lindgren', 'Zoë Ångström'] });
    expect(items[1]?.abstract).toBe('We find that fewer than $2\\%$ of attention heads implement retrieval & that pruning the rest keeps accuracy within $0.3$ points.');
  });

  it('reads the optional DOI and journal reference', () => {
    expect(items[2]).toMatchObject({
      doi: '10.18653/v1/2026.acl-long.17', journalRef: 'Proceedings of ACL 2026, pp. 201-215',
      authors: ['Fatima Al-Sayed', 'Wei Zhang', 'Lars Eriksson'], license: 'http://creativecommons.org/licenses/by-sa/4.0/',
    });
  });

  it('reads an empty weekend feed: no items, the channel date', () => {
    expect(parseAnnouncementFeed(fixture('cs-cl-weekend.xml'))).toEqual({ announcedOn: '2026-03-14', items: [] });
  });

  it('returns null for something that is not a feed', () => {
    expect(parseAnnouncementFeed('<html><body>503</body></html>')).toBeNull();
  });
});

describe('parseAnnouncementFeed: Atom', () => {
  it('reads the same fields from the Atom variant', () => {
    const feed = parseAnnouncementFeed(fixture('cs-cl-2026-03-10.atom.xml'));
    expect(feed?.announcedOn).toBe('2026-03-10');
    expect(records(feed?.items ?? []).map((r) => [r.id, r.version, r.announceType, r.announcedOn, r.categories, r.authors?.length, r.doi])).toEqual([
      ['2603.03003', 1, 'new', '2026-03-10', ['cs.CL', 'cs.AI'], 3, null],
      ['2602.11111', 2, 'replace', null, ['cs.CL'], 3, '10.18653/v1/2026.acl-long.17'],
    ]);
  });
});

describe('fetchAnnouncements against the local server', () => {
  let arxiv: ArxivServer;
  const client = testArxivClient();
  beforeAll(async () => {
    arxiv = await startArxivServer();
  });
  afterAll(() => arxiv.close());
  beforeEach(() => {
    arxiv.requests.length = 0;
    arxiv.configure({ rssFeed: 'weekday' });
  });

  it('asks for the categories joined by + and returns the day and its items', async () => {
    const result = await fetchAnnouncements(client, arxiv.rssUrl, ['cs.CL', 'cs.AI']);
    expect(arxiv.requests.map((r) => r.path)).toEqual(['/rss/cs.CL+cs.AI']);
    expect(result.announcedOn).toBe(arxivFixtures.rssDay);
    expect(records(result.items).map((r) => r.announceType)).toEqual(['new', 'cross', 'replace', 'replace-cross', null]);
  });

  it('returns no items on a weekend', async () => {
    arxiv.configure({ rssFeed: 'weekend' });
    expect(await fetchAnnouncements(client, `${arxiv.rssUrl}/`, ['cs.CL'])).toEqual({ announcedOn: '2026-03-14', items: [] });
  });

  it('reads the Atom feed when asked to', async () => {
    const result = await fetchAnnouncements(client, arxiv.rssUrl, ['cs.CL'], { format: 'atom' });
    expect(arxiv.requests.map((r) => r.path)).toEqual(['/atom/cs.CL']);
    expect(result.items).toHaveLength(2);
  });

  it('rejects malformed categories before asking', async () => {
    await expect(fetchAnnouncements(client, arxiv.rssUrl, ['cs.CL', 'cs CL'])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(fetchAnnouncements(client, arxiv.rssUrl, [])).rejects.toBeInstanceOf(InvalidInputError);
    expect(arxiv.requests).toHaveLength(0);
  });

  it('throws UpstreamError with the feed service\'s message on an error status', async () => {
    const err = await fetchAnnouncements(client, arxiv.rssUrl, ['xx.YY']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 400, message: expect.stringMatching(/rss\/xx\.YY: Invalid archive or category: xx\.YY$/) });
    const missing = await fetchAnnouncements(client, `${arxiv.url}/nowhere`, ['cs.CL']).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, message: expect.stringMatching(/HTTP 404$/) });
  });
});
