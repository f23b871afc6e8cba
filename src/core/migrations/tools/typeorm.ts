/**
 * TypeORM: `migrations(id, timestamp, name)`, name = the migration's class name (or its `name`
 * property), whose last 13 digits are the timestamp that orders them. Files are found by content
 * (`implements MigrationInterface`) in the usual folders, as the DataSource globs are code.
 */
import * as path from 'node:path';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { col, compareDigits, emptyStatus, fileNames, ledgerStatus, readText } from '../toolKit';

const DIRS = ['src/migrations', 'src/migration', 'migrations', 'src/database/migrations', 'src/db/migrations', 'db/migrations', '.'];
const CLASS = /export\s+class\s+(\w+)\s+implements\s+MigrationInterface/;
const NAME = /\bname\s*=\s*['"`]([^'"`]+)['"`]/;

function stamp(name: string): string {
  return name.slice(-13);
}

async function scanDir(fs: ReadFileSystem, dir: string, notes: string[]): Promise<LocalMigration[]> {
  const found: LocalMigration[] = [];
  for (const file of await fileNames(fs, dir)) {
    if (!/\.(ts|js|cjs|mjs)$/.test(file) || file.endsWith('.d.ts')) continue;
    const text = await readText(fs, path.join(dir, file), notes);
    const cls = text ? CLASS.exec(text) : null;
    if (!text || !cls) continue;
    const id = NAME.exec(text.slice(cls.index))?.[1] ?? cls[1];
    found.push({ id, name: cls[1].replace(/\d{13}$/, ''), file: path.join(dir, file) });
  }
  return found.sort((a, b) => compareDigits(stamp(a.id), stamp(b.id)));
}

export const typeormAdapter: MigrationToolAdapter = {
  id: 'typeorm',
  matches: (t: HistoryTable) => t.columns.length === 3 && ['id', 'timestamp', 'name'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) => `SELECT id, "timestamp", name FROM ${q} ORDER BY id`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const notes: string[] = [];
    for (const rel of DIRS) {
      const dir = path.resolve(root, rel);
      const migrations = await scanDir(fs, dir, notes);
      if (migrations.length > 0) return { dir, migrations, notes };
    }
    return null;
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const entries = (rows ?? []).map((r) => ({ id: col(r, 'name') ?? '' }));
    return ledgerStatus(emptyStatus('typeorm', table, local), entries, local, { flagPendingBeforeApplied: true });
  },
};
