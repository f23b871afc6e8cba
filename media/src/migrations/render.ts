/** Renders a MigrationReport: per tool a table of migrations in order, idempotency findings, missing schema. Text only. */
import type { IdempotencyFinding, MigrationReport, ToolStatus } from '../../../src/shared/migrations';
import { migrationRows, schemaLabel, toolCounts, toolName, toolSeverity, type MigrationRow, type RowStatus } from '../../../src/shared/migrationsView';
import { el } from '../dom';

export interface OpenTarget {
  file: string;
  id?: string;
  line?: number;
}

const STATUS: Record<RowStatus, { symbol: string; word: string }> = {
  applied: { symbol: '✓', word: 'applied' },
  pending: { symbol: '○', word: 'pending' },
  missing: { symbol: '?', word: 'missing' },
  failed: { symbol: '✗', word: 'failed' },
  mismatch: { symbol: '≠', word: 'checksum mismatch' },
};

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function formatAppliedAt(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}

function fileButton(target: OpenTarget, label: string, open: (t: OpenTarget) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'link', title: `Open ${target.file}${target.line ? `:${target.line}` : ''}` }, label);
  b.addEventListener('click', () => open(target));
  return b;
}

function findingItem(f: IdempotencyFinding, open: (t: OpenTarget) => void): HTMLLIElement {
  return el('li', { class: 'finding', 'data-rule': f.rule }, el('span', { class: 'sev warning', 'aria-hidden': 'true' }, '⚠'), ' ', fileButton({ file: f.file, line: f.line }, `${baseName(f.file)}:${f.line}`, open), ` ${f.message} `, el('code', {}, f.rule));
}

function detailCell(row: MigrationRow): HTMLTableCellElement {
  const cell = el('td', { class: 'detail' });
  if (row.status === 'applied') cell.append(formatAppliedAt(row.appliedAt) || 'applied', row.outOfOrder ? ' · out of order' : '');
  else if (row.status === 'mismatch') cell.append('history ', el('code', {}, row.expected ?? ''), ', file ', el('code', {}, row.actual ?? ''), row.appliedAt ? ` · applied ${formatAppliedAt(row.appliedAt)}` : '');
  else cell.append(row.detail);
  return cell;
}

function rowElement(row: MigrationRow, open: (t: OpenTarget) => void): HTMLTableRowElement {
  const s = STATUS[row.status];
  const tr = el('tr', { class: `row status-${row.status}`, 'data-status': row.status, 'data-id': row.id });
  tr.append(
    el('td', { class: 'status' }, el('span', { class: `sev status-${row.status}`, 'aria-hidden': 'true' }, s.symbol), ` ${s.word}`),
    el('td', { class: 'id' }, row.id),
    el('td', { class: 'name' }, row.file ? fileButton({ file: row.file, id: row.id }, row.name || baseName(row.file), open) : (row.name ?? '')),
    detailCell(row),
  );
  return tr;
}

function toolSection(tool: ToolStatus, open: (t: OpenTarget) => void): HTMLElement {
  const rows = migrationRows(tool);
  const section = el('section', { class: `tool severity-${toolSeverity(tool)}`, 'data-tool': tool.tool });
  section.append(el('h2', {}, `${toolName(tool)}: ${toolCounts(tool)}`));
  const where = [tool.table ? `history ${tool.table}` : 'no history table yet', tool.dir ? `files ${tool.dir}` : 'no files in the workspace'];
  section.append(el('p', { class: 'muted where' }, where.join(' · ')));
  for (const note of tool.notes) section.append(el('p', { class: 'note' }, note));
  if (rows.length === 0) {
    section.append(el('p', { class: 'muted' }, 'No migrations.'));
  } else {
    const head = el('tr', {}, el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'ID'), el('th', { scope: 'col' }, 'Migration'), el('th', { scope: 'col' }, 'Applied / detail'));
    const body = el('tbody', {});
    for (const row of rows) body.append(rowElement(row, open));
    section.append(el('table', { class: 'migrations' }, el('thead', {}, head), body));
  }
  if (tool.idempotency.length > 0) {
    const list = el('ul', { class: 'findings' });
    for (const f of tool.idempotency) list.append(findingItem(f, open));
    section.append(el('h3', {}, 'Would fail when run twice'), list);
  }
  return section;
}

export function renderReport(report: MigrationReport, open: (t: OpenTarget) => void): HTMLElement {
  const body = el('div', { class: 'report' });
  if (report.missingSchema.length > 0) {
    const list = el('ul', { class: 'schema' });
    for (const f of report.missingSchema) list.append(el('li', {}, el('span', { class: 'sev error', 'aria-hidden': 'true' }, '✗'), ` ${schemaLabel(f)}`));
    body.append(el('section', { class: 'missing-schema' }, el('h2', {}, 'Expected schema'), list));
  }
  if (report.tools.length === 0) {
    body.append(el('p', { class: 'muted empty' }, `No migration history found: no history table in ${report.database} and no migration files in the workspace folders.`));
  }
  for (const tool of report.tools) body.append(toolSection(tool, open));
  return body;
}
