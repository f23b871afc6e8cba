/**
 * Flyway: `flyway_schema_history` (installed_rank, version, description, type, script, checksum,
 * installed_on, success, …), an append-only ledger ordered by installed_rank. Files `V<ver>__<desc>.sql`
 * (versioned), `R__<desc>.sql` (repeatable), `U<ver>__` (undo, never pending), found recursively in the
 * configured or conventional locations. Versions compare numerically part by part (1.10 > 1.9, 1.0 = 1).
 */
import * as path from 'node:path';
import type { AppliedMigration, ToolStatus } from '../../../shared/migrations';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { flywayChecksum } from '../checksums/flyway';
import { col, compareText, emptyStatus, isoTime, isTrue, readText } from '../toolKit';
import { mapLimit, readBytes, scanTree } from './scanTree';

/** Prefixes are case-sensitive, the `.sql` suffix is not (Flyway ResourceNameParser). */
const VERSIONED = /^([VU])(\d+(?:[._]\d+)*)__(.*)\.[sS][qQ][lL]$/;
const REPEATABLE = /^R__(.*)\.[sS][qQ][lL]$/;
const LOCATIONS = ['src/main/resources/db/migration', 'db/migration', 'sql', 'migrations', 'flyway/sql', 'flyway/migrations'];
const CONFIG_FILES = ['flyway.conf', 'conf/flyway.conf', 'flyway.toml'];
/** Row types that have no SQL file in the workspace (Java and script migrations). */
const CODE_TYPES = new Set(['JDBC', 'SPRING_JDBC', 'SCRIPT', 'CUSTOM', 'JDBC_BASELINE']);

/** Flyway's version as comparable parts: split at dots, trailing zero parts dropped ("1.0" = "1"). */
function flywayVersionParts(version: string): bigint[] {
  const parts = version.replace(/_/g, '.').split(/\.(?=\d)/).map((p) => BigInt(p.replace(/\D/g, '') || '0'));
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts;
}

export function compareFlywayVersions(a: string, b: string): number {
  const x = flywayVersionParts(a);
  const y = flywayVersionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0n) - (y[i] ?? 0n);
    if (d !== 0n) return d < 0n ? -1 : 1;
  }
  return 0;
}

const versionKey = (v: string): string => flywayVersionParts(v).join('.');
const repeatableId = (description: string): string => `R:${description}`;

