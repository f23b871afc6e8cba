/**
 * Alembic: `alembic_version(version_num)` holds only the current heads. Revision files
 * `<script_location>/versions/*.py` are read statically (`revision`, `down_revision`, `depends_on`);
 * applied = every ancestor of a stored head, pending = the rest. Several stored heads, or several
 * heads among the files (unmerged branches), are reported as notes.
 */
import * as path from 'node:path';
import type { ToolStatus } from '../../../shared/migrations';
import type { HistoryRow, HistoryTable, LocalMigration, LocalScan, MigrationToolAdapter, ReadFileSystem } from '../adapter';
import { maskPython } from '../idempotencyAlembic';
import { col, compareText, emptyStatus, fileNames, readText } from '../toolKit';
import { mapLimit } from './scanTree';

const DEFAULT_LOCATIONS = ['alembic', 'migrations', 'db/migrations', 'src/migrations'];

/** script_location / version_locations from alembic.ini or pyproject.toml ([tool.alembic]). */
async function configuredVersionDirs(root: string, fs: ReadFileSystem): Promise<{ dirs: string[]; marked: boolean }> {
  const dirs: string[] = [];
  let marked = false;
  for (const f of ['alembic.ini', 'pyproject.toml']) {
    const file = path.join(root, f);
    if (!(await fs.exists(file))) continue;
    const text = (await readText(fs, file, [])) ?? '';
    const script = /^\s*script_location\s*=\s*["']?([^"'\n#]+?)["']?\s*$/m.exec(text);
    if (!script) continue;
    marked = true;
    const here = (p: string): string => p.replace(/%\(here\)s/g, root);
    const versions = /^\s*version_locations\s*=\s*(.+)$/m.exec(text);
    if (versions) dirs.push(...here(versions[1]).replace(/[[\]"']/g, '').split(/[\s,;]+|:(?![\\/])/).filter(Boolean));
    dirs.push(path.join(here(script[1].trim()), 'versions'));
  }
  return { dirs, marked };
}

/** The string ids of a Python value: None, 'a', ('a', 'b'), ['a'], with optional annotations. */
function ids(value: string | undefined): string[] {
  if (!value || /^\s*None\b/.test(value)) return [];
  return [...value.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** Top-level assignment `name = …` / `name: Type = …` read from the source (value up to the end of its brackets). */
function assignment(src: string, masked: string, name: string): string | undefined {
  const m = new RegExp(`^${name}\\s*(?::[^=\\n]+)?=\\s*`, 'm').exec(masked);
  if (!m) return undefined;
  let depth = 0;
  let i = m.index + m[0].length;
  for (; i < masked.length; i++) {
    const ch = masked[i];
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '\n' && depth <= 0) break;
  }
  return src.slice(m.index + m[0].length, i);
}

export function parseRevision(file: string, src: string): LocalMigration | null {
  const masked = maskPython(src);
  const revision = ids(assignment(src, masked, 'revision'))[0];
  if (!revision) return null;
  const doc = /^\s*(?:[rRuU]?)("""|''')\s*([^\n]*)/.exec(src)?.[2]?.trim();
  const down = ids(assignment(src, masked, 'down_revision'));
  const depends = ids(assignment(src, masked, 'depends_on'));
  const name = doc || path.basename(file, '.py').replace(/^[0-9a-f]+_/, '').replace(/_/g, ' ');
  return { id: revision, name, file, extra: { down, depends } };
}

const parentsOf = (m: LocalMigration): string[] => [...((m.extra?.down as string[]) ?? []), ...((m.extra?.depends as string[]) ?? [])];

/** Parents before children; ties by file name. */
function topological(migrations: readonly LocalMigration[]): LocalMigration[] {
  const byId = new Map(migrations.map((m) => [m.id, m]));
  const done = new Set<string>();
  const out: LocalMigration[] = [];
  const visit = (m: LocalMigration, guard: Set<string>): void => {
    if (done.has(m.id) || guard.has(m.id)) return;
    guard.add(m.id);
    for (const p of parentsOf(m)) {
      const parent = byId.get(p);
      if (parent) visit(parent, guard);
    }
    done.add(m.id);
    out.push(m);
  };
  for (const m of [...migrations].sort((a, b) => compareText(a.file, b.file))) visit(m, new Set());
  return out;
}

/** Revisions of one versions folder (not recursive). */
async function readRevisions(fs: ReadFileSystem, dir: string, notes: string[]): Promise<LocalMigration[]> {
  const names = (await fileNames(fs, dir)).filter((n) => n.endsWith('.py') && !n.startsWith('__init__') && !n.startsWith('.#'));
  const read = await mapLimit(names, async (name) => {
    const src = await readText(fs, path.join(dir, name), notes);
    return src === null ? null : parseRevision(path.join(dir, name), src);
  });
  return read.filter((m): m is LocalMigration => m !== null);
}

/** The configured version locations together (one revision graph), else the first conventional folder holding revisions. */
async function scanAlembic(root: string, fs: ReadFileSystem): Promise<LocalScan | null> {
  const config = await configuredVersionDirs(root, fs);
  const notes: string[] = [];
  const configured = [...new Set(config.dirs.map((d) => path.resolve(root, d)))];
  const fromConfig = (await Promise.all(configured.map((d) => readRevisions(fs, d, notes)))).flat();
  if (fromConfig.length > 0) {
    const dir = configured.find((d) => fromConfig.some((m) => path.dirname(m.file) === d)) as string;
    return { dir, migrations: topological(fromConfig), notes, guessed: false };
  }
  for (const rel of [...DEFAULT_LOCATIONS.map((d) => path.join(d, 'versions')), 'versions', '.']) {
    const dir = path.resolve(root, rel);
    const migrations = await readRevisions(fs, dir, notes);
    if (migrations.length > 0) return { dir, migrations: topological(migrations), notes, guessed: !config.marked };
  }
  return null;
}

function alembicStatus(rows: readonly HistoryRow[] | null, local: LocalScan | null, table: HistoryTable | null): ToolStatus {
  const status = emptyStatus('alembic', table, local);
  const locals = local?.migrations ?? [];
  const byId = new Map(locals.map((m) => [m.id, m]));
  const heads = (rows ?? []).map((r) => col(r, 'version_num') ?? '').filter((h) => h !== '');
  const applied = new Set<string>();
  const stack = heads.filter((h) => byId.has(h));
  for (let guard = 0; stack.length > 0 && guard < 1_000_000; guard++) {
    const id = stack.pop() as string;
    if (applied.has(id)) continue;
    applied.add(id);
    stack.push(...parentsOf(byId.get(id) as LocalMigration).filter((p) => byId.has(p)));
  }
  for (const m of locals) {
    if (applied.has(m.id)) status.applied.push({ id: m.id, ...(m.name ? { name: m.name } : {}), file: m.file });
    else status.pending.push({ id: m.id, file: m.file, ...(m.name ? { name: m.name } : {}) });
  }
  for (const h of heads.filter((x) => !byId.has(x))) {
    status.applied.push({ id: h });
    if (local) status.missing.push({ id: h });
  }
  if (local && status.missing.length > 0) status.notes.push(`The database is at revision ${status.missing.map((m) => m.id).join(', ')}, which no file defines: Alembic fails with "Can't locate revision". Restore the file or stamp the database.`);
  if (heads.length > 1) status.notes.push(`${table ? `${table.schema}.${table.table}` : 'The version table'} holds ${heads.length} heads (${heads.join(', ')}): the database is on unmerged branches.`);
  const parents = new Set(locals.flatMap(parentsOf));
  const fileHeads = locals.filter((m) => !parents.has(m.id)).map((m) => m.id);
  if (fileHeads.length > 1) status.notes.push(`The revision files have ${fileHeads.length} heads (${fileHeads.join(', ')}): "alembic upgrade head" fails until they are merged ("alembic merge heads"), or use "alembic upgrade heads".`);
  if (local && heads.length > 0) status.notes.push('Alembic stores only the current heads: earlier revisions count as applied because they are ancestors.');
  return status;
}

export const alembicAdapter: MigrationToolAdapter = {
  id: 'alembic',
  matches: (t: HistoryTable) => t.columns.length === 1 && t.columns[0] === 'version_num',
  historyQuery: (_t, q) => `SELECT version_num FROM ${q} ORDER BY version_num`,
  scanWorkspace: scanAlembic,
  status: alembicStatus,
};
