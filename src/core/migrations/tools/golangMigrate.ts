/**
 * golang-migrate: a single row `schema_migrations(version bigint, dirty boolean)`; files
 * `<digits>_<title>.up.<ext>` (and `.down.`). Only the current version is stored: every up-file at
 * or below it counts as applied. `dirty` means the migration to `version` failed part-way.
 */
import * as path from 'node:path';
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter } from '../adapter';
import { byNumericId, col, compareDigits, emptyStatus, isTrue, readText, scanFlat } from '../toolKit';

export const golangMigrateAdapter: MigrationToolAdapter = {
  id: 'golang-migrate',
  matches: (t: HistoryTable) => t.columns.length === 2 && t.columns.includes('version') && t.columns.includes('dirty'),
  historyQuery: (_t, q) => `SELECT version, dirty FROM ${q}`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const scan = await scanFlat(fs, root, {
      dirs: ['migrations', 'db/migrations', 'database/migrations', '.'],
      pattern: /^([0-9]+)_(.*)\.up\.(.*)$/,
      id: (_f, m) => m[1].replace(/^0+(?=\d)/, ''),
      name: (_f, m) => m[2],
      compare: byNumericId,
    });
    if (!scan) return null;
    const goMod = (await fs.exists(path.join(root, 'go.mod'))) ? await readText(fs, path.join(root, 'go.mod'), []) : null;
    return { ...scan, guessed: !(goMod ?? '').includes('golang-migrate/migrate') };
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const status = emptyStatus('golang-migrate', table, local);
    const row = (rows ?? [])[0];
    const version = row ? (col(row, 'version') ?? '') : null;
    const dirty = row ? isTrue(col(row, 'dirty')) : false;
    const locals = local?.migrations ?? [];
    for (const m of locals) {
      const applied = version !== null && (compareDigits(m.id, version) < 0 || (compareDigits(m.id, version) === 0 && !dirty));
      if (applied) status.applied.push({ id: m.id, ...(m.name ? { name: m.name } : {}), file: m.file });
      else if (!(dirty && m.id === version)) status.pending.push({ id: m.id, file: m.file, ...(m.name ? { name: m.name } : {}) });
    }
    if (version !== null && dirty) {
      const file = locals.find((m) => m.id === version)?.file;
      status.failed.push({ id: version, detail: `dirty = true: the migration to version ${version} failed part-way. Repair the database by hand, then run "migrate force <version>".`, ...(file ? { file } : {}) });
    }
    if (version !== null && local && !locals.some((m) => m.id === version)) {
      status.missing.push({ id: version });
      if (!dirty) status.applied.push({ id: version });
    }
    if (version !== null) status.notes.push('golang-migrate stores only the current version: the migrations before it are assumed applied.');
    return status;
  },
};
