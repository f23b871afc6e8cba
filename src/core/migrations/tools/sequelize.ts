/**
 * Sequelize (sequelize-cli / umzug): `"SequelizeMeta"(name)`, name = the file name with its
 * extension; files `migrations/*.{js,cjs,ts,cts}` (not `.d.ts`) in name order.
 */
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter } from '../adapter';
import { anyExists, col, compareText, emptyStatus, isoTime, ledgerStatus, scanFlat } from '../toolKit';

export const sequelizeAdapter: MigrationToolAdapter = {
  id: 'sequelize',
  matches: (t: HistoryTable) => t.table.toLowerCase() === 'sequelizemeta' && t.columns.includes('name'),
  historyQuery: (t, q) => `SELECT name${t.columns.includes('createdat') ? ', "createdAt" AS created_at' : ''} FROM ${q}`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const scan = await scanFlat(fs, root, {
      dirs: ['migrations', 'db/migrations', '.'],
      pattern: /^(?!.*\.d\.ts$)(.*)\.(cjs|js|cts|ts)$/,
      id: (f) => f,
      name: (_f, m) => m[1].replace(/^\d+-/, ''),
    });
    if (!scan) return null;
    return { ...scan, guessed: !(await anyExists(fs, root, ['.sequelizerc', 'config/config.json'])) };
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    // Name order is umzug's order of executed(); with timestamps, application order is createdAt.
    const entries = (rows ?? [])
      .map((r) => ({ id: col(r, 'name') ?? '', appliedAt: isoTime(col(r, 'created_at')) }))
      .sort((a, b) => compareText(a.appliedAt ?? '', b.appliedAt ?? '') || compareText(a.id, b.id));
    return ledgerStatus(emptyStatus('sequelize', table, local), entries, local, { flagPendingBeforeApplied: true });
  },
};
