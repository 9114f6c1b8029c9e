import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { horizontalBars, lineChart, niceMax, scaledHeights, sparkline, stackedBarChart } from '../../../src/web/render/svg-charts.js';
import { cumulativeUpvotes, UpvoteSparkline } from '../../../src/web/views/upvote-sparkline.js';
import { activityChart, daysOf, papersChart } from '../../../src/web/views/stats-page.js';

const attrs = (html: string, tag: string) => [...html.matchAll(new RegExp(`<${tag} ([^>]*)/?>`, 'g'))].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));

describe('chart scales', () => {
  it('rounds the axis top up to a round even number', () => {
    expect([0, 1, 2, 3, 5, 7, 9, 10, 11, 45, 99, 100, 101, 450, 999, 12_345].map(niceMax)).toEqual([2, 2, 2, 4, 6, 8, 10, 10, 12, 50, 100, 100, 120, 500, 1000, 15_000]);
    expect(niceMax(Number.NaN)).toBe(2);
  });

  it('scales heights in proportion, clipped to the plot, never dividing by zero', () => {
    expect(scaledHeights([0, 5, 10, 20], 10)).toEqual([0, 50, 100, 100]);
    expect(scaledHeights([0, 0], 0)).toEqual([0, 0]);
    expect(scaledHeights([-3], 10)).toEqual([0]);
  });
});

describe('stackedBarChart', () => {
  const input = {
    title: 'Papers per day', summary: '12 papers.', days: ['2026-11-01', '2026-11-02', '2026-11-03'],
    series: [{ label: 'cs.CL', cls: 's0', values: [2, 0, 6] }, { label: 'other', cls: 's-other', values: [2, 0, 0] }],
  };

  it('draws bars whose heights are proportional to the values, stacked from the bottom', () => {
    const html = renderToString(stackedBarChart(input));
    const rects = attrs(html, 'rect');
    // Top 6 -> axis 6: 2 of 6 is a third of the plot.
    expect(rects.map((r) => [r.class, r.x, r.y, r.height])).toEqual([
      ['s0', '1', '66.7', '33.3'], ['s-other', '1', '33.3', '33.3'], ['s0', '21', '0', '100'],
    ]);
    expect(html).toContain('<span class="y-top">6</span><span class="y-mid">3</span>');
    expect(html).toContain('viewBox="0 0 30 100"');
    expect(html).toContain('preserveAspectRatio="none"');
  });

  it('is an image named by its summary, with a legend and the numbers in a table', () => {
    const html = renderToString(stackedBarChart(input));
    expect(html).toMatch(/<svg [^>]*role="img"[^>]*aria-label="Papers per day\. 12 papers\."/);
    expect(html).toContain('<title>Papers per day</title>');
    expect(html).toContain('<span class="swatch s0" aria-hidden="true"></span>cs.CL');
    expect(html).toContain('<tr><th scope="row">2026-11-01</th><td class="total">4</td><td>2</td><td>2</td></tr>');
    expect(html).not.toContain('2026-11-02</th>');
  });

  it('draws nothing but the grid for no data, and escapes labels', () => {
    const html = renderToString(stackedBarChart({ title: 'T', summary: '<b>"s"</b>', days: ['2026-11-01'], series: [{ label: '<script>x</script>', cls: 's0', values: [0] }, { label: 'b', cls: 's1', values: [0] }] }));
    expect(attrs(html, 'rect')).toEqual([]);
    expect(attrs(html, 'line')).toHaveLength(3);
    expect(html).toContain('Nothing yet in these days.');
    expect(html).not.toMatch(/NaN|Infinity|<script>|<b>/);
    expect(html).toContain('&lt;script>x&lt;/script>');
    expect(renderToString(stackedBarChart({ title: 'T', summary: 's', days: [], series: [] }))).not.toMatch(/NaN|Infinity/);
  });
});

describe('lineChart', () => {
  it('draws one polyline per series on one scale', () => {
    const html = renderToString(lineChart({ title: 'T', summary: 's', days: ['a', 'b', 'c'], series: [{ label: 'up', cls: 's0', values: [0, 4, 8] }, { label: 'c', cls: 's1', values: [0, 0, 0] }] }));
    const lines = attrs(html, 'polyline');
    expect(lines.map((l) => l.points)).toEqual(['5,100 15,50 25,0', '5,100 15,100 25,100']);
    expect(lines[0]!['vector-effect']).toBe('non-scaling-stroke');
  });

  it('draws all-zero data flat at the bottom', () => {
    const html = renderToString(lineChart({ title: 'T', summary: 's', days: ['a', 'b'], series: [{ label: 'up', cls: 's0', values: [0, 0] }] }));
    expect(attrs(html, 'polyline')[0]!.points).toBe('5,100 15,100');
    expect(html).toContain('<span class="y-top">2</span>');
  });
});

