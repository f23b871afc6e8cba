/**
 * Atlas (versioned): `atlas_schema_revisions` (version, description, type, applied, total,
 * executed_at, error, hash, …), one row per version; files `migrations/<version>_<name>.sql` in
 * name order plus `atlas.sum`. A row with a non-empty error or applied < total is a failed (partial)
 * migration; `hash` is the file's cumulative atlas.sum entry, so the first differing version is the
 * edited one.
 */
import * as path from 'node:path';
import type { ToolStatus } from '../../../shared/migrations';
import type { HistoryRow, HistoryTable, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { AtlasFile, atlasSum, atlasSumSelfConsistent, parseAtlasSum } from '../checksums/atlas';
import { anyExists, col, compareText, emptyStatus, isoTime, ledgerStatus, readText, scanFlat } from '../toolKit';
import { dropFailedFromPending } from './checksumCheck';
import { mapLimit, readBytes } from './scanTree';

const FILE = /^([^_]+?)(?:_(.*))?\.sql$/;

/** Notes about atlas.sum itself: missing, edited by hand, or out of date with the files. */
function sumNotes(sumText: string | null, computed: ReturnType<typeof atlasSum>, dir: string): string[] {
  if (sumText === null) return [`${path.join(dir, 'atlas.sum')} is missing: Atlas refuses to migrate without it. Run "atlas migrate hash".`];
  const parsed = parseAtlasSum(sumText);
  if (!parsed) return [`${path.join(dir, 'atlas.sum')} is not an atlas.sum file.`];
  if (!atlasSumSelfConsistent(parsed)) return ['atlas.sum was edited by hand (its first line does not match its entries): Atlas refuses to migrate. Run "atlas migrate hash".'];
  const recorded = new Map(parsed.files.map((f) => [f.name, f.hash]));
  const stale = computed.files.filter((f) => recorded.get(f.name) !== f.hash).map((f) => f.name);
  const gone = parsed.files.filter((f) => !computed.files.some((c) => c.name === f.name)).map((f) => f.name);
  const changed = [...stale, ...gone];
  return changed.length === 0 ? [] : [`atlas.sum does not match the migration files (first: ${changed[0]}): a file changed after "atlas migrate hash", and Atlas refuses to migrate. Review the change, then run "atlas migrate hash".`];
}

async function scanAtlas(root: string, fs: ReadFileSystem): Promise<LocalScan | null> {
  const scan = await scanFlat(fs, root, { dirs: ['migrations', '.'], pattern: FILE, id: (_f, m) => m[1], name: (_f, m) => (m[2] ?? '').replace(/_/g, ' ') });
  if (!scan) return null;
  const read = await mapLimit(scan.migrations, async (m) => ({ name: path.basename(m.file), bytes: await readBytes(fs, m.file, scan.notes) }));
  const computed = atlasSum(read.filter((f): f is AtlasFile => f.bytes !== null));
  const hashes = new Map(computed.files.map((f) => [f.name, f.hash]));
  for (const m of scan.migrations) {
    const hash = hashes.get(path.basename(m.file));
    if (hash) m.checksum = hash;
  }
  const sumFile = path.join(scan.dir, 'atlas.sum');
  const sumText = (await fs.exists(sumFile)) ? await readText(fs, sumFile, scan.notes) : null;
  scan.notes.push(...sumNotes(sumText, computed, scan.dir));
  return { ...scan, guessed: sumText === null && !(await anyExists(fs, root, ['atlas.hcl'])) };
}

/** The first applied version whose stored hash differs is the edited one; later cumulative hashes cannot tell. */
function checkCumulative(status: ToolStatus, stored: ReadonlyMap<string, string | null>, local: LocalScan | null): void {
  const byFile = new Map((local?.migrations ?? []).map((m) => [m.file, m]));
  let broken = false;
  for (const applied of [...status.applied].sort((a, b) => compareText(a.id, b.id))) {
    const m = applied.file ? byFile.get(applied.file) : undefined;
    const expected = stored.get(applied.id);
    if (broken || !m?.checksum || !expected) continue;
    applied.checksumOk = m.checksum === expected;
    if (applied.checksumOk) continue;
    broken = true;
    status.checksumMismatch.push({ id: applied.id, file: m.file, expected, actual: m.checksum });
    status.notes.push(`Atlas hashes are cumulative: after version ${applied.id} the later applied versions cannot be checked.`);
  }
}

function atlasStatus(rows: readonly HistoryRow[] | null, local: LocalScan | null, table: HistoryTable | null): ToolStatus {
  const status = emptyStatus('atlas', table, local);
  const all = (rows ?? []).filter((r) => col(r, 'version') !== '.atlas_cloud_identifier');
  // Atlas writes error = '' (not NULL) on success (ent SetRevision sets the Go string as is).
  const partial = (r: HistoryRow): boolean => (col(r, 'error') ?? '') !== '' || Number(col(r, 'applied') ?? 0) < Number(col(r, 'total') ?? 0);
  const done = all.filter((r) => !partial(r)).sort((a, b) => compareText(col(a, 'version') ?? '', col(b, 'version') ?? ''));
  const stored = new Map(done.map((r) => [col(r, 'version') ?? '', col(r, 'hash')]));
  ledgerStatus(status, done.map((r) => ({ id: col(r, 'version') ?? '', name: col(r, 'description') || undefined, appliedAt: isoTime(col(r, 'executed_at')) })), local, { flagPendingBeforeApplied: true });
  for (const r of all.filter(partial)) {
    const id = col(r, 'version') ?? '';
    const file = local?.migrations.find((m) => m.id === id)?.file;
    const where = `${col(r, 'applied') ?? '?'} of ${col(r, 'total') ?? '?'} statements applied`;
    const error = col(r, 'error');
    status.failed.push({ id, detail: `${error ? `error: ${error.slice(0, 200)}; ` : ''}${where}. Fix the cause; "atlas migrate apply" resumes at the failed statement.`, ...(file ? { file } : {}) });
  }
  dropFailedFromPending(status);
  const baseline = done.filter((r) => (Number(col(r, 'type') ?? 2) & 1) === 1).map((r) => col(r, 'version') ?? '').pop();
  if (baseline !== undefined) status.pending = status.pending.filter((p) => compareText(p.id, baseline) > 0);
  checkCumulative(status, stored, local);
  return status;
}

export const atlasAdapter: MigrationToolAdapter = {
  id: 'atlas',
  matches: (t: HistoryTable) => ['version', 'description', 'type', 'applied', 'total', 'executed_at', 'error', 'hash'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) =>
    `SELECT version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash FROM ${q} WHERE version <> '.atlas_cloud_identifier' ORDER BY version`,
  scanWorkspace: scanAtlas,
  status: atlasStatus,
};
