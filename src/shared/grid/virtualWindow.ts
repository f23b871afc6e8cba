/**
 * Which rows of a virtualised grid are in the DOM: the rows on screen plus `overscan` rows above
 * and below, for a fixed row height. Pure arithmetic, shared by the webview and its unit tests.
 */
export interface VirtualWindow {
  /** First row index rendered (inclusive). */
  first: number;
  /** One past the last row index rendered (exclusive). */
  end: number;
  /** Height of the spacer that stands for every row, px. */
  totalHeight: number;
}

export function computeWindow(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan: number): VirtualWindow {
  const count = Math.max(0, Math.floor(rowCount));
  const h = rowHeight > 0 ? rowHeight : 1;
  const totalHeight = count * h;
  if (count === 0) return { first: 0, end: 0, totalHeight };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - 1));
  const visibleFirst = Math.floor(top / h);
  const visibleCount = Math.ceil(Math.max(0, viewportHeight) / h) + 1;
  const first = Math.max(0, visibleFirst - Math.max(0, overscan));
  const end = Math.min(count, visibleFirst + visibleCount + Math.max(0, overscan));
  return { first, end, totalHeight };
}

/**
 * The scrollTop that brings row `index` fully into a viewport of `viewportHeight` px currently at
 * `scrollTop`, or the same scrollTop when it is already visible.
 */
export function scrollToRow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
