/**
 * Diesel: `__diesel_schema_migrations(version, run_on)`; each sub-folder of `migrations/` holding
 * `up.sql`, version = the folder name's prefix before `_` with the dashes removed.
 */
import * as path from 'node:path';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter } from '../adapter';
import { col, compareText, emptyStatus, folderNames, isoTime, ledgerStatus, readText } from '../toolKit';

/** The folder `diesel.toml` names under [migrations_directory], when it does. */
async function configuredDir(root: string, fs: Parameters<MigrationToolAdapter['scanWorkspace']>[1]): Promise<string | null> {
  const file = path.join(root, 'diesel.toml');
  if (!(await fs.exists(file))) return null;
  const text = (await readText(fs, file, [])) ?? '';
  return /\[migrations_directory\][^[]*?\bdir\s*=\s*"([^"]+)"/s.exec(text)?.[1] ?? null;
}

export const dieselAdapter: MigrationToolAdapter = {
  id: 'diesel',
  matches: (t: HistoryTable) => t.columns.length === 2 && t.columns.includes('version') && t.columns.includes('run_on'),
  historyQuery: (_t, q) => `SELECT version, run_on FROM ${q} ORDER BY run_on, version`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const configured = await configuredDir(root, fs);
    for (const rel of [...(configured ? [configured] : []), 'migrations', '.']) {
      const dir = path.resolve(root, rel);
      const migrations: LocalMigration[] = [];
      for (const sub of await folderNames(fs, dir)) {
        if (sub.startsWith('.') || !(await fs.exists(path.join(dir, sub, 'up.sql')))) continue;
        const cut = sub.indexOf('_');
        migrations.push({ id: (cut < 0 ? sub : sub.slice(0, cut)).replace(/-/g, ''), name: cut < 0 ? sub : sub.slice(cut + 1), file: path.join(dir, sub, 'up.sql') });
      }
      if (migrations.length > 0) return { dir, migrations: migrations.sort((a, b) => compareText(a.id, b.id)), notes: [] };
    }
    return null;
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const entries = (rows ?? []).map((r) => ({ id: col(r, 'version') ?? '', appliedAt: isoTime(col(r, 'run_on')) }));
    return ledgerStatus(emptyStatus('diesel', table, local), entries, local, { flagPendingBeforeApplied: true });
  },
};
