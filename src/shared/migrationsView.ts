/**
 * What the Migrations tree node and the migrations webview show, computed from a MigrationReport.
 * Pure and plain data: the extension host and the webview both import it.
 */
import { MIGRATION_TOOL_NAMES, type IdempotencyFinding, type MigrationReport, type ToolStatus } from './migrations';

export type Severity = 'ok' | 'warning' | 'error';

/** One line under the Migrations node: a tool, a missing-schema finding, or "No migration history found". */
export interface TreeLine {
  key: string;
  label: string;
  severity: Severity;
  /** Longer text for the hover. */
  tooltip: string;
}

export type RowStatus = 'applied' | 'pending' | 'missing' | 'failed' | 'mismatch';

/** One migration in a tool's table, in apply order. */
export interface MigrationRow {
  id: string;
  name?: string;
  status: RowStatus;
  /** "applied 24/11 14:00", "pending", "checksum mismatch: expected 123, actual 456", ... (without the time, which the webview formats). */
  detail: string;
  appliedAt?: string;
  /** Absolute path, when the workspace has the file. */
  file?: string;
  outOfOrder: boolean;
  expected?: string;
  actual?: string;
  /** Idempotency findings in this migration's file. */
  findings: IdempotencyFinding[];
}

export const NO_HISTORY_LABEL = 'No migration history found';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function toolName(tool: ToolStatus): string {
  return MIGRATION_TOOL_NAMES[tool.tool] ?? tool.tool;
}

/** "42 applied, 2 pending, 1 failed, 1 checksum mismatch, 3 missing, 1 out of order". */
export function toolCounts(tool: ToolStatus): string {
  const parts = [`${tool.applied.length} applied`];
  if (tool.pending.length) parts.push(`${tool.pending.length} pending`);
  if (tool.failed.length) parts.push(`${tool.failed.length} failed`);
  if (tool.checksumMismatch.length) parts.push(plural(tool.checksumMismatch.length, 'checksum mismatch', 'checksum mismatches'));
  if (tool.missing.length) parts.push(`${tool.missing.length} missing`);
  const outOfOrder = tool.applied.filter((a) => a.outOfOrder).length + tool.pending.filter((p) => p.outOfOrder).length;
  if (outOfOrder) parts.push(`${outOfOrder} out of order`);
  return parts.join(', ');
}

/** error: failed or tampered; warning: pending, missing, out of order, non-idempotent; else ok. */
export function toolSeverity(tool: ToolStatus): Severity {
  if (tool.failed.length || tool.checksumMismatch.length) return 'error';
  if (tool.pending.length || tool.missing.length || tool.idempotency.length || tool.applied.some((a) => a.outOfOrder)) return 'warning';
  return 'ok';
}

function toolTooltip(tool: ToolStatus): string {
  const lines = [`${toolName(tool)}: ${toolCounts(tool)}`];
  if (tool.table) lines.push(`History table: ${tool.table}`);
  else lines.push('No history table in the database: nothing applied yet.');
  if (tool.dir) lines.push(`Migrations folder: ${tool.dir}`);
  if (tool.idempotency.length) lines.push(`${plural(tool.idempotency.length, 'statement')} in pending migrations would fail when run twice.`);
  lines.push(...tool.notes);
  return lines.join('\n');
}

export function schemaLabel(f: { table: string; column?: string }): string {
  return f.column ? `Missing column ${f.table}.${f.column}` : `Missing table ${f.table}`;
}

/** The lines under a container's Migrations node. */
export function treeLines(report: MigrationReport): TreeLine[] {
  const lines: TreeLine[] = report.tools.map((t) => ({
    key: `tool:${t.tool}:${t.table ?? t.dir ?? ''}`,
    label: `${toolName(t)}: ${toolCounts(t)}`,
    severity: toolSeverity(t),
    tooltip: toolTooltip(t),
  }));
  if (lines.length === 0) {
    lines.push({ key: 'none', label: NO_HISTORY_LABEL, severity: 'ok', tooltip: `No migration history table in ${report.database} and no migration files in the workspace.` });
  }
  for (const f of report.missingSchema) {
    lines.push({ key: `schema:${f.table}:${f.column ?? ''}`, label: schemaLabel(f), severity: 'error', tooltip: `${schemaLabel(f)}: the dockerDb.migrations.expectedSchema setting lists it, ${report.database} does not have it.` });
  }
  return lines;
}

