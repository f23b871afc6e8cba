/**
 * What Ctrl/Cmd+C puts on the clipboard from the results grid.
 *
 * - One cell: its value as is (NULL copies as an empty string), so it pastes into an editor unchanged.
 * - Rows: tab-separated values, one line per row, the way spreadsheets paste them: a field holding
 *   a tab, a line break or a double quote is wrapped in double quotes with inner quotes doubled;
 *   NULL is an empty field.
 */
import type { Cell } from './sortFilter';

export function cellText(value: Cell): string {
  return value ?? '';
}

export function tsvField(value: Cell): string {
  if (value === null) return '';
  return /[\t\r\n"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function tsvRow(row: readonly Cell[]): string {
  return row.map(tsvField).join('\t');
}

/** Several rows, optionally under a header line of column names. */
export function tsvRows(rows: ReadonlyArray<readonly Cell[]>, header?: readonly string[]): string {
  const lines = rows.map(tsvRow);
  if (header) lines.unshift(tsvRow(header));
  return lines.join('\n');
}
