/**
 * dbmate: `schema_migrations(version)` without Rails' `ar_internal_metadata`; files
 * `db/migrations/<digits>*.sql` with `-- migrate:up`, applied in file-name order.
 */
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter } from '../adapter';
import { blankDownSections, col, compareText, emptyStatus, firstFileMatches, ledgerStatus, scanFlat } from '../toolKit';

const MARKER = /^--\s*migrate:up(\s*$|\s+\S+)/m;

export const dbmateAdapter: MigrationToolAdapter = {
  id: 'dbmate',
  matches: (t: HistoryTable) => t.columns.length === 1 && t.columns[0] === 'version' && !(t.siblings ?? []).includes('ar_internal_metadata'),
  historyQuery: (_t, q) => `SELECT version FROM ${q}`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const scan = await scanFlat(fs, root, { dirs: ['db/migrations', '.'], pattern: /^(\d+).*\.sql$/, id: (_f, m) => m[1], name: (f) => f.replace(/^\d+_?/, '').replace(/\.sql$/, '') });
    if (!scan) return null;
    return { ...scan, guessed: !(await firstFileMatches(fs, scan, MARKER)) };
  },
  upText: (text) => blankDownSections(text, /^--\s*migrate:up\b/, /^--\s*migrate:down\b/),
  status(rows: readonly HistoryRow[] | null, local, table) {
    const entries = (rows ?? []).map((r) => ({ id: col(r, 'version') ?? '' })).sort((a, b) => compareText(a.id, b.id));
    return ledgerStatus(emptyStatus('dbmate', table, local), entries, local, { flagPendingBeforeApplied: true });
  },
};
