/**
 * sqlx: `_sqlx_migrations(version bigint, description, installed_on, success, checksum bytea,
 * execution_time)`; files `migrations/<version>_<desc>.sql` or `.up.sql`/`.down.sql`. success = false
 * marks a dirty version (sqlx refuses to migrate); the checksum is the file's SHA-384, which our
 * transports return as BYTEA hex text `\x…`.
 */
import * as path from 'node:path';
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { sqlxChecksum } from '../checksums/sqlx';
import { anyExists, col, compareDigits, compareText, emptyStatus, isTrue, isoTime, ledgerStatus, normalizeDigits, readText, scanFlat } from '../toolKit';
import { checkChecksums, dropFailedFromPending } from './checksumCheck';
import { mapLimit, readBytes } from './scanTree';

const FILE = /^(-?\d+)_(.+?)(\.up|\.down)?\.sql$/;

async function scanSqlx(root: string, fs: ReadFileSystem): Promise<LocalScan | null> {
  const scan = await scanFlat(fs, root, {
    dirs: ['migrations', '.'],
    pattern: FILE,
    id: (_f, m) => normalizeDigits(m[1]),
    name: (_f, m) => m[2].replace(/_/g, ' '),
    compare: (a, b) => compareDigits(a.id, b.id) || compareText(a.file, b.file),
  });
  if (!scan) return null;
  scan.migrations = scan.migrations.filter((m) => !m.file.endsWith('.down.sql'));
  await mapLimit(scan.migrations, async (m) => {
    const bytes = await readBytes(fs, m.file, scan.notes);
    if (bytes) m.checksum = sqlxChecksum(bytes);
  });
  const cargo = (await anyExists(fs, root, ['Cargo.toml'])) ? await readText(fs, path.join(root, 'Cargo.toml'), []) : null;
  return { ...scan, guessed: !(cargo ?? '').includes('sqlx') && !(await anyExists(fs, root, ['sqlx.toml'])) };
}

function sqlxStatus(rows: readonly HistoryRow[] | null, local: LocalScan | null, table: HistoryTable | null) {
  const status = emptyStatus('sqlx', table, local);
  const all = rows ?? [];
  const ok = all.filter((r) => isTrue(col(r, 'success')));
  const stored = new Map(ok.map((r) => [normalizeDigits(col(r, 'version') ?? ''), col(r, 'checksum')]));
  const entries = ok.map((r) => ({ id: normalizeDigits(col(r, 'version') ?? ''), name: col(r, 'description') ?? undefined, appliedAt: isoTime(col(r, 'installed_on')) }));
  ledgerStatus(status, entries, local, { flagPendingBeforeApplied: true });
  for (const r of all.filter((x) => !isTrue(col(x, 'success')))) {
    const id = normalizeDigits(col(r, 'version') ?? '');
    const file = local?.migrations.find((m) => m.id === id)?.file;
    status.failed.push({ id, detail: `success = false: migration ${id} failed part-way and sqlx refuses to run until it is fixed. Repair the database, then delete the row or mark it successful.`, ...(file ? { file } : {}) });
  }
  dropFailedFromPending(status);
  checkChecksums(status, stored, local, (m, s) => m.checksum === s.toLowerCase());
  return status;
}

export const sqlxAdapter: MigrationToolAdapter = {
  id: 'sqlx',
  matches: (t: HistoryTable) =>
    !t.columns.includes('installed_rank') && ['version', 'description', 'installed_on', 'success', 'checksum', 'execution_time'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) => `SELECT version, description, installed_on, success, checksum, execution_time FROM ${q} ORDER BY installed_on, version`,
  scanWorkspace: scanSqlx,
  status: sqlxStatus,
};
