/**
 * Shared pieces of the migration tool adapters: listing a folder, turning PostgreSQL timestamp text
 * into ISO time, and the common status computation of tools whose history table holds one row per
 * applied migration (applied, pending, missing, out of order).
 */
import * as path from 'node:path';
import type { AppliedMigration, MigrationToolId, PendingMigration, ToolStatus } from '../../shared/migrations';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, ReadFileSystem } from './adapter';

/** A ToolStatus with nothing in it yet. */
export function emptyStatus(tool: MigrationToolId, table: HistoryTable | null, local: LocalScan | null): ToolStatus {
  return {
    tool,
    ...(table ? { table: `${table.schema}.${table.table}` } : {}),
    ...(local ? { dir: local.dir } : {}),
    applied: [],
    pending: [],
    missing: [],
    failed: [],
    checksumMismatch: [],
    idempotency: [],
    notes: local ? [...local.notes] : [],
  };
}

/** File names (not folders) of `dir`, sorted by name; [] when it does not exist. */
export async function fileNames(fs: ReadFileSystem, dir: string): Promise<string[]> {
  return (await fs.readdir(dir))
    .filter((e) => !e.isDirectory)
    .map((e) => e.name)
    .sort(compareText);
}

/** Sub-folder names of `dir`, sorted by name. */
export async function folderNames(fs: ReadFileSystem, dir: string): Promise<string[]> {
  return (await fs.readdir(dir))
    .filter((e) => e.isDirectory)
    .map((e) => e.name)
    .sort(compareText);
}

/** Code-point order, as Go's sort.Strings and a byte-wise sort do (locale-independent). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Integer order of digit strings of any length ("001" = "1" < "20240101"). */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length !== y.length ? x.length - y.length : compareText(x, y);
}

/** "001" → "1": the integer a digit string stands for, as text. */
export function normalizeDigits(s: string): string {
  return s.trim().replace(/^0+(?=\d)/, '');
}

/**
 * PostgreSQL's ISO text of a timestamp ("2024-01-02 03:04:05.12+00", or without a zone for
 * `timestamp`) as an ISO 8601 string. A time without a zone is read as UTC.
 */
export function isoTime(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::?(\d{2}))?(?::\d{2})?|Z)?$/.exec(text.trim());
  if (!m) return text;
  const zone = m[3] === undefined ? 'Z' : `${m[3]}:${m[4] ?? '00'}`;
  const d = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

/** PostgreSQL boolean text ("t"/"true"). */
export function isTrue(text: string | null | undefined): boolean {
  return text === 't' || text === 'true' || text === '1';
}

/** One history row as the generic status sees it. */
export interface HistoryEntry {
  /** The id as stored. */
  id: string;
  name?: string;
  appliedAt?: string;
}

export interface LedgerOptions {
  /** Maps a stored id and a local id to the same key (e.g. Rails compares versions as integers). */
  key?: (id: string) => string;
  /** Ids applied from outside the workspace (Django contrib apps): never reported missing. */
  external?: (entry: HistoryEntry) => boolean;
  /** Flag pending files that sort before an applied one (node-pg-migrate's checkOrder, goose without -allow-missing). */
  flagPendingBeforeApplied?: boolean;
}

/**
 * Applied, pending, missing and out-of-order for a tool whose table holds one row per applied
 * migration. `entries` are in application order; `local.migrations` in the tool's apply order.
 */
export function ledgerStatus(status: ToolStatus, entries: readonly HistoryEntry[], local: LocalScan | null, options: LedgerOptions = {}): ToolStatus {
  const key = options.key ?? ((s: string): string => s);
  const locals = local?.migrations ?? [];
  const position = new Map<string, number>();
  locals.forEach((m, i) => {
    if (!position.has(key(m.id))) position.set(key(m.id), i);
  });
  const appliedKeys = new Set<string>();
  let highest = -1;
  for (const e of entries) {
    const k = key(e.id);
    appliedKeys.add(k);
    const at = position.get(k);
    const file = at !== undefined ? locals[at] : undefined;
    const applied: AppliedMigration = { id: e.id, ...nameOf(e, file), ...(e.appliedAt ? { appliedAt: e.appliedAt } : {}), ...(file ? { file: file.file } : {}) };
    if (at !== undefined) {
      if (at < highest) applied.outOfOrder = true;
      highest = Math.max(highest, at);
    } else if (local && !options.external?.(e)) {
      status.missing.push({ id: e.id, ...(e.name ? { name: e.name } : {}) });
    }
    status.applied.push(applied);
  }
  locals.forEach((m, i) => {
    if (appliedKeys.has(key(m.id))) return;
    const pending: PendingMigration = { id: m.id, file: m.file, ...(m.name ? { name: m.name } : {}) };
    if (options.flagPendingBeforeApplied && i < highest) pending.outOfOrder = true;
    status.pending.push(pending);
  });
  const late = status.pending.filter((p) => p.outOfOrder).length;
  if (late > 0) status.notes.push(`${late} pending migration${late === 1 ? '' : 's'} sort${late === 1 ? 's' : ''} before one already applied: the tool may refuse to run ${late === 1 ? 'it' : 'them'} or run ${late === 1 ? 'it' : 'them'} out of order.`);
  return status;
}

