/**
 * How a list splits into pages: `size` a page, except that a remainder of `absorb` or fewer joins
 * the page before, so no list ends on a page of one or two cards (51 papers: one page of 51).
 */
export interface PageSlice {
  /** 1-based; a page past the end is kept (it shows "past the end") but reads nothing. */
  page: number;
  pages: number;
  offset: number;
  limit: number;
}

export function pageSlice(total: number, page: number, size: number, absorb = Math.floor(size / 5)): PageSlice {
  const full = Math.floor(total / size);
  const rest = total - full * size;
  const pages = Math.max(1, rest > absorb || full === 0 ? full + 1 : full);
  const offset = (page - 1) * size;
  const limit = page < pages ? size : page === pages ? Math.max(0, total - offset) : 0;
  return { page, pages, offset, limit };
}

/** `?page=` as a page number: 1 when missing or not a number, at most 10,000. */
export function pageNumber(raw: string | undefined): number {
  return Math.min(10_000, Math.max(1, Number.parseInt(raw ?? '1', 10) || 1));
}
