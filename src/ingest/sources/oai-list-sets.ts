/**
 * The OAI-PMH sets arXiv has (`ListSets`), so a category that names no set is reported as such
 * instead of harvesting nothing: arXiv answers a harvest of an unknown set with `noRecordsMatch`,
 * the same answer as a day without changes.
 *
 * The list changes a few times a year (a new category), so it is kept in the store's settings
 * for a week; a category missing from a kept list is checked against a fresh one before it is
 * called unknown.
 */
import { UpstreamError } from '../../domain/errors.js';
import type { Store } from '../../store/database.js';
import { readSetting, writeSetting } from '../../store/settings.js';
import type { ArxivHttpClient } from '../arxiv-http.js';
import { parseListSets } from './oai-pmh-parse.js';

/** A week: arXiv adds categories rarely, and a missing one triggers a fresh list anyway. */
export const OAI_SETS_MAX_AGE_MS = 7 * 86_400_000;
const SETTING = 'arxiv_oai_sets';

/** GETs every page of ListSets; throws UpstreamError when arXiv does not answer with a list. */
export async function fetchOaiSets(client: ArxivHttpClient, baseUrl: string): Promise<string[]> {
  const sets: string[] = [];
  for (let token: string | null = null, first = true; first || token; first = false) {
    const url = new URL(baseUrl);
    url.searchParams.set('verb', 'ListSets');
    if (token) url.searchParams.set('resumptionToken', token);
    const res = await client.get(url.toString());
    const parsed = parseListSets(res.body);
    if (parsed === null) throw new UpstreamError(`OAI-PMH ListSets: HTTP ${res.status}, not an OAI-PMH set list from ${url}`, res.status);
    if (parsed.kind === 'error') throw new UpstreamError(`OAI-PMH ListSets ${parsed.code}: ${parsed.message}`, res.status, `oai_${parsed.code}`);
    sets.push(...parsed.sets);
    token = parsed.token;
  }
  return sets;
}

/** Answers "does arXiv have this set?" from the kept list, refreshed when older than a week or when it lacks the set. */
export function oaiSetChecker(store: Store, client: ArxivHttpClient, baseUrl: string, now: Date): (set: string) => Promise<boolean> {
  let sets: Set<string> | null = null;
  let fresh = false;
  const refresh = async () => {
    const list = await fetchOaiSets(client, baseUrl);
    await writeSetting(store, SETTING, JSON.stringify({ fetchedAt: now.toISOString(), sets: list }));
    sets = new Set(list);
    fresh = true;
  };
  return async (set) => {
    if (sets === null) {
      const kept = parseKept(await readSetting(store, SETTING));
      if (kept && now.getTime() - Date.parse(kept.fetchedAt) < OAI_SETS_MAX_AGE_MS) sets = new Set(kept.sets);
      else await refresh();
    }
    if (!sets!.has(set) && !fresh) await refresh();
    return sets!.has(set);
  };
}

function parseKept(value: string | undefined): { fetchedAt: string; sets: string[] } | null {
  if (value === undefined) return null;
  try {
    const v = JSON.parse(value) as { fetchedAt?: unknown; sets?: unknown };
    if (typeof v.fetchedAt === 'string' && Array.isArray(v.sets) && v.sets.every((s) => typeof s === 'string')) return { fetchedAt: v.fetchedAt, sets: v.sets as string[] };
  } catch {
    // a value we cannot read is fetched again
  }
  return null;
}
