/**
 * Text formats of result rows for copy (a selection) and export (a whole result set): TSV, CSV,
 * JSON and Markdown. NULL stays distinct from '' in every one of them:
 *
 * - CSV (RFC 4180, CRLF line ends): NULL is an empty unquoted field, '' is `""`.
 * - JSON: an array of objects, NULL is `null`, '' is `""`; values keep PostgreSQL's text form.
 * - TSV and Markdown: NULL is the NULL token (setting dockerDb.results.nullToken, `NULL` by default),
 *   '' is an empty field.
 *
 * {@link formatChunks} yields the text in pieces of a bounded number of rows so that an export can
 * stream it to a file without building one string; {@link formatText} joins them for the clipboard.
 */
import type { Cell } from './sortFilter';

export type TextFormat = 'tsv' | 'csv' | 'json' | 'markdown';
export const TEXT_FORMATS: readonly TextFormat[] = ['tsv', 'csv', 'json', 'markdown'];

export interface FormatOptions {
  /** What TSV and Markdown write for NULL. */
  nullToken: string;
  /** Write a header line of column names (TSV; CSV and Markdown always have one; JSON uses the names as keys). */
  header?: boolean;
  /** Right-align these columns in Markdown (numbers). */
  numeric?: readonly boolean[];
}

/** A field of RFC 4180 CSV: quoted when it holds a comma, a quote, CR or LF, or is ''; NULL is empty and unquoted. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (value === '' || /[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** A TSV field: quoted (inner quotes doubled) when it holds a tab, a line break or a quote, the way spreadsheets paste it. */
export function tsvValue(value: Cell, nullToken: string): string {
  if (value === null) return nullToken;
  return /[\t\r\n"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A Markdown table cell: backslashes and pipes escaped, line breaks as `<br>`. */
export function markdownCell(value: Cell, nullToken: string): string {
  if (value === null) return nullToken;
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');
}

/** JSON object keys for the columns: a repeated name gets " (2)", " (3)"… so no value is lost. */
export function jsonKeys(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let key = name;
    for (let n = 2; seen.has(key); n++) key = `${name} (${n})`;
    seen.add(key);
    return key;
  });
}

function jsonRow(keys: readonly string[], row: readonly Cell[]): string {
  return `{${keys.map((k, i) => `${JSON.stringify(k)}: ${JSON.stringify(row[i] ?? null)}`).join(', ')}}`;
}

/** The text before the first row. */
function head(format: TextFormat, names: readonly string[], opts: FormatOptions): string {
  switch (format) {
    case 'tsv':
      return opts.header ? `${names.map((n) => tsvValue(n, opts.nullToken)).join('\t')}\n` : '';
    case 'csv':
      return `${names.map(csvField).join(',')}\r\n`;
    case 'json':
      return '[';
    case 'markdown': {
      const rule = names.map((_, i) => (opts.numeric?.[i] ? '---:' : '---'));
      return `| ${names.map((n) => markdownCell(n, opts.nullToken)).join(' | ')} |\n| ${rule.join(' | ')} |\n`;
    }
  }
}

/** One row, with what separates it from the row before (`first`: no separator). */
function line(format: TextFormat, keys: readonly string[], row: readonly Cell[], first: boolean, opts: FormatOptions): string {
  switch (format) {
    case 'tsv':
      return `${first ? '' : '\n'}${row.map((v) => tsvValue(v, opts.nullToken)).join('\t')}`;
    case 'csv':
      return `${row.map(csvField).join(',')}\r\n`;
    case 'json':
      return `${first ? '\n' : ',\n'}  ${jsonRow(keys, row)}`;
    case 'markdown':
      return `| ${row.map((v) => markdownCell(v, opts.nullToken)).join(' | ')} |\n`;
  }
}

function tail(format: TextFormat, rowCount: number): string {
  if (format === 'json') return rowCount > 0 ? '\n]\n' : ']\n';
  return format === 'tsv' && rowCount > 0 ? '\n' : '';
}

/**
 * The formatted text of `rowCount` rows read through `rowAt`, in pieces of at most `rowsPerChunk`
 * rows (the head comes with the first piece, the tail with the last).
 */
export function* formatChunks(format: TextFormat, names: readonly string[], rowCount: number, rowAt: (i: number) => readonly Cell[], opts: FormatOptions, rowsPerChunk = 2000): Generator<string> {
  const keys = format === 'json' ? jsonKeys(names) : names;
  let chunk = head(format, names, opts);
  for (let i = 0; i < rowCount; i++) {
    chunk += line(format, keys, rowAt(i), i === 0, opts);
    if ((i + 1) % rowsPerChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + tail(format, rowCount);
}

/** The whole text at once (a selection for the clipboard). TSV has no trailing line break here. */
export function formatText(format: TextFormat, names: readonly string[], rows: ReadonlyArray<readonly Cell[]>, opts: FormatOptions): string {
  let out = '';
  for (const chunk of formatChunks(format, names, rows.length, (i) => rows[i], opts, Number.MAX_SAFE_INTEGER)) out += chunk;
  return format === 'tsv' ? out.replace(/\n$/, '') : out;
}

export function isTextFormat(v: unknown): v is TextFormat {
  return typeof v === 'string' && (TEXT_FORMATS as readonly string[]).includes(v);
}

/** File extension and save-dialog filter name of an export format. */
export const FORMAT_FILES: Record<TextFormat, { ext: string; label: string }> = {
  tsv: { ext: 'tsv', label: 'Tab-separated values' },
  csv: { ext: 'csv', label: 'CSV (RFC 4180)' },
  json: { ext: 'json', label: 'JSON' },
  markdown: { ext: 'md', label: 'Markdown table' },
};