function nameOf(e: HistoryEntry, file: LocalMigration | undefined): { name?: string } {
  const name = e.name ?? file?.name;
  return name ? { name } : {};
}

/** Reads a file as UTF-8 text; null (with a note) when it cannot be read. */
export async function readText(fs: ReadFileSystem, file: string, notes: string[]): Promise<string | null> {
  try {
    return (await fs.readFile(file)).toString('utf8');
  } catch (err) {
    notes.push(`Could not read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    return null;
  }
}

/** Value of a column that may be named in either case. */
export function col(row: HistoryRow, name: string): string | null {
  return row[name] ?? row[name.toLowerCase()] ?? null;
}

export interface FlatLayout {
  /** Folders to try, relative to the root, in order ('.' = the root itself, for `--dir`: numbered files only). */
  dirs: readonly string[];
  /** File names that are migrations. */
  pattern: RegExp;
  /** The id the history table stores for a file. */
  id: (file: string, match: RegExpExecArray) => string;
  name?: (file: string, match: RegExpExecArray) => string;
  /** Apply order of two files (default: by name). */
  compare?: (a: LocalMigration, b: LocalMigration) => number;
}

/** Migrations that are files of one folder: the first candidate folder holding any. */
export async function scanFlat(fs: ReadFileSystem, root: string, layout: FlatLayout): Promise<LocalScan | null> {
  for (const rel of layout.dirs) {
    const dir = path.resolve(root, rel);
    const migrations: LocalMigration[] = [];
    for (const file of await fileNames(fs, dir)) {
      const m = layout.pattern.exec(file);
      // In the root folder itself only numbered files count: not package.json or knexfile.js.
      if (!m || (rel === '.' && !/^\d/.test(file))) continue;
      const name = layout.name?.(file, m);
      migrations.push({ id: layout.id(file, m), file: path.join(dir, file), ...(name ? { name } : {}) });
    }
    if (migrations.length > 0) {
      if (layout.compare) migrations.sort(layout.compare);
      return { dir, migrations, notes: [] };
    }
  }
  return null;
}

/** Orders by the leading digits of the ids as integers, then by file name. */
export function byNumericId(a: LocalMigration, b: LocalMigration): number {
  return compareDigits(leadingDigits(a.id), leadingDigits(b.id)) || compareText(path.basename(a.file), path.basename(b.file));
}

function leadingDigits(s: string): string {
  return /^\d+/.exec(s)?.[0] ?? '0';
}

/** True when any of `files` (relative to `root`) exists. */
export async function anyExists(fs: ReadFileSystem, root: string, files: readonly string[]): Promise<boolean> {
  const found = await Promise.all(files.map((f) => fs.exists(path.join(root, f))));
  return found.some(Boolean);
}

/** True when the first migration file's text matches `marker` (one read, not one per file). */
export async function firstFileMatches(fs: ReadFileSystem, scan: LocalScan, marker: RegExp): Promise<boolean> {
  const first = scan.migrations[0];
  if (!first) return false;
  const text = await readText(fs, first.file, scan.notes);
  return text !== null && marker.test(text);
}

/**
 * `text` with the lines of its down sections blanked (line numbers kept): a section starts at a
 * line matching `down` and ends at the next line matching `up`.
 */
export function blankDownSections(text: string, up: RegExp, down: RegExp): string {
  let inDown = false;
  return text
    .split('\n')
    .map((line) => {
      if (up.test(line)) inDown = false;
      else if (down.test(line)) inDown = true;
      return inDown ? '' : line;
    })
    .join('\n');
}
