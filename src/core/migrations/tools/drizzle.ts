/**
 * Drizzle Kit: `drizzle.__drizzle_migrations(id, hash, created_at[, name, applied_at])`.
 * 0.x: `drizzle/meta/_journal.json` entries (tag, when); a row's created_at is the entry's `when`,
 * and drizzle applies only entries newer than the last row. 1.0: folders `drizzle/<ts>_<name>/`
 * with `migration.sql`, matched by name. `hash` = sha256 hex of the SQL file, compared here (drizzle
 * itself never checks it).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ChecksumMismatch } from '../../../shared/migrations';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { col, compareDigits, emptyStatus, folderNames, isoTime, ledgerStatus, readText } from '../toolKit';
import type { HistoryEntry } from '../toolKit';

interface JournalEntry {
  when: number;
  tag: string;
}

async function hashed(fs: ReadFileSystem, file: string, notes: string[]): Promise<string | undefined> {
  const text = await readText(fs, file, notes);
  return text === null ? undefined : createHash('sha256').update(text).digest('hex');
}

async function scanJournal(fs: ReadFileSystem, dir: string, notes: string[]): Promise<LocalMigration[] | null> {
  const journalFile = path.join(dir, 'meta', '_journal.json');
  if (!(await fs.exists(journalFile))) return null;
  let entries: JournalEntry[];
  try {
    entries = (JSON.parse((await readText(fs, journalFile, notes)) ?? '') as { entries: JournalEntry[] }).entries;
  } catch (err) {
    notes.push(`${journalFile} is not valid JSON (${(err as Error).message}): drizzle cannot read it either.`);
    return [];
  }
  return Promise.all(
    entries.map(async (e) => {
      const file = path.join(dir, `${e.tag}.sql`);
      const checksum = await hashed(fs, file, notes);
      return { id: String(e.when), name: e.tag, file, ...(checksum ? { checksum } : {}), extra: { when: e.when } };
    }),
  );
}

async function scanFolders(fs: ReadFileSystem, dir: string, notes: string[]): Promise<LocalMigration[]> {
  const found: LocalMigration[] = [];
  for (const sub of await folderNames(fs, dir)) {
    const file = path.join(dir, sub, 'migration.sql');
    if (sub === 'meta' || !(await fs.exists(file))) continue;
    const checksum = await hashed(fs, file, notes);
    found.push({ id: sub, name: sub, file, ...(checksum ? { checksum } : {}), extra: { v1: true } });
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

/** The `out` folder drizzle.config names, when literal. */
async function configuredOut(root: string, fs: ReadFileSystem): Promise<string | null> {
  for (const f of ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.json']) {
    const file = path.join(root, f);
    if (!(await fs.exists(file))) continue;
    const m = /["']?out["']?\s*:\s*['"`]([^'"`]+)['"`]/.exec((await readText(fs, file, [])) ?? '');
    if (m) return m[1];
  }
  return null;
}

export const drizzleAdapter: MigrationToolAdapter = {
  id: 'drizzle',
  matches: (t: HistoryTable) => ['id', 'hash', 'created_at'].every((c) => t.columns.includes(c)) && (t.columns.length === 3 || t.columns.length === 5),
  historyQuery: (t, q) => `SELECT id, hash, created_at${t.columns.includes('name') ? ', name, applied_at' : ''} FROM ${q} ORDER BY created_at, id`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const out = await configuredOut(root, fs);
    for (const rel of [...(out ? [out] : []), 'drizzle', '.']) {
      const dir = path.resolve(root, rel);
      const notes: string[] = [];
      const migrations = (await scanJournal(fs, dir, notes)) ?? (await scanFolders(fs, dir, notes));
      if (migrations.length > 0 || notes.length > 0) return { dir, migrations, notes };
    }
    return null;
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const status = emptyStatus('drizzle', table, local);
    const v1 = local?.migrations.some((m) => m.extra?.v1) ?? (rows ?? []).some((r) => col(r, 'name') !== null);
    const history = rows ?? [];
    const idOf = (r: HistoryRow): string => (v1 ? (col(r, 'name') ?? '') : (col(r, 'created_at') ?? ''));
    const entries: HistoryEntry[] = history.map((r) => ({ id: idOf(r), appliedAt: isoTime(col(r, 'applied_at')) }));
    ledgerStatus(status, entries, local, { flagPendingBeforeApplied: v1 });
    if (!v1) markSkipped(status, history);
    compareHashes(status, history, idOf, local);
    return status;
  },
};

/** 0.x applies only entries newer than the last row: older unapplied ones are skipped for good. */
function markSkipped(status: ReturnType<typeof emptyStatus>, rows: readonly HistoryRow[]): void {
  const last = rows.map((r) => col(r, 'created_at') ?? '0').sort(compareDigits).pop();
  if (last === undefined) return;
  const skipped = status.pending.filter((p) => compareDigits(p.id, last) <= 0);
  skipped.forEach((p) => (p.outOfOrder = true));
  if (skipped.length > 0) status.notes.push(`drizzle will never apply ${skipped.map((p) => p.name ?? p.id).join(', ')}: its journal time is older than the last applied migration.`);
}

function compareHashes(status: ReturnType<typeof emptyStatus>, rows: readonly HistoryRow[], idOf: (r: HistoryRow) => string, local: LocalScan | null): void {
  const byId = new Map((local?.migrations ?? []).map((m) => [m.id, m]));
  rows.forEach((r, i) => {
    const m = byId.get(idOf(r));
    const stored = col(r, 'hash');
    if (!m?.checksum || !stored) return;
    const ok = m.checksum === stored;
    status.applied[i].checksumOk = ok;
    if (!ok) status.checksumMismatch.push({ id: status.applied[i].id, file: m.file, expected: stored, actual: m.checksum } satisfies ChecksumMismatch);
  });
}
