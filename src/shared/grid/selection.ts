/**
 * The results grid's selection as pure data: an anchor and a focus in view coordinates (row =
 * position after filter and sort, column -1 = the row-number column, i.e. whole rows). Cells,
 * rows, columns and rectangles are all one shape: the rectangle between anchor and focus.
 */
import type { GridPosition } from './navigation';

export interface Selection {
  anchor: GridPosition;
  focus: GridPosition;
  /** Whole columns (a header click): the rows span every row of the view. */
  columns?: boolean;
}

/** Inclusive bounds of a selection, in view rows and data columns (0-based). */
export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function single(pos: GridPosition): Selection {
  return { anchor: pos, focus: pos };
}

/** The same anchor, a new focus (shift+click, shift+arrow, mouse drag). */
export function extendTo(sel: Selection | null, focus: GridPosition): Selection {
  return sel ? { anchor: sel.anchor, focus, columns: sel.columns } : single(focus);
}

export function selectAll(rowCount: number): Selection | null {
  return rowCount > 0 ? { anchor: { row: 0, col: -1 }, focus: { row: rowCount - 1, col: -1 } } : null;
}

/** Whole columns `from`..`to` (header click; shift+click extends). */
export function selectColumns(from: number, to: number, rowCount: number): Selection | null {
  return rowCount > 0 ? { anchor: { row: 0, col: from }, focus: { row: rowCount - 1, col: to }, columns: true } : null;
}

/** The rectangle; a -1 column on either end means every column. */
export function selectionRect(sel: Selection, columnCount: number): Rect {
  const rows = wholeRows(sel);
  return {
    top: Math.min(sel.anchor.row, sel.focus.row),
    bottom: Math.max(sel.anchor.row, sel.focus.row),
    left: rows ? 0 : Math.min(sel.anchor.col, sel.focus.col),
    right: rows ? columnCount - 1 : Math.max(sel.anchor.col, sel.focus.col),
  };
}

export function inRect(r: Rect, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

export function isSingleCell(sel: Selection): boolean {
  return sel.anchor.row === sel.focus.row && sel.anchor.col === sel.focus.col && sel.focus.col >= 0;
}

/** Rows of a selection whose row-number cell shows as selected (whole rows, or whole-width). */
export function wholeRows(sel: Selection): boolean {
  return sel.anchor.col < 0 || sel.focus.col < 0;
}

/** What a selection is, for the status line: "cell", "3 rows", "2 columns", "4 × 3 cells". */
export function describeSelection(sel: Selection, r: Rect, columnNames: readonly string[]): string {
  const rows = r.bottom - r.top + 1;
  const cols = r.right - r.left + 1;
  if (isSingleCell(sel)) return `${columnNames[r.left]}, row ${r.top + 1}`;
  if (wholeRows(sel)) return rows === 1 ? `row ${r.top + 1}` : `${rows.toLocaleString()} rows`;
  if (sel.columns) return cols === 1 ? `column ${columnNames[r.left]}` : `${cols} columns`;
  return `${rows.toLocaleString()} × ${cols} cells`;
}