/** The Migrations node's own description and severity: the worst of its lines. */
export function reportSummary(report: MigrationReport): { description: string; severity: Severity } {
  const lines = treeLines(report);
  const severity: Severity = lines.some((l) => l.severity === 'error') ? 'error' : lines.some((l) => l.severity === 'warning') ? 'warning' : 'ok';
  const pending = report.tools.reduce((n, t) => n + t.pending.length, 0);
  const failed = report.tools.reduce((n, t) => n + t.failed.length, 0);
  const mismatched = report.tools.reduce((n, t) => n + t.checksumMismatch.length, 0);
  const parts: string[] = [];
  if (failed) parts.push(`${failed} failed`);
  if (mismatched) parts.push(plural(mismatched, 'checksum mismatch', 'checksum mismatches'));
  if (pending) parts.push(`${pending} pending`);
  if (report.missingSchema.length) parts.push(`${report.missingSchema.length} missing in schema`);
  if (parts.length === 0) parts.push(report.tools.length ? 'up to date' : 'none found');
  return { description: parts.join(', '), severity };
}

/**
 * A tool's migrations in apply order: applied (history order), then failed and missing ones the
 * history has but `applied` does not, then pending. Failed, mismatched and missing override applied.
 */
export function migrationRows(tool: ToolStatus): MigrationRow[] {
  const rows = new Map<string, MigrationRow>();
  const findingsOf = (file: string | undefined): IdempotencyFinding[] => (file ? tool.idempotency.filter((f) => f.file === file) : []);
  for (const a of tool.applied) {
    const checksum = a.checksumOk === false ? ', checksum differs' : '';
    rows.set(a.id, { id: a.id, name: a.name, status: 'applied', detail: `applied${a.outOfOrder ? ' out of order' : ''}${checksum}`, appliedAt: a.appliedAt, file: a.file, outOfOrder: !!a.outOfOrder, findings: [] });
  }
  const upsert = (id: string, name: string | undefined, patch: Partial<MigrationRow> & Pick<MigrationRow, 'status' | 'detail'>): void => {
    const row = rows.get(id) ?? { id, name, outOfOrder: false, findings: [], status: patch.status, detail: patch.detail };
    rows.set(id, { ...row, ...patch, file: patch.file ?? row.file });
  };
  for (const m of tool.missing) upsert(m.id, m.name, { status: 'missing', detail: 'applied, but its file is not in the workspace', file: undefined });
  for (const c of tool.checksumMismatch) upsert(c.id, undefined, { status: 'mismatch', detail: `checksum mismatch: the history has ${c.expected}, the file gives ${c.actual}`, file: c.file, expected: c.expected, actual: c.actual });
  for (const f of tool.failed) upsert(f.id, undefined, { status: 'failed', detail: `failed: ${f.detail}`, file: f.file });
  for (const p of tool.pending) {
    upsert(p.id, p.name, { status: 'pending', detail: p.outOfOrder ? 'pending, and older than an applied migration: the tool may refuse it or run it out of order' : 'pending', file: p.file, outOfOrder: !!p.outOfOrder });
  }
  return [...rows.values()].map((r) => ({ ...r, findings: findingsOf(r.file) }));
}

/** Every workspace file the report names: the only files the webview may ask the host to open. */
export function reportFiles(report: MigrationReport): Set<string> {
  const files = new Set<string>();
  for (const t of report.tools) {
    for (const list of [t.applied, t.pending, t.failed, t.checksumMismatch, t.idempotency] as Array<Array<{ file?: string }>>) {
      for (const item of list) if (item.file) files.add(item.file);
    }
  }
  return files;
}
