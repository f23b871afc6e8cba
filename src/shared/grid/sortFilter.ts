/**
 * Client-side sorting and quick filtering of a result set's loaded rows. Rows are never copied or
 * reordered: the grid shows a "view", an array of indices into the original rows.
 */

export type Cell = string | null;
export type SortDirection = 'asc' | 'desc';

export interface SortSpec {
  column: number;
  direction: SortDirection;
  /** Compare as numbers (see isNumericType). */
  numeric: boolean;
}

const NUMERIC_TYPE = /^(smallint|integer|bigint|int|int2|int4|int8|numeric|decimal|real|double precision|float4|float8|oid|smallserial|serial|bigserial)\b/i;

/** Whether a PostgreSQL type name (as `format_type()` prints it) holds numbers: right-aligned, sorted numerically. */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim()) && !type.trim().endsWith('[]');
}

const PLAIN_DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Compares two numbers in PostgreSQL's text form. Plain decimals compare exactly (bigint and
 * numeric beyond 2^53 keep their order); anything else (1e+20, NaN, Infinity) through Number(),
 * with NaN after every number as PostgreSQL sorts it.
 */
export function compareNumeric(a: string, b: string): number {
  const ma = PLAIN_DECIMAL.exec(a.trim());
  const mb = PLAIN_DECIMAL.exec(b.trim());
  if (ma && mb) return compareDecimal(ma, mb);
  const na = numberOf(a);
  const nb = numberOf(b);
  if (Number.isNaN(na) || Number.isNaN(nb)) return Number.isNaN(na) ? (Number.isNaN(nb) ? 0 : 1) : -1;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function numberOf(s: string): number {
  const t = s.trim();
  if (/^[+-]?infinity$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return t === '' ? NaN : Number(t);
}

function compareDecimal(a: RegExpExecArray, b: RegExpExecArray): number {
  const intA = a[2].replace(/^0+(?=\d)/, '');
  const intB = b[2].replace(/^0+(?=\d)/, '');
  const fracA = (a[3] ?? '').replace(/0+$/, '');
  const fracB = (b[3] ?? '').replace(/0+$/, '');
  const zeroA = /^0*$/.test(intA) && fracA === '';
  const zeroB = /^0*$/.test(intB) && fracB === '';
  const signA = zeroA ? 0 : a[1] === '-' ? -1 : 1;
  const signB = zeroB ? 0 : b[1] === '-' ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  let magnitude: number;
  if (intA.length !== intB.length) magnitude = intA.length < intB.length ? -1 : 1;
  else if (intA !== intB) magnitude = intA < intB ? -1 : 1;
  else {
    const len = Math.max(fracA.length, fracB.length);
    const fa = fracA.padEnd(len, '0');
    const fb = fracB.padEnd(len, '0');
    magnitude = fa === fb ? 0 : fa < fb ? -1 : 1;
  }
  return signA * magnitude;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'variant', numeric: false });

/** Text comparison for non-numeric columns (locale-aware, case-sensitive tie-break). */
export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Whether any cell of `row` contains `needle` (already lower-cased); NULL cells never match. */
export function rowMatches(row: readonly Cell[], needle: string): boolean {
  if (needle === '') return true;
  for (const cell of row) if (cell !== null && cell.toLowerCase().includes(needle)) return true;
  return false;
}

/**
 * The indices of `rows` to show: those matching `filter` (case-insensitive substring over every
 * cell), ordered by `sort` (stable; NULLs last in both directions), else in their original order.
 */
export function viewIndices(rows: ReadonlyArray<readonly Cell[]>, filter: string, sort: SortSpec | null): number[] {
  const needle = filter.toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (rowMatches(rows[i], needle)) out.push(i);
  if (!sort) return out;
  const col = sort.column;
  const dir = sort.direction === 'asc' ? 1 : -1;
  const values = out.map((i) => rows[i][col] ?? null);
  // Numbers: compare a float key first, the exact text comparison only on ties (keys beyond 2^53).
  const keys = sort.numeric ? values.map((v) => (v === null ? 0 : numberOf(v))) : null;
  const order = out.map((_, k) => k);
  order.sort((ka, kb) => {
    const a = values[ka];
    const b = values[kb];
    if (a === null || b === null) return a === b ? ka - kb : a === null ? 1 : -1;
    let c: number;
    if (keys) {
      const x = keys[ka];
      const y = keys[kb];
      c = x < y ? -1 : x > y ? 1 : x === y && a === b ? 0 : compareNumeric(a, b);
    } else {
      c = a === b ? 0 : compareText(a, b);
    }
    return dir * c || ka - kb;
  });
  return order.map((k) => out[k]);
}

/** Header click cycles: none → ascending → descending → none. */
export function nextSort(current: SortSpec | null, column: number, numeric: boolean): SortSpec | null {
  if (!current || current.column !== column) return { column, direction: 'asc', numeric };
  if (current.direction === 'asc') return { column, direction: 'desc', numeric };
  return null;
}
