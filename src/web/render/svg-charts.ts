import { h, type VNode } from 'preact';

/** An element; preact types `h(tag, props)` by its props, which callers here do not care about. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ChartNode = VNode<any>;

/**
 * Charts drawn on the server as inline SVG: no script, so a reader without JavaScript sees them.
 * Every chart is a `figure` whose SVG is `role="img"` named by a text summary, with the numbers
 * in a `<details>` table; text (axis values, days, legend) is HTML around the SVG, so it stays
 * legible while the SVG stretches to any width (`preserveAspectRatio="none"`, strokes kept thin
 * by `vector-effect`). Colours are CSS classes (site.css, "stats page and charts"), so dark mode
 * and the content security policy need nothing here. Preact escapes every label.
 */

/** Width of one x slot in SVG units; the plot is `slots × SLOT` wide and PLOT_HEIGHT high. */
const SLOT = 10;
const PLOT_HEIGHT = 100;
/** Series colours: six, then `other`. */
export const SERIES_CLASSES = ['s0', 's1', 's2', 's3', 's4', 's5'] as const;
export const OTHER_CLASS = 's-other';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The top of a count axis: the smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 × 10^k at or above `max`
 * that is an even whole number, so the middle gridline is a whole number too; 2 for nothing at
 * all (an empty chart draws flat, never divides by zero).
 */
export function niceMax(max: number): number {
  if (!(max > 2)) return 2;
  const scale = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const top = Math.round(step * scale);
    if (top >= max && top % 2 === 0) return top;
  }
  return 10 * scale;
}

/** Heights in SVG units of values against an axis top (values above it are clipped to the plot). */
export function scaledHeights(values: readonly number[], top: number, height = PLOT_HEIGHT): number[] {
  const t = top > 0 ? top : 1;
  return values.map((v) => (Math.max(0, Math.min(v, t)) / t) * height);
}

