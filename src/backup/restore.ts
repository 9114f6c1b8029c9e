import type { Kysely } from 'kysely';
import { PaperboyError } from '../domain/errors.js';
import type { Store } from '../store/database.js';
import { refreshPlannerStatistics } from '../store/planner-statistics.js';
import { DUMP_BATCH, type ExportedTable, exportedTables } from '../store/dump-tables.js';
import { advanceCounter, appliedMigrations, clearSeededRows, insertRows, liveTables, nonEmptyTables, readPages, setColumn } from '../store/dump.js';
import type { Database } from '../store/schema.js';
import { ArchiveError, type ArchiveTrailer, checkHeader, decodeRow, encodeRow, isSectionEnd, isSectionHeader, isTrailer, readArchiveLines, type SectionHeader, TableChecksum } from './archive.js';

export interface RestoreSummary {
  tables: { table: string; rows: number; checksum: string }[];
  rows: number;
  /** The dialect the archive was exported from. */
  from: string;
}

/** The store already holds data: restore only fills an empty one. */
export class StoreNotEmptyError extends PaperboyError {
  constructor(location: string, tables: { table: string; rows: number }[]) {
    const held = tables.slice(0, 5).map((t) => `${t.rows.toLocaleString('en-US')} ${t.table}`).join(', ');
    super('store_not_empty', `${location} is not empty (${held}${tables.length > 5 ? ', …' : ''}); restore fills only an empty store. Point DATABASE_URL at a new database (createdb, or a new SQLite file) and run restore again. Nothing was changed.`);
  }
}

/**
 * Loads an export into an empty store. Everything happens in ONE transaction: rows go in a page at
 * a time in foreign-key order, each section's count and checksum are checked as it is read, every
 * table is then read back from the store and checked again, id counters move past every restored
 * id, and only then does it commit. A damaged, cut or mismatching archive rolls it all back: the
 * store is left empty, never half restored.
 */
