/**
 * Django: `django_migrations(id, app, name, applied)`; files `<app>/migrations/*.py` not starting
 * with `_` or `~`, id `<app label>.<name>`. Apps without migrations in the workspace (contrib,
 * third-party) are never reported missing. A squash counts as applied when all it replaces are.
 */
import * as path from 'node:path';
import type { ToolStatus } from '../../../shared/migrations';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { anyExists, col, compareText, emptyStatus, fileNames, folderNames, isoTime, ledgerStatus, readText } from '../toolKit';

const FILE = /^(?![_~])([^.]+)\.py$/;
const SKIP = new Set(['node_modules', 'venv', '.venv', 'env', 'site-packages', '__pycache__', '.git']);
/** App folders are looked for this deep below the root (project/app/migrations). */
const MAX_DEPTH = 3;

async function appMigrations(fs: ReadFileSystem, dir: string, app: string, notes: string[]): Promise<LocalMigration[]> {
  const found: LocalMigration[] = [];
  for (const file of await fileNames(fs, dir)) {
    const m = FILE.exec(file);
    if (!m) continue;
    const text = (await readText(fs, path.join(dir, file), notes)) ?? '';
    const replaces = [...(/replaces\s*=\s*\[([\s\S]*?)\]/.exec(text)?.[1] ?? '').matchAll(/\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/g)].map((r) => `${r[1]}.${r[2]}`);
    found.push({ id: `${app}.${m[1]}`, name: m[1], file: path.join(dir, file), extra: { app, replaces } });
  }
  return found;
}

async function findApps(fs: ReadFileSystem, dir: string, depth: number, notes: string[], into: LocalMigration[]): Promise<void> {
  for (const sub of await folderNames(fs, dir)) {
    if (SKIP.has(sub) || sub.startsWith('.')) continue;
    const migrations = path.join(dir, sub, 'migrations');
    if (await fs.exists(path.join(migrations, '__init__.py'))) into.push(...(await appMigrations(fs, migrations, sub, notes)));
    else if (depth < MAX_DEPTH) await findApps(fs, path.join(dir, sub), depth + 1, notes, into);
  }
}

function appOf(id: string): string {
  return id.slice(0, id.indexOf('.'));
}

export const djangoAdapter: MigrationToolAdapter = {
  id: 'django',
  matches: (t: HistoryTable) => t.columns.length === 4 && ['id', 'app', 'name', 'applied'].every((c) => t.columns.includes(c)),
  historyQuery: (_t, q) => `SELECT app, name, applied FROM ${q} ORDER BY id`,
  async scanWorkspace(root, fs): Promise<LocalScan | null> {
    const notes: string[] = [];
    const migrations: LocalMigration[] = [];
    if (path.basename(root) === 'migrations' && (await fs.exists(path.join(root, '__init__.py')))) {
      migrations.push(...(await appMigrations(fs, root, path.basename(path.dirname(root)), notes)));
    } else {
      await findApps(fs, root, 1, notes, migrations);
    }
    if (migrations.length === 0) return null;
    migrations.sort((a, b) => compareText(a.id, b.id));
    return { dir: root, migrations, notes, guessed: !(await anyExists(fs, root, ['manage.py'])) && !migrations.some((m) => m.name?.startsWith('0001')) };
  },
  status(rows: readonly HistoryRow[] | null, local, table) {
    const entries = (rows ?? []).map((r) => ({ id: `${col(r, 'app')}.${col(r, 'name')}`, name: col(r, 'name') ?? undefined, appliedAt: isoTime(col(r, 'applied')) }));
    const apps = [...new Set([...entries.map((e) => appOf(e.id)), ...(local?.migrations ?? []).map((m) => appOf(m.id))])].sort(compareText);
    const status = emptyStatus('django', table, local);
    const localApps = new Set((local?.migrations ?? []).map((m) => appOf(m.id)));
    // Order only matters within an app: each app is its own ledger.
    for (const app of apps) {
      const part = ledgerStatus(
        emptyStatus('django', table, null),
        entries.filter((e) => appOf(e.id) === app),
        local ? { ...local, migrations: local.migrations.filter((m) => appOf(m.id) === app) } : null,
        { external: (e) => !localApps.has(appOf(e.id)), flagPendingBeforeApplied: true },
      );
      merge(status, part);
    }
    settleSquashes(status, local);
    return status;
  },
};

function merge(into: ToolStatus, part: ToolStatus): void {
  into.applied.push(...part.applied);
  into.pending.push(...part.pending);
  into.missing.push(...part.missing);
  into.notes.push(...part.notes);
}

/** Squashes whose replaced migrations are all applied are applied; replaced rows without files are fine. */
function settleSquashes(status: ToolStatus, local: LocalScan | null): void {
  const applied = new Set(status.applied.map((a) => a.id));
  const replaced = new Set<string>();
  for (const m of local?.migrations ?? []) {
    const replaces = (m.extra?.replaces as string[] | undefined) ?? [];
    replaces.forEach((r) => replaced.add(r));
    if (replaces.length > 0 && replaces.every((r) => applied.has(r)) && !applied.has(m.id)) {
      status.pending = status.pending.filter((p) => p.id !== m.id);
      status.applied.push({ id: m.id, name: m.name, file: m.file });
    }
  }
  status.missing = status.missing.filter((x) => !replaced.has(x.id));
}