/** One decimal at most: SVG attributes stay short. */
function u(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export interface ChartSeries {
  label: string;
  /** The colour class (SERIES_CLASSES or OTHER_CLASS). */
  cls: string;
  /** One value per day, as many as the chart's days. */
  values: readonly number[];
}

export interface ChartInput {
  /** The accessible name: what the chart shows. */
  title: string;
  /** The text summary: what a sighted reader takes from it. */
  summary: string;
  /** The x axis, oldest first: every calendar day of the window. */
  days: readonly string[];
  series: readonly ChartSeries[];
}

/** A stacked bar per day (series bottom to top in order), with a legend and the numbers. */
export function stackedBarChart(input: ChartInput): ChartNode {
  const totals = input.days.map((_, i) => input.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = niceMax(Math.max(0, ...totals));
  const bars: ChartNode[] = [];
  input.days.forEach((_, i) => {
    let base = PLOT_HEIGHT;
    for (const s of input.series) {
      const [height] = scaledHeights([s.values[i] ?? 0], top);
      if (!height) continue;
      base -= height;
      bars.push(h('rect', { class: s.cls, x: u(i * SLOT + 1), y: u(base), width: u(SLOT - 2), height: u(height) }));
    }
  });
  return chartFigure(input, top, bars, { withTotal: true });
}

/** A line per series over the days, on one scale. */
export function lineChart(input: ChartInput): ChartNode {
  const top = niceMax(Math.max(0, ...input.series.flatMap((s) => s.values)));
  const lines = input.series.map((s) => {
    const heights = scaledHeights(s.values, top);
    const points = heights.map((y, i) => `${u(i * SLOT + SLOT / 2)},${u(PLOT_HEIGHT - y)}`).join(' ');
    return h('polyline', { class: `line ${s.cls}`, points, fill: 'none', 'vector-effect': 'non-scaling-stroke' });
  });
  return chartFigure(input, top, lines, { withTotal: false });
}

function chartFigure(input: ChartInput, top: number, marks: ChartNode[], options: { withTotal: boolean }): ChartNode {
  const width = Math.max(1, input.days.length) * SLOT;
  const gridlines = [0, PLOT_HEIGHT / 2, PLOT_HEIGHT].map((y) => h('line', { class: 'grid', x1: 0, x2: width, y1: y, y2: y, 'vector-effect': 'non-scaling-stroke' }));
  const first = input.days[0] ?? '';
  const last = input.days[input.days.length - 1] ?? '';
  const middle = input.days[Math.floor((input.days.length - 1) / 2)] ?? '';
  return h('figure', { class: 'chart' }, [
    h('div', { class: 'chart-frame' }, [
      h('div', { class: 'chart-y', 'aria-hidden': 'true' }, [h('span', { class: 'y-top' }, formatCount(top)), h('span', { class: 'y-mid' }, formatCount(top / 2)), h('span', { class: 'y-zero' }, '0')]),
      h('svg', { class: 'chart-plot', viewBox: `0 0 ${width} ${PLOT_HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${input.title}. ${input.summary}`, xmlns: 'http://www.w3.org/2000/svg' }, [
        h('title', null, input.title),
        ...gridlines,
        ...marks,
      ]),
      h('div', { class: 'chart-x', 'aria-hidden': 'true' }, [h('span', null, first), input.days.length > 2 ? h('span', null, middle) : null, input.days.length > 1 ? h('span', null, last) : null]),
    ]),
    h('figcaption', null, [
      h('span', { class: 'chart-summary' }, input.summary),
      input.series.length > 1 ? legend(input.series) : null,
    ]),
    dataTable(input, options.withTotal),
  ]);
}

function legend(series: readonly ChartSeries[]): ChartNode {
  return h('ul', { class: 'legend' }, series.map((s) => h('li', null, [h('span', { class: `swatch ${s.cls}`, 'aria-hidden': 'true' }), s.label])));
}

/** The chart's numbers, one row per day with any: what a screen reader (or a curious reader) reads. */
function dataTable(input: ChartInput, withTotal: boolean): ChartNode {
  const rows = input.days.flatMap((day, i) => {
    const values = input.series.map((s) => s.values[i] ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    if (total === 0) return [];
    return [h('tr', null, [h('th', { scope: 'row' }, day), ...(withTotal ? [h('td', { class: 'total' }, formatCount(total))] : []), ...values.map((v) => h('td', null, formatCount(v)))])];
  });
  return h('details', { class: 'chart-data' }, [
    h('summary', null, `The numbers: ${input.title.toLowerCase()}`),
    rows.length === 0
      ? h('p', null, 'Nothing yet in these days.')
      : h('div', { class: 'table-scroll' }, h('table', null, [
        h('thead', null, h('tr', null, [h('th', { scope: 'col' }, 'Day'), ...(withTotal ? [h('th', { scope: 'col' }, 'Total')] : []), ...input.series.map((s) => h('th', { scope: 'col' }, s.label))])),
        h('tbody', null, rows),
      ])),
  ]);
}

export interface BarItem {
  label: string;
  href: string;
  /** A tooltip, e.g. the handle behind a display name. */
  hint?: string;
  value: number;
}

/**
 * A ranked list as horizontal bars: an ordered list of links and counts (what a screen reader
 * reads), each with a bar scaled to the largest; the bars themselves are decoration.
 */
export function horizontalBars({ label, unit, items }: { label: string; unit: string; items: readonly BarItem[] }): ChartNode {
  const top = Math.max(0, ...items.map((i) => i.value));
  const widths = scaledHeights(items.map((i) => i.value), top > 0 ? top : 1, 100);
  return h('ol', { class: 'hbars', 'aria-label': label }, items.map((item, i) =>
    h('li', null, [
      h('a', { href: item.href, title: item.hint }, item.label),
      h('svg', { class: 'hbar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false', xmlns: 'http://www.w3.org/2000/svg' },
        h('rect', { class: 's0', x: 0, y: 0, width: u(widths[i] ?? 0), height: 10 })),
      h('span', { class: 'n' }, `${formatCount(item.value)}`, h('span', { class: 'vh' }, ` ${unit}`)),
    ])));
}

/**
 * A word-sized line of values (oldest first), named by `label`. A single value draws flat; all
 * equal values draw flat at mid height.
 */
export function sparkline({ values, label }: { values: readonly number[]; label: string }): ChartNode {
  const width = Math.max(1, values.length - 1) * SLOT;
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 0;
  const span = hi - lo;
  const ys = values.map((v) => (span > 0 ? PLOT_HEIGHT - ((v - lo) / span) * (PLOT_HEIGHT - 10) - 5 : PLOT_HEIGHT / 2));
  const points = (values.length === 1 ? [ys[0]!, ys[0]!] : ys).map((y, i) => `${u(i * SLOT)},${u(y)}`).join(' ');
  return h('svg', { class: 'sparkline', viewBox: `0 0 ${width} ${PLOT_HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label, xmlns: 'http://www.w3.org/2000/svg' }, [
    h('title', null, label),
    h('polyline', { class: 'line s0', points, fill: 'none', 'vector-effect': 'non-scaling-stroke' }),
  ]);
}
