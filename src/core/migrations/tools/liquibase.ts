/**
 * Liquibase: `databasechangelog` (id, author, filename, dateexecuted, orderexecuted, exectype,
 * md5sum, …), one row per changeset keyed by (id, author, filename), and `databasechangeloglock`,
 * whose LOCKED = true after a crashed update. Changelogs: the master changelog's includes, or formatted
 * SQL changelogs found in the conventional folders. Checksums: `9:` MD5 of formatted-SQL changesets.
 */
import * as path from 'node:path';
import type { ToolStatus } from '../../../shared/migrations';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { quoteIdent } from '../catalog';
import { liquibaseChecksumVersion } from '../checksums/liquibase';
import { lintMigration } from '../idempotency';
import { col, emptyStatus, isTrue, isoTime, readText } from '../toolKit';
import { ChangelogContext, isFormattedSql, normalizeChangelogPath, readChangelog } from './liquibaseChangelog';
import { scanTree } from './scanTree';

/** [search root, master changelog] pairs, relative to the workspace root. */
const MASTERS: ReadonlyArray<[string, string]> = [
  ['src/main/resources', 'db/changelog/db.changelog-master.yaml'],
  ['src/main/resources', 'db/changelog/db.changelog-master.yml'],
  ['src/main/resources', 'db/changelog/db.changelog-master.xml'],
  ['src/main/resources', 'db/changelog/db.changelog-master.sql'],
  ['.', 'db/changelog/db.changelog-master.yaml'],
  ['.', 'db/changelog/db.changelog-master.xml'],
  ['.', 'changelog.xml'],
  ['.', 'changelog.yaml'],
  ['.', 'changelog.sql'],
];
const SQL_DIRS = ['src/main/resources/db/changelog', 'db/changelog', 'changelog', 'liquibase', 'db', '.'];
const UNSUPPORTED_NOTE =
  'Liquibase: checksums are checked for formatted SQL changesets only (XML/YAML/JSON changesets are listed without a checksum check); contexts, labels, preconditions and ${properties} are not evaluated.';

/** changeLogFile from liquibase.properties, when set. */
async function propertiesChangelog(root: string, fs: ReadFileSystem): Promise<string | null> {
  const file = path.join(root, 'liquibase.properties');
  if (!(await fs.exists(file))) return null;
  const text = (await readText(fs, file, [])) ?? '';
  return /^\s*(?:changeLogFile|changelog-file)\s*[:=]\s*(\S+)/m.exec(text)?.[1] ?? null;
}

async function scanLiquibase(root: string, fs: ReadFileSystem): Promise<LocalScan | null> {
  const ctx: ChangelogContext = { fs, searchRoot: root, notes: [], seen: new Set(), out: [] };
  const configured = await propertiesChangelog(root, fs);
  const masters: Array<[string, string]> = [...(configured ? [['.', normalizeChangelogPath(configured)] as [string, string]] : []), ...MASTERS];
  for (const [search, master] of masters) {
    const file = path.resolve(root, search, master);
    if (!(await fs.exists(file))) continue;
    ctx.searchRoot = path.resolve(root, search);
    await readChangelog(ctx, file);
    return { dir: path.dirname(file), migrations: ctx.out, notes: [...ctx.notes, UNSUPPORTED_NOTE] };
  }
  for (const rel of SQL_DIRS) {
    const dir = path.resolve(root, rel);
    ctx.searchRoot = root;
    for (const file of await scanTree(fs, dir, (n) => /\.sql$/i.test(n))) if (await isFormattedSql(fs, file)) await readChangelog(ctx, file);
    if (ctx.out.length > 0) return { dir, migrations: ctx.out, notes: [...ctx.notes, UNSUPPORTED_NOTE], guessed: false };
  }
  return null;
}

const sameFile = (a: string, b: string): boolean => a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);

/** Local changesets by `id::author`, each with its position in changelog order. */
function indexLocals(locals: readonly LocalMigration[]): Map<string, Array<{ m: LocalMigration; at: number }>> {
  const index = new Map<string, Array<{ m: LocalMigration; at: number }>>();
  locals.forEach((m, at) => {
    const key = `${String(m.extra?.changesetId)}::${String(m.extra?.author)}`;
    index.set(key, [...(index.get(key) ?? []), { m, at }]);
  });
  return index;
}

function findLocal(index: ReturnType<typeof indexLocals>, id: string, author: string, filename: string): { m: LocalMigration; at: number } | undefined {
  const f = normalizeChangelogPath(filename);
  return index.get(`${id}::${author}`)?.find((c) => sameFile(String(c.m.extra?.filename), f));
}

function lockFailure(status: ToolStatus, rows: readonly HistoryRow[], table: HistoryTable | null): void {
  const lock = rows.find((r) => isTrue(col(r, 'locked')));
  if (!lock) return;
  const name = table ? `${table.schema}.databasechangeloglock` : 'databasechangeloglock';
  const since = isoTime(col(lock, 'lockgranted'));
  status.failed.push({
    id: name,
    detail: `locked = true${since ? ` since ${since}` : ''}${col(lock, 'lockedby') ? ` by ${col(lock, 'lockedby')}` : ''}: a Liquibase update is running, or one crashed holding the lock. If none is running, run "liquibase release-locks".`,
  });
}

