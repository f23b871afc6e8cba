/**
 * knex: `knex_migrations(id, name, batch, migration_time)` and `knex_migrations_lock(index,
 * is_locked)`; files `migrations/*.{js,ts,cjs,...}`, id = the file name with its extension.
 */
import * as path from 'node:path';
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter } from '../adapter';
import { quoteIdent } from '../catalog';
import { anyExists, col, emptyStatus, isoTime, ledgerStatus, readText, scanFlat } from '../toolKit';

const FILE = /^(.+)\.(co|coffee|eg|iced|js|cjs|litcoffee|ls|ts)$/;
const KNEXFILES = ['knexfile.js', 'knexfile.ts', 'knexfile.cjs', 'knexfile.mjs'];

function lockTable(t: HistoryTable): string | null {
  const name = `${t.table}_lock`.toLowerCase();
  return (t.siblings ?? []).includes(name) ? `${quoteIdent(t.schema)}.${quoteIdent(`${t.table}_lock`)}` : null;
}

/** The `directory` a knexfile names, when it names one literally. */
async function configuredDir(root: string, fs: Parameters<MigrationToolAdapter['scanWorkspace']>[1]): Promise<string | null> {
  for (const f of KNEXFILES) {
    const file = path.join(root, f);
    if (!(await fs.exists(file))) continue;
    const text = await readText(fs, file, []);
    const m = text && /migrations\s*:\s*\{[^}]*?directory\s*:\s*['"`]([^'"`]+)['"`]/s.exec(text);
    if (m) return m[1];
  }
  return null;
}

export const knexAdapter: MigrationToolAdapter = {
  id: 'knex',
  matches: (t: HistoryTable) => ['name', 'batch', 'migration_time'].every((c) => t.columns.includes(c)),
  historyQuery(t, q) {
    const lock = lockTable(t);
    // A one-row lock subquery joined to the history: the lock shows even when the history is empty.
    const lockSql = lock ? `(SELECT max(is_locked) AS is_locked FROM ${lock})` : '(SELECT NULL::integer AS is_locked)';
    return `SELECT h.id, h.name, h.batch, h.migration_time, l.is_locked FROM ${lockSql} l LEFT JOIN ${q} h ON true ORDER BY h.id`;
  },
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const dir = await configuredDir(root, fs);
    const scan = await scanFlat(fs, root, { dirs: [...(dir ? [dir] : []), 'migrations', '.'], pattern: FILE, id: (f) => f, name: (_f, m) => m[1] });
    if (!scan) return null;
    return { ...scan, guessed: !(await anyExists(fs, root, KNEXFILES)) };
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const status = emptyStatus('knex', table, local);
    const history = (rows ?? []).filter((r) => col(r, 'name') !== null);
    const entries = history.map((r) => ({ id: col(r, 'name') ?? '', appliedAt: isoTime(col(r, 'migration_time')) }));
    ledgerStatus(status, entries, local, { flagPendingBeforeApplied: true });
    const locked = (rows ?? []).some((r) => col(r, 'is_locked') === '1');
    if (locked) {
      const lock = table ? `${table.schema}.${table.table}_lock` : 'knex_migrations_lock';
      status.failed.push({ id: lock, detail: `${lock}.is_locked = 1: a migration run holds the lock, or crashed holding it. If no migration is running, run "knex migrate:unlock".` });
    }
    return status;
  },
};
