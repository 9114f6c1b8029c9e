/**
 * Synthetic arXiv ids for grown corpora: valid new-style ids, unique, in id order,
 * spread over months 0801-2611 with more papers in later months, as on arXiv.
 */

/** One planned paper: its id and where it sits in its month (for a matching date). */
export interface IdPlan {
  id: string;
  year: number;
  month: number;
  /** 0-based position among the month's planned papers, and how many the month has. */
  indexInMonth: number;
  monthCount: number;
}

interface Month {
  year: number;
  month: number;
  /** `YYMM` */
  prefix: string;
  /** Numbers have 4 digits until 1412, 5 from 1501 (arXiv's rule). */
  digits: 4 | 5;
  capacity: number;
}

export const FIRST_MONTH = { year: 2008, month: 1 };
export const LAST_MONTH = { year: 2026, month: 11 };
/**
 * Later months get up to 5x the papers of 2008: arXiv went from about 5,000 new
 * submissions a month in 2008 to over 24,000 in 2024.
 */
const GROWTH = 5;

/** Months from FIRST_MONTH to LAST_MONTH, with how many ids each can still take. */
function months(exclude: ReadonlySet<string>): Month[] {
  const out: Month[] = [];
  const last = LAST_MONTH.year * 12 + LAST_MONTH.month - 1;
  for (let t = FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1; t <= last; t++) {
    const year = Math.floor(t / 12);
    const month = (t % 12) + 1;
    const prefix = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
    const digits = Number(prefix) <= 1412 ? 4 : 5;
    out.push({ year, month, prefix, digits, capacity: 10 ** digits - 1 });
  }
  // Ids the seed already uses are skipped, so seed and synthetic papers can be loaded together.
  const byPrefix = new Map(out.map((mo) => [mo.prefix, mo]));
  for (const id of exclude) {
    const m = /^(\d{4})\.(\d{4,5})$/.exec(id);
    const mo = m ? byPrefix.get(m[1] as string) : undefined;
    if (mo && (m?.[2] as string).length === mo.digits) mo.capacity--;
  }
  return out;
}

/**
 * Splits `count` over months in proportion to their weights, no month above its capacity
 * (water-filling: months whose share would overflow are filled, the rest is re-split).
 */
export function monthQuotas(count: number, weights: readonly number[], capacities: readonly number[]): number[] {
  const quotas = weights.map(() => 0);
  let open = weights.map((_, i) => i);
  let remaining = count;
  for (;;) {
    const total = open.reduce((s, i) => s + (weights[i] as number), 0);
    const full = open.filter((i) => (remaining * (weights[i] as number)) / total > (capacities[i] as number));
    if (full.length === 0) break;
    for (const i of full) {
      quotas[i] = capacities[i] as number;
      remaining -= capacities[i] as number;
    }
    open = open.filter((i) => !full.includes(i));
  }
  // Largest remainder: floors first, then one more to the months with the largest fractions.
  const total = open.reduce((s, i) => s + (weights[i] as number), 0);
  const ideal = open.map((i) => ({ i, share: (remaining * (weights[i] as number)) / total }));
  for (const { i, share } of ideal) quotas[i] = Math.floor(share);
  let left = remaining - ideal.reduce((s, { share }) => s + Math.floor(share), 0);
  ideal.sort((a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)) || a.i - b.i);
  for (const { i } of ideal) {
    if (left <= 0) break;
    quotas[i] = (quotas[i] as number) + 1;
    left--;
  }
  return quotas;
}

/** Yields `count` unique, valid ids in ascending order, skipping those in `exclude`. */
export function* planIds(count: number, exclude: ReadonlySet<string> = new Set()): Generator<IdPlan> {
  const all = months(exclude);
  const capacity = all.reduce((s, m) => s + m.capacity, 0);
  if (count > capacity) throw new Error(`cannot plan ${count} ids: months 0801-2611 hold ${capacity}`);
  const weights = all.map((_, i) => 1 + ((GROWTH - 1) * i) / Math.max(1, all.length - 1));
  const quotas = monthQuotas(count, weights, all.map((m) => m.capacity));
  for (const [mi, mo] of all.entries()) {
    const monthCount = quotas[mi] as number;
    // arXiv numbers a month's papers consecutively from 1: so do we.
    for (let k = 0, n = 1; k < monthCount; n++) {
      const id = `${mo.prefix}.${String(n).padStart(mo.digits, '0')}`;
      if (exclude.has(id)) continue;
      yield { id, year: mo.year, month: mo.month, indexInMonth: k, monthCount };
      k++;
    }
  }
}