/** `filesystem:` locations named in a Flyway config file at the root. */
async function configuredLocations(root: string, fs: ReadFileSystem): Promise<string[]> {
  const out: string[] = [];
  for (const f of CONFIG_FILES) {
    const file = path.join(root, f);
    if (!(await fs.exists(file))) continue;
    const text = (await readText(fs, file, [])) ?? '';
    const line = /^\s*(?:flyway\.)?locations\s*=\s*(.+)$/m.exec(text);
    for (const m of (line?.[1] ?? '').matchAll(/filesystem:([^,"'\]\s]+)/g)) out.push(m[1]);
  }
  return out;
}

function toMigration(dir: string, file: string, bytes: Buffer): LocalMigration | null {
  const base = path.basename(file);
  const script = path.relative(dir, file).split(path.sep).join('/');
  const checksum = String(flywayChecksum(bytes));
  const v = VERSIONED.exec(base);
  if (v) {
    if (v[1] === 'U') return null;
    const version = v[2].replace(/_/g, '.');
    return { id: version, name: v[3].replace(/_/g, ' '), file, checksum, extra: { script, repeatable: false } };
  }
  const r = REPEATABLE.exec(base);
  if (!r) return null;
  const description = r[1].replace(/_/g, ' ');
  return { id: repeatableId(description), name: description, file, checksum, extra: { script, repeatable: true } };
}

async function scanFlyway(root: string, fs: ReadFileSystem): Promise<LocalScan | null> {
  const dirs = [...(await configuredLocations(root, fs)), ...LOCATIONS];
  for (const rel of dirs) {
    const dir = path.resolve(root, rel);
    const notes: string[] = [];
    const files = await scanTree(fs, dir, (name) => VERSIONED.test(name) || REPEATABLE.test(name));
    const read = await mapLimit(files, async (file) => {
      const bytes = await readBytes(fs, file, notes);
      return bytes && toMigration(dir, file, bytes);
    });
    const migrations = read.filter((m): m is LocalMigration => m !== null);
    if (migrations.length === 0) continue;
    migrations.sort((a, b) => {
      const ra = a.extra?.repeatable === true;
      const rb = b.extra?.repeatable === true;
      if (ra !== rb) return ra ? 1 : -1;
      return ra ? compareText(a.id, b.id) : compareFlywayVersions(a.id, b.id);
    });
    return { dir, migrations, notes };
  }
  return null;
}

interface Row {
  rank: number;
  version: string | null;
  description: string;
  type: string;
  checksum: string | null;
  installedOn?: string;
  success: boolean;
}

function readRow(r: HistoryRow): Row {
  return {
    rank: Number(col(r, 'installed_rank')),
    version: col(r, 'version'),
    description: col(r, 'description') ?? '',
    type: (col(r, 'type') ?? '').toUpperCase(),
    checksum: col(r, 'checksum'),
    installedOn: isoTime(col(r, 'installed_on')),
    success: isTrue(col(r, 'success')),
  };
}

/** The row that decides each migration: the latest per version (versioned) or per description (repeatable). */
function latestRows(rows: readonly Row[]): { versioned: Map<string, Row>; repeatable: Map<string, Row>; baseline?: string } {
  const versioned = new Map<string, Row>();
  const repeatable = new Map<string, Row>();
  let baseline: string | undefined;
  for (const row of rows) {
    if (row.type === 'SCHEMA') continue;
    if (row.type.endsWith('BASELINE') && row.version) baseline = row.version;
    const removed = row.type === 'DELETE' || row.type.startsWith('UNDO');
    if (row.version === null) {
      if (removed) repeatable.delete(row.description);
      else repeatable.set(row.description, row);
    } else if (removed) versioned.delete(versionKey(row.version));
    else versioned.set(versionKey(row.version), row);
  }
  return { versioned, repeatable, ...(baseline ? { baseline } : {}) };
}

function checkApplied(status: ToolStatus, row: Row, id: string, local: LocalMigration | undefined, outOfOrder: boolean): void {
  const applied: AppliedMigration = { id, name: row.description, ...(row.installedOn ? { appliedAt: row.installedOn } : {}), ...(local ? { file: local.file } : {}) };
  if (outOfOrder) applied.outOfOrder = true;
  if (local && row.checksum !== null && local.checksum !== undefined) {
    applied.checksumOk = row.checksum === local.checksum;
    if (!applied.checksumOk && local.extra?.repeatable !== true) status.checksumMismatch.push({ id, file: local.file, expected: row.checksum, actual: local.checksum });
  }
  status.applied.push(applied);
}

function flywayStatus(rows: readonly HistoryRow[] | null, local: LocalScan | null, table: HistoryTable | null): ToolStatus {
  const status = emptyStatus('flyway', table, local);
  const all = (rows ?? []).map(readRow).sort((a, b) => a.rank - b.rank);
  const { versioned, repeatable, baseline } = latestRows(all);
  const locals = local?.migrations ?? [];
  const byKey = new Map(locals.map((m) => [m.extra?.repeatable === true ? m.id : versionKey(m.id), m]));
  let highest: string | null = null;
  for (const row of all.filter((r) => r.version !== null && versioned.get(versionKey(r.version)) === r)) {
    const version = row.version as string;
    const file = byKey.get(versionKey(version));
    if (!row.success) {
      status.failed.push({ id: version, detail: `success = false: the migration to version ${version} failed and could not be rolled back. Clean up what it left behind, then run "flyway repair".`, ...(file ? { file: file.file } : {}) });
      continue;
    }
    const outOfOrder = highest !== null && compareFlywayVersions(version, highest) < 0;
    if (highest === null || !outOfOrder) highest = version;
    checkApplied(status, row, version, file, outOfOrder);
    if (!file && local && !CODE_TYPES.has(row.type) && !row.type.endsWith('BASELINE')) status.missing.push({ id: version, name: row.description });
  }
  for (const row of repeatable.values()) {
    const id = repeatableId(row.description);
    const file = byKey.get(id);
    if (!row.success) {
      status.failed.push({ id, detail: `success = false: the repeatable migration "${row.description}" failed and could not be rolled back. Fix it, then run "flyway repair".`, ...(file ? { file: file.file } : {}) });
      continue;
    }
    checkApplied(status, row, id, file, false);
    if (!file && local && !CODE_TYPES.has(row.type)) status.missing.push({ id, name: row.description });
  }
  addPending(status, locals, versioned, repeatable, highest, baseline);
  return status;
}

function addPending(status: ToolStatus, locals: readonly LocalMigration[], versioned: Map<string, Row>, repeatable: Map<string, Row>, highest: string | null, baseline?: string): void {
  const failed = new Set(status.failed.filter((f) => !f.id.startsWith('R:')).map((f) => versionKey(f.id)));
  for (const m of locals) {
    const name = m.name ? { name: m.name } : {};
    if (m.extra?.repeatable === true) {
      const row = repeatable.get(m.name ?? '');
      if (!row || (row.success && row.checksum !== null && row.checksum !== m.checksum)) status.pending.push({ id: m.id, file: m.file, ...name });
      continue;
    }
    const key = versionKey(m.id);
    if (versioned.has(key) || failed.has(key)) continue;
    if (baseline && compareFlywayVersions(m.id, baseline) <= 0) continue;
    const late = highest !== null && compareFlywayVersions(m.id, highest) < 0;
    status.pending.push({ id: m.id, file: m.file, ...name, ...(late ? { outOfOrder: true } : {}) });
  }
  const late = status.pending.filter((p) => p.outOfOrder).length;
  if (late > 0) status.notes.push(`${late} pending Flyway migration${late === 1 ? ' has a version' : 's have versions'} below the highest applied one: "flyway migrate" ignores ${late === 1 ? 'it' : 'them'} unless outOfOrder=true.`);
  const changed = status.applied.filter((a) => a.id.startsWith('R:') && a.checksumOk === false).length;
  if (changed > 0) status.notes.push(`${changed} repeatable migration${changed === 1 ? '' : 's'} changed since ${changed === 1 ? 'it' : 'they'} last ran: Flyway runs ${changed === 1 ? 'it' : 'them'} again on the next migrate.`);
}

export const flywayAdapter: MigrationToolAdapter = {
  id: 'flyway',
  matches: (t: HistoryTable) => ['installed_rank', 'version', 'description', 'type', 'script', 'checksum', 'success'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) => `SELECT installed_rank, version, description, type, script, checksum, installed_on, success FROM ${q} WHERE installed_rank >= 0 ORDER BY installed_rank`,
  scanWorkspace: scanFlyway,
  status: flywayStatus,
};
