/**
 * Text and JSON output of `dockerdb migrations`. JSON keeps the issue's shape
 * ({ database, tools: [{ tool, table, applied, pending, missing, failed, checksumMismatch }] })
 * with the report's extra fields beside it.
 */
import * as path from 'node:path';
import { MIGRATION_TOOL_NAMES, MigrationReport, ToolStatus } from '../shared/migrations';
import { renderTable } from './table';

export function formatMigrationsJson(report: MigrationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function counts(t: ToolStatus): string {
  const parts = [`${t.applied.length} applied`, `${t.pending.length} pending`];
  if (t.missing.length) parts.push(`${t.missing.length} missing from the workspace`);
  if (t.failed.length) parts.push(`${t.failed.length} failed`);
  if (t.checksumMismatch.length) parts.push(`${t.checksumMismatch.length} checksum mismatch${t.checksumMismatch.length === 1 ? '' : 'es'}`);
  const late = t.applied.filter((a) => a.outOfOrder).length + t.pending.filter((p) => p.outOfOrder).length;
  if (late) parts.push(`${late} out of order`);
  return parts.join(', ');
}

function rel(base: string | undefined, file: string | undefined): string {
  if (!file) return '';
  const r = base ? path.relative(base, file) : file;
  return r && !r.startsWith('..') ? r : file;
}

/** One row per migration, in order: applied (as recorded), then pending; failed, missing and mismatched marked. */
function rows(t: ToolStatus, base: string | undefined): string[][] {
  const failed = new Map(t.failed.map((f) => [f.id, f]));
  const mismatched = new Set(t.checksumMismatch.map((c) => c.id));
  const missing = new Set(t.missing.map((m) => m.id));
  const out: string[][] = [];
  for (const a of t.applied) {
    const state = failed.has(a.id) ? 'FAILED' : mismatched.has(a.id) ? 'CHANGED' : missing.has(a.id) ? 'NO FILE' : a.outOfOrder ? 'applied*' : 'applied';
    out.push([state, a.id, a.name ?? '', a.appliedAt ?? '', rel(base, a.file)]);
  }
  for (const f of t.failed) if (!t.applied.some((a) => a.id === f.id)) out.push(['FAILED', f.id, '', '', rel(base, f.file)]);
  for (const p of t.pending) out.push([p.outOfOrder ? 'PENDING*' : 'PENDING', p.id, p.name ?? '', '', rel(base, p.file)]);
  return out;
}

function details(t: ToolStatus, base: string | undefined): string[] {
  const lines: string[] = [];
  for (const f of t.failed) lines.push(`  ✗ ${f.id}: ${f.detail}`);
  for (const c of t.checksumMismatch) lines.push(`  ✗ ${c.id}: ${rel(base, c.file)} changed after it was applied (stored checksum ${c.expected}, file now ${c.actual}).`);
  for (const i of t.idempotency) lines.push(`  ! ${rel(base, i.file)}:${i.line}:${i.column} ${i.message}`);
  for (const n of t.notes) lines.push(`  note: ${n}`);
  if (t.applied.some((a) => a.outOfOrder) || t.pending.some((p) => p.outOfOrder)) lines.push('  * out of order: sorts before a migration that was applied earlier.');
  return lines;
}

export function formatMigrationsText(report: MigrationReport, base?: string): string {
  const via = report.transport ? `, via ${report.transport === 'exec' ? 'docker exec' : 'the published port'}` : '';
  const out: string[] = [`Migrations of database ${report.database}${report.container ? ` in ${report.container}` : ''}${via} (${report.ms} ms)`, ''];
  if (report.tools.length === 0) out.push('No migration history table and no migration files of a known tool were found.', '');
  for (const t of report.tools) {
    out.push(`${MIGRATION_TOOL_NAMES[t.tool]}: ${counts(t)}`);
    out.push(`  table: ${t.table ?? '(none in the database)'}   files: ${t.dir ? rel(base, t.dir) || '.' : '(none found)'}`);
    const r = rows(t, base);
    if (r.length > 0) out.push(renderTable(['STATUS', 'ID', 'NAME', 'APPLIED AT', 'FILE'], r).trimEnd().replace(/^/gm, '  '));
    out.push(...details(t, base), '');
  }
  for (const m of report.missingSchema) out.push(`✗ expected ${m.column ? `column ${m.table}.${m.column}` : `table ${m.table}`} is missing`);
  return `${out.join('\n').trimEnd()}\n`;
}
