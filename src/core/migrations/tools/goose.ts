/**
 * goose: `goose_db_version(id, version_id, is_applied, tstamp)`, append-only; the latest row per
 * version decides, and the `version_id = 0` seed row is ignored. Files `<int>_<name>.(sql|go)`
 * with `-- +goose Up`, in numeric order.
 */
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter } from '../adapter';
import { blankDownSections, byNumericId, col, emptyStatus, firstFileMatches, isoTime, ledgerStatus, normalizeDigits, scanFlat } from '../toolKit';

export const gooseAdapter: MigrationToolAdapter = {
  id: 'goose',
  matches: (t: HistoryTable) => ['version_id', 'is_applied'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) =>
    `SELECT g.version_id, g.tstamp FROM ${q} g WHERE g.id = (SELECT max(g2.id) FROM ${q} g2 WHERE g2.version_id = g.version_id) AND g.is_applied AND g.version_id > 0 ORDER BY g.id`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const scan = await scanFlat(fs, root, {
      dirs: ['migrations', 'db/migrations', 'sql/migrations', '.'],
      pattern: /^(\d+)_(.*)\.(sql|go)$/,
      id: (_f, m) => normalizeDigits(m[1]),
      name: (_f, m) => m[2],
      compare: byNumericId,
    });
    if (!scan) return null;
    return { ...scan, guessed: !(await firstFileMatches(fs, scan, /^--\s*\+goose\s+Up\b|goose\./m)) };
  },
  upText: (text) => blankDownSections(text, /^--\s*\+goose\s+Up\b/i, /^--\s*\+goose\s+Down\b/i),
  status(rows: readonly HistoryRow[] | null, local, table) {
    const entries = (rows ?? []).map((r) => ({ id: normalizeDigits(col(r, 'version_id') ?? ''), appliedAt: isoTime(col(r, 'tstamp')) }));
    return ledgerStatus(emptyStatus('goose', table, local), entries, local, { key: normalizeDigits, flagPendingBeforeApplied: true });
  },
};
