/**
 * node-pg-migrate: `pgmigrations(id, name, run_on)`; every non-dot file of `migrations/`, id = the
 * file name without its last extension (`x.up.sql`/`x.down.sql` pair into `x`), ordered by numeric
 * prefix. Its checkOrder refuses pending files that sort before an applied one.
 */
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter } from '../adapter';
import { byNumericId, col, emptyStatus, isoTime, ledgerStatus, readText, scanFlat } from '../toolKit';

/** Not dot-files, not the down half of an SQL pair. */
const FILE = /^(?!\.)(?!.*\.down\.sql$)(.+?)(\.up\.sql|\.[^.]+)?$/;

export const nodePgMigrateAdapter: MigrationToolAdapter = {
  id: 'node-pg-migrate',
  matches: (t: HistoryTable) => t.columns.length === 3 && ['id', 'name', 'run_on'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) => `SELECT id, name, run_on FROM ${q} ORDER BY run_on, id`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const scan = await scanFlat(fs, root, { dirs: ['migrations', '.'], pattern: FILE, id: (_f, m) => m[1], compare: byNumericId });
    if (!scan) return null;
    const pkg = (await fs.exists(`${root}/package.json`)) ? await readText(fs, `${root}/package.json`, []) : null;
    return { ...scan, guessed: !(pkg ?? '').includes('"node-pg-migrate"') };
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const entries = (rows ?? []).map((r) => ({ id: col(r, 'name') ?? '', appliedAt: isoTime(col(r, 'run_on')) }));
    return ledgerStatus(emptyStatus('node-pg-migrate', table, local), entries, local, { flagPendingBeforeApplied: true });
  },
};