export async function restoreStore(store: Store, file: string, onProgress?: (rows: number) => void): Promise<RestoreSummary> {
  const held = await nonEmptyTables(store.db);
  if (held.length) throw new StoreNotEmptyError(store.location, held);
  const live = await liveTables(store);
  const known = await appliedMigrations(store.db);
  const plans = new Map(exportedTables().map(({ name, plan }, i) => [name, { plan, order: i }]));
  const summary: RestoreSummary = { tables: [], rows: 0, from: '' };

  await store.db.transaction().execute(async (trx) => {
    await clearSeededRows(trx);
    const sections: SectionHeader[] = [];
    let trailer: ArchiveTrailer | undefined;
    let section: { header: SectionHeader; plan: ExportedTable; bytes: Set<string>; checksum: TableChecksum; pending: unknown[][]; later: [unknown, unknown][]; order: number } | undefined;
    let lastOrder = -1;
    let first = true;

    const flush = async () => {
      if (!section || section.pending.length === 0) return;
      await insertRows(trx, section.header.table, section.header.columns, section.pending);
      summary.rows += section.pending.length;
      section.pending = [];
      onProgress?.(summary.rows);
    };

    for await (const value of readArchiveLines(file)) {
      if (first) {
        const header = checkHeader(value);
        const unknown = header.migrations.filter((m) => !known.includes(m));
        if (unknown.length) throw new ArchiveError(`the archive comes from a newer Paperboy (migrations ${unknown.join(', ')} are unknown here): upgrade this one first`);
        summary.from = header.dialect;
        first = false;
      } else if (trailer) {
        throw new ArchiveError('lines after the trailer: the archive is damaged');
      } else if (Array.isArray(value)) {
        if (!section) throw new ArchiveError('a row outside any table section: the archive is damaged');
        if (value.length !== section.header.columns.length) throw new ArchiveError(`${section.header.table}: a row with ${value.length} values for ${section.header.columns.length} columns`);
        section.checksum.add(value);
        section.pending.push(deferSelfReference(section, decodeRow(value, section.header.columns, section.bytes)));
        if (section.pending.length >= (section.plan.batch ?? DUMP_BATCH)) await flush();
      } else if (isSectionHeader(value)) {
        if (section) throw new ArchiveError(`table ${value.table} starts before ${section.header.table} ended: the archive is damaged`);
        const planned = plans.get(value.table);
        if (!planned) throw new ArchiveError(`the archive holds table ${value.table}, which this Paperboy does not restore`);
        if (planned.order <= lastOrder) throw new ArchiveError(`table ${value.table} out of order: the archive is damaged`);
        const columns = new Set((live.get(value.table) ?? []).map((c) => c.name));
        const missing = value.columns.filter((c) => !columns.has(c));
        if (missing.length) throw new ArchiveError(`${value.table}: columns ${missing.join(', ')} are unknown to this store`);
        lastOrder = planned.order;
        section = { header: value, plan: planned.plan, bytes: new Set(value.bytes), checksum: new TableChecksum(), pending: [], later: [], order: planned.order };
      } else if (isSectionEnd(value)) {
        if (!section || section.header.table !== value.end) throw new ArchiveError(`an end of ${value.end} outside its section: the archive is damaged`);
        await flush();
        if (section.checksum.rows !== value.rows || section.checksum.hex !== value.checksum) {
          throw new ArchiveError(`${value.end}: ${section.checksum.rows} rows read with checksum ${section.checksum.hex.slice(0, 12)}…, the archive says ${value.rows} with ${value.checksum.slice(0, 12)}…: the archive is damaged`);
        }
        if (section.plan.selfReference) await setColumn(trx, value.end, section.plan.key[0]!, section.plan.selfReference, section.later);
        sections.push(section.header);
        summary.tables.push({ table: value.end, rows: value.rows, checksum: value.checksum });
        section = undefined;
      } else if (isTrailer(value)) {
        if (section) throw new ArchiveError(`the trailer comes inside table ${section.header.table}: the archive is damaged`);
        if (value.rows !== summary.rows || value.tables !== sections.length) throw new ArchiveError(`the trailer counts ${value.tables} tables and ${value.rows} rows, the archive held ${sections.length} and ${summary.rows}`);
        trailer = value;
      } else {
        throw new ArchiveError('a line that is neither a row nor a section marker: the archive is damaged');
      }
    }
    if (first) throw new ArchiveError('the archive is empty');
    if (!trailer) throw new ArchiveError('the archive is cut short (no trailer): nothing was restored');

    for (const [i, header] of sections.entries()) {
      const again = await tableChecksum(trx, header, plans.get(header.table)!.plan);
      const expected = summary.tables[i]!;
      if (again.rows !== expected.rows || again.hex !== expected.checksum) {
        throw new PaperboyError('restore_mismatch', `${header.table}: the store holds ${again.rows} rows with checksum ${again.hex.slice(0, 12)}… after restore, the archive ${expected.rows} with ${expected.checksum.slice(0, 12)}…; rolled back`);
      }
    }
    for (const [table, columns] of live) {
      const counter = columns.find((c) => c.counter);
      if (counter && plans.has(table)) await advanceCounter(store, trx, table, counter.name, trailer.counters[table] ?? 0);
    }
  });
  await refreshPlannerStatistics(store);
  return summary;
}

/** A reference to a row not yet inserted (a later id) goes in null and is set at the section's end. */
function deferSelfReference(section: { header: SectionHeader; plan: ExportedTable; later: [unknown, unknown][] }, row: unknown[]): unknown[] {
  const column = section.plan.selfReference;
  if (!column) return row;
  const at = section.header.columns.indexOf(column);
  const keyAt = section.header.columns.indexOf(section.plan.key[0]!);
  const ref = row[at];
  if (at < 0 || ref === null || ref === undefined || Number(ref) < Number(row[keyAt])) return row;
  section.later.push([row[keyAt], ref]);
  const copy = row.slice();
  copy[at] = null;
  return copy;
}

/** A table's row count and checksum as the store holds it, over the given columns. */
export async function tableChecksum(db: Kysely<Database>, header: SectionHeader, plan: ExportedTable): Promise<TableChecksum> {
  const checksum = new TableChecksum();
  const bytes = new Set(header.bytes);
  for await (const page of readPages(db, header.table, header.columns, plan)) {
    for (const row of page) checksum.add(encodeRow(row, header.columns, bytes));
  }
  return checksum;
}