function liquibaseStatus(rows: readonly HistoryRow[] | null, local: LocalScan | null, table: HistoryTable | null): ToolStatus {
  const status = emptyStatus('liquibase', table, local);
  const locals = local?.migrations ?? [];
  const history = (rows ?? []).filter((r) => col(r, 'id') !== null);
  lockFailure(status, rows ?? [], table);
  const index = indexLocals(locals);
  const matched = new Set<LocalMigration>();
  const rerun: LocalMigration[] = [];
  let highest = -1;
  let older = 0;
  for (const r of history) {
    const [id, author, filename] = [col(r, 'id') ?? '', col(r, 'author') ?? '', col(r, 'filename') ?? ''];
    const key = `${normalizeChangelogPath(filename)}::${id}::${author}`;
    const found = findLocal(index, id, author, filename);
    const m = found?.m;
    const at = found?.at ?? -1;
    const appliedAt = isoTime(col(r, 'dateexecuted'));
    status.applied.push({ id: key, name: id, ...(appliedAt ? { appliedAt } : {}), ...(m ? { file: m.file } : {}), ...(at >= 0 && at < highest ? { outOfOrder: true } : {}) });
    highest = Math.max(highest, at);
    if (!m) {
      if (local) status.missing.push({ id: key, name: id });
      continue;
    }
    matched.add(m);
    const stored = col(r, 'md5sum');
    if (!stored || !m.checksum || m.extra?.runAlways === true) continue;
    if (liquibaseChecksumVersion(stored) !== 9) {
      older++;
      continue;
    }
    const valid = (m.extra?.validCheckSums as string[] | undefined) ?? [];
    const ok = stored === m.checksum || valid.some((v) => v.toUpperCase() === 'ANY' || v === stored);
    status.applied[status.applied.length - 1].checksumOk = ok;
    if (ok) continue;
    if (m.extra?.runOnChange === true) {
      status.pending.push({ id: key, file: m.file, name: `${id} (changed, runOnChange)` });
      rerun.push(m);
    }
    else status.checksumMismatch.push({ id: key, file: m.file, expected: stored, actual: m.checksum });
  }
  const unapplied = locals.filter((m) => !matched.has(m));
  for (const m of unapplied) status.pending.push({ id: m.id, file: m.file, ...(m.name ? { name: m.name } : {}) });
  reviewPendingChangesets(status, [...rerun, ...unapplied]);
  if (older > 0) status.notes.push(`${older} changeset${older === 1 ? ' stores a checksum' : 's store checksums'} of an older Liquibase version (not 9:): not compared; Liquibase 4.22+ upgrades them on the next update.`);
  return status;
}

/**
 * Idempotency review of the pending changesets only (a changelog file also holds applied ones):
 * each changeset's SQL lines, with the findings' lines counted from the changelog's start.
 */
function reviewPendingChangesets(status: ToolStatus, pending: readonly LocalMigration[]): void {
  for (const m of pending) {
    const review = m.extra?.review;
    if (typeof review === 'string') status.idempotency.push(...lintMigration(m.file, review).map((f) => ({ ...f, line: f.line + (m.line ?? 1) })));
  }
}

/** The lock table beside the changelog table, when the catalog saw one. */
function lockTable(t: HistoryTable): string | null {
  const siblings = t.siblings ?? [];
  const name = [`${t.table}lock`.toLowerCase(), 'databasechangeloglock'].find((n) => siblings.includes(n));
  return name ? `${quoteIdent(t.schema)}.${quoteIdent(name)}` : null;
}

export const liquibaseAdapter: MigrationToolAdapter = {
  id: 'liquibase',
  matches: (t: HistoryTable) => ['id', 'author', 'filename', 'dateexecuted', 'orderexecuted', 'exectype', 'md5sum'].every((c) => t.columns.includes(c)),
  historyQuery(t, q) {
    const lock = lockTable(t);
    // A one-row lock subquery joined to the history: the lock shows even when the history is empty.
    const lockSql = lock
      ? `(SELECT bool_or(locked) AS locked, max(lockgranted) AS lockgranted, max(lockedby) AS lockedby FROM ${lock})`
      : '(SELECT NULL::boolean AS locked, NULL::timestamp AS lockgranted, NULL::text AS lockedby)';
    return `SELECT h.id, h.author, h.filename, h.dateexecuted, h.orderexecuted, h.exectype, h.md5sum, l.locked, l.lockgranted, l.lockedby FROM ${lockSql} l LEFT JOIN ${q} h ON true ORDER BY h.dateexecuted, h.orderexecuted`;
  },
  scanWorkspace: scanLiquibase,
  // Changelogs mix applied and pending changesets: status() reviews the pending ones itself.
  upText: () => '',
  status: liquibaseStatus,
};