describe('horizontalBars', () => {
  it('lists links and counts, each bar as wide as its share of the largest', () => {
    const html = renderToString(horizontalBars({ label: 'Top', unit: 'papers', items: [{ label: 'cs.CL', href: '/papers/category/cs.CL', value: 8 }, { label: '<i>x</i>', href: '/u/%3Ci%3E', hint: '@<i>', value: 2 }] }));
    expect(attrs(html, 'rect').map((r) => r.width)).toEqual(['100', '25']);
    expect(html).toContain('<ol class="hbars" aria-label="Top">');
    expect(html).toContain('<a href="/u/%3Ci%3E" title="@&lt;i>">&lt;i>x&lt;/i></a>');
    expect(html).toContain('<span class="n">8<span class="vh"> papers</span></span>');
  });

  it('draws zero-width bars when every count is zero', () => {
    const html = renderToString(horizontalBars({ label: 'Top', unit: 'papers', items: [{ label: 'a', href: '/a', value: 0 }] }));
    expect(attrs(html, 'rect').map((r) => r.width)).toEqual(['0']);
  });
});

describe('sparkline', () => {
  it('spans the values from lowest to highest, flat when they are equal or single', () => {
    const ys = (values: number[]) => attrs(renderToString(sparkline({ values, label: 'l' })), 'polyline')[0]!.points!.split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys([1, 3, 5])).toEqual([95, 50, 5]);
    expect(ys([4, 4])).toEqual([50, 50]);
    expect(ys([4])).toEqual([50, 50]);
    expect(renderToString(sparkline({ values: [], label: 'l' }))).not.toMatch(/NaN|Infinity/);
  });

  it('runs the paper total day by day from the baseline, up to today when given', () => {
    const data = { paperId: 'p', baseline: 10, days: [{ day: '2026-11-02', count: 2 }, { day: '2026-11-04', count: 1 }] };
    expect(cumulativeUpvotes(data)).toEqual([
      { day: '2026-11-01', total: 10 }, { day: '2026-11-02', total: 12 }, { day: '2026-11-03', total: 12 }, { day: '2026-11-04', total: 13 },
    ]);
    expect(cumulativeUpvotes(data, '2026-11-05').at(-1)).toEqual({ day: '2026-11-05', total: 13 });
    expect(cumulativeUpvotes({ paperId: 'p', baseline: 10, days: [] })).toEqual([]);
    const html = renderToString(h(UpvoteSparkline, { data }));
    expect(html).toContain('aria-label="Upvotes over time: 10 on 2026-11-01, 13 on 2026-11-04."');
    expect(html).toContain('<tr><th scope="row">2026-11-04</th><td>1</td><td>13</td></tr>');
    expect(renderToString(h(UpvoteSparkline, { data: { paperId: 'p', baseline: 3, days: [] } }))).toBe('');
  });
});

describe('stats page series', () => {
  it('stacks the top six categories and puts the rest, and papers without one, under other', () => {
    const days = daysOf('2026-11-01', '2026-11-03');
    expect(days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    const cats = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const papersByDay = [...cats.map((category, i) => ({ day: '2026-11-01', category, papers: 10 - i })), { day: '2026-11-03', category: null, papers: 5 }];
    const chart = papersChart(days, { papersByDay, topCategories: cats.map((category, i) => ({ category, papers: 10 - i })) });
    expect(chart.series.map((s) => s.label)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'other']);
    expect(chart.series.at(-1)!.values).toEqual([4, 0, 5]);
    expect(chart.summary).toBe('54 papers on 2 feed days from 2026-11-01 to 2026-11-03; the most, 49, on 2026-11-01. Largest categories: a, b, c, d, e, f.');
  });

  it('fills days without votes or comments with zeros', () => {
    const chart = activityChart(daysOf('2026-11-01', '2026-11-03'), [{ day: '2026-11-02', count: 4 }], []);
    expect(chart.series.map((s) => s.values)).toEqual([[0, 4, 0], [0, 0, 0]]);
  });
});
