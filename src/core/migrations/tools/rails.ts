/**
 * Rails (ActiveRecord): `schema_migrations(version)` beside `ar_internal_metadata`; files
 * `db/migrate/**\/<version>_<name>.rb`. Versions compare as integers. No apply time, no checksum.
 */
import * as path from 'node:path';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { byNumericId, col, emptyStatus, fileNames, folderNames, ledgerStatus, normalizeDigits } from '../toolKit';

const FILE = /^([0-9]+)_([_a-z0-9]*)\.?([_a-z0-9]*)?\.rb$/;
/** Rails globs db/migrate/**: sub-folders this deep are read. */
const MAX_DEPTH = 3;

async function collect(fs: ReadFileSystem, dir: string, depth: number, into: LocalMigration[]): Promise<void> {
  for (const file of await fileNames(fs, dir)) {
    const m = FILE.exec(file);
    if (m) into.push({ id: m[1], name: m[2], file: path.join(dir, file) });
  }
  if (depth >= MAX_DEPTH) return;
  for (const sub of await folderNames(fs, dir)) await collect(fs, path.join(dir, sub), depth + 1, into);
}

export const railsAdapter: MigrationToolAdapter = {
  id: 'rails',
  matches: (t: HistoryTable) => t.columns.length === 1 && t.columns[0] === 'version',
  historyQuery: (_t, q) => `SELECT version FROM ${q}`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    for (const dir of [path.join(root, 'db', 'migrate'), root]) {
      const migrations: LocalMigration[] = [];
      await collect(fs, dir, dir === root ? MAX_DEPTH : 1, migrations);
      if (migrations.length > 0) return { dir, migrations: migrations.sort(byNumericId), notes: [] };
    }
    return null;
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const entries = (rows ?? [])
      .map((r) => ({ id: col(r, 'version') ?? '' }))
      .sort((a, b) => byNumericId({ id: a.id, file: '' }, { id: b.id, file: '' }));
    return ledgerStatus(emptyStatus('rails', table, local), entries, local, { key: normalizeDigits, flagPendingBeforeApplied: true });
  },
};
