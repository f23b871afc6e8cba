/**
 * Column geometry of the results grid in pixels: left offsets of variable-width columns and which
 * columns intersect the horizontal viewport (column virtualisation). Pure arithmetic.
 */

/** Narrowest and widest a column can be dragged or auto-fitted to, px. */
export const MIN_COLUMN_PX = 40;
export const MAX_COLUMN_PX = 2000;

export function clampWidth(px: number): number {
  return Math.round(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px)));
}

/** offsets[i] = left of column i; offsets[n] = total width. */
export function columnOffsets(widths: readonly number[]): number[] {
  const out = new Array<number>(widths.length + 1);
  out[0] = 0;
  for (let i = 0; i < widths.length; i++) out[i + 1] = out[i] + widths[i];
  return out;
}

export interface ColumnWindow {
  /** First column rendered (inclusive). */
  first: number;
  /** One past the last column rendered. */
  end: number;
}

/** Largest i with offsets[i] <= x (binary search), within 0..n-1. */
function columnAt(offsets: readonly number[], x: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** The columns that intersect [scrollLeft, scrollLeft + viewportWidth), plus `overscan` either side. */
export function computeColumnWindow(offsets: readonly number[], scrollLeft: number, viewportWidth: number, overscan: number): ColumnWindow {
  const n = offsets.length - 1;
  if (n <= 0) return { first: 0, end: 0 };
  const left = Math.max(0, scrollLeft);
  const first = columnAt(offsets, left);
  const last = columnAt(offsets, left + Math.max(0, viewportWidth));
  return { first: Math.max(0, first - overscan), end: Math.min(n, last + 1 + overscan) };
}

/** The scrollLeft that brings column `col` into a viewport (left of it: `fixedLeft` px are covered by the row numbers). */
export function scrollToColumn(offsets: readonly number[], col: number, scrollLeft: number, viewportWidth: number, fixedLeft: number): number {
  const left = offsets[col];
  const right = offsets[col + 1];
  const visible = viewportWidth - fixedLeft;
  if (left < scrollLeft) return left;
  if (right > scrollLeft + visible) return Math.max(0, Math.min(left, right - visible));
  return scrollLeft;
}
