/**
 * Prisma Migrate: `_prisma_migrations` (one row per attempt: migration_name, checksum, started_at,
 * finished_at, rolled_back_at, logs, …) and folders `prisma/migrations/<name>/migration.sql`.
 * Failed = finished_at and rolled_back_at both NULL; rolled-back rows are ignored; the checksum is
 * the SHA-256 of migration.sql, compared CRLF/LF-tolerantly as Prisma does.
 */
import * as path from 'node:path';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { prismaChecksum, prismaChecksumVariants, prismaStoredMatches } from '../checksums/prisma';
import { anyExists, col, emptyStatus, folderNames, isoTime, ledgerStatus } from '../toolKit';
import { checkChecksums, dropFailedFromPending } from './checksumCheck';
import { mapLimit, readBytes } from './scanTree';

const DIRS = ['prisma/migrations', 'migrations', '.'];

async function scanPrisma(root: string, fs: ReadFileSystem): Promise<LocalScan | null> {
  for (const rel of DIRS) {
    const dir = path.resolve(root, rel);
    const notes: string[] = [];
    const read = await mapLimit(await folderNames(fs, dir), async (name): Promise<LocalMigration | null> => {
      const file = path.join(dir, name, 'migration.sql');
      const bytes = await readBytes(fs, file, notes, true);
      if (bytes === undefined) return null;
      const sums = bytes ? { checksum: prismaChecksum(bytes), extra: { variants: prismaChecksumVariants(bytes) } } : {};
      return { id: name, name: name.replace(/^\d{14}_/, ''), file, ...sums };
    });
    const migrations = read.filter((m): m is LocalMigration => m !== null);
    if (migrations.length === 0) continue;
    const marked = (await anyExists(fs, dir, ['migration_lock.toml'])) || (await anyExists(fs, root, ['prisma/schema.prisma', 'schema.prisma']));
    return { dir, migrations, notes, guessed: !marked };
  }
  return null;
}

function prismaStatus(rows: readonly HistoryRow[] | null, local: LocalScan | null, table: HistoryTable | null) {
  const status = emptyStatus('prisma', table, local);
  const live = (rows ?? []).filter((r) => col(r, 'rolled_back_at') === null);
  const finished = live.filter((r) => col(r, 'finished_at') !== null);
  // The latest finished attempt of each name decides.
  const latest = new Map(finished.map((r) => [col(r, 'migration_name') ?? '', r]));
  const stored = new Map([...latest].map(([id, r]) => [id, col(r, 'checksum')]));
  const entries = [...latest].map(([id, r]) => ({ id, appliedAt: isoTime(col(r, 'finished_at')) }));
  ledgerStatus(status, entries, local, { flagPendingBeforeApplied: true });
  for (const r of live.filter((x) => col(x, 'finished_at') === null)) {
    const id = col(r, 'migration_name') ?? '';
    if (stored.has(id)) continue;
    const file = local?.migrations.find((m) => m.id === id)?.file;
    const log = (col(r, 'logs') ?? '').trim().split('\n')[0];
    status.failed.push({
      id,
      detail: `finished_at is null: the migration started at ${isoTime(col(r, 'started_at')) ?? 'an unknown time'} and failed${log ? ` (${log.slice(0, 200)})` : ''}. Fix the database, then run "prisma migrate resolve --rolled-back ${id}" (or --applied).`,
      ...(file ? { file } : {}),
    });
  }
  dropFailedFromPending(status);
  checkChecksums(status, stored, local, (m, s) => prismaStoredMatches((m.extra?.variants as string[] | undefined) ?? [m.checksum ?? ''], s));
  return status;
}

export const prismaAdapter: MigrationToolAdapter = {
  id: 'prisma',
  matches: (t: HistoryTable) => ['id', 'checksum', 'finished_at', 'migration_name', 'rolled_back_at', 'started_at', 'applied_steps_count'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) =>
    `SELECT id, migration_name, checksum, started_at, finished_at, rolled_back_at, applied_steps_count, left(logs, 2000) AS logs FROM ${q} ORDER BY started_at, migration_name`,
  scanWorkspace: scanPrisma,
  status: prismaStatus,
};
