/**
 * Renders a {@link QueryResult} as text: aligned tables like psql's, CSV (RFC 4180, NULL as an
 * empty unquoted field and '' as ""), and the JSON shape of `dockerdb query --json`.
 */
import type { QueryResult, StatementResult } from '../../shared/results';

const NULL_TEXT = '∅';
const MAX_CELL = 200;

function cellText(v: string | null): string {
  if (v === null) return NULL_TEXT;
  const oneLine = v.replace(/\r?\n/g, '↵').replace(/\t/g, '→');
  return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
}

/** Display width: counts code points, so emoji and accents don't break alignment much. */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

const NUMERIC = /^(smallint|integer|bigint|numeric|real|double precision|money|oid)(\(.*\))?$/;

export function formatStatementTable(r: StatementResult): string {
  if (r.columns.length === 0) return `${r.command}\n`;
  const right = r.columns.map((c) => NUMERIC.test(c.type));
  const cells = r.rows.map((row) => row.map(cellText));
  const widths = r.columns.map((c, i) => Math.max(width(c.name), ...cells.map((row) => width(row[i] ?? ''))));
  const line = (vals: string[], header = false): string => ` ${vals.map((v, i) => pad(v, widths[i], !header && right[i])).join(' | ')}`.trimEnd();
  const out = [line(r.columns.map((c) => c.name), true), `-${widths.map((w) => '-'.repeat(w)).join('-+-')}-`, ...cells.map((row) => line(row))];
  const count = r.rowCount ?? r.rows.length;
  out.push(`(${count} ${count === 1 ? 'row' : 'rows'}${r.truncated ? `; showing the first ${r.rows.length}` : ''})`);
  // Like psql: a data-modifying statement with RETURNING also prints its command tag.
  if (!/^(SELECT|FETCH|SHOW|VALUES|TABLE|EXPLAIN)\b/i.test(r.command)) out.push('', r.command);
  return `${out.join('\n')}\n`;
}

export function formatResultText(result: QueryResult): string {
  const parts: string[] = [];
  parts.push(`-- ${result.user}@${result.database} via ${result.transport} (${result.transportReason}) in ${result.ms} ms`);
  result.results.forEach((r) => parts.push(formatStatementTable(r)));
  for (const n of result.notices) parts.push(`${n.severity}: ${n.message}`);
  if (result.error) {
    const e = result.error;
    const where = [e.statementIndex !== null ? `statement ${e.statementIndex + 1}` : '', e.position !== null ? `position ${e.position}` : ''].filter(Boolean).join(', ');
    parts.push(`ERROR${e.code ? ` ${e.code}` : ''}: ${e.message}${where ? ` (${where})` : ''}${e.detail ? `\nDETAIL: ${e.detail}` : ''}${e.hint ? `\nHINT: ${e.hint}` : ''}`);
  }
  return `${parts.join('\n')}\n`;
}

function csvField(v: string | null): string {
  if (v === null) return '';
  return v === '' || /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One result set as CSV with a header row. NULL is an empty field, '' is "". */
export function formatCsv(r: StatementResult): string {
  const lines = [r.columns.map((c) => csvField(c.name)).join(','), ...r.rows.map((row) => row.map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The documented `dockerdb query --json` shape. */
export function formatJson(result: QueryResult): string {
  return (
    JSON.stringify(
      {
        transport: result.transport,
        transportReason: result.transportReason,
        database: result.database,
        results: result.results.map((r) => ({ command: r.command, columns: r.columns.map((c) => ({ name: c.name, type: c.type })), rows: r.rows, rowCount: r.rowCount, truncated: r.truncated })),
        notices: result.notices,
        error: result.error ? { message: result.error.message, code: result.error.code, position: result.error.position, statementIndex: result.error.statementIndex } : null,
        ms: result.ms,
      },
      null,
      2,
    ) + '\n'
  );
}
