/**
 * When a repository is fetched again. Young papers' repositories and popular ones change most
 * (a paper's first weeks bring most of its stars): every 6 hours while the newest paper naming
 * the repository is under 14 days old, or while it has more than 1,000 stars; others every 3
 * days; a repository GitHub does not have, weekly (it may come back, or be made public).
 */
export const HOUR_MS = 3_600_000;
export const FRESH_MS = 6 * HOUR_MS;
export const STALE_MS = 3 * 24 * HOUR_MS;
export const MISSING_MS = 7 * 24 * HOUR_MS;
export const YOUNG_PAPER_DAYS = 14;
export const POPULAR_STARS = 1000;

export function nextFetchAt(now: Date, repo: { missing: boolean; stars: number | null; newestPaperDay: string | null }): Date {
  if (repo.missing) return new Date(now.getTime() + MISSING_MS);
  const young = repo.newestPaperDay !== null && now.getTime() - Date.parse(`${repo.newestPaperDay.slice(0, 10)}T00:00:00Z`) < YOUNG_PAPER_DAYS * 24 * HOUR_MS;
  const popular = (repo.stars ?? 0) > POPULAR_STARS;
  return new Date(now.getTime() + (young || popular ? FRESH_MS : STALE_MS));
}
