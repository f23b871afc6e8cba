import * as assert from 'node:assert/strict';
import { clampWidth, columnOffsets, computeColumnWindow, scrollToColumn } from '../../src/shared/grid/columns';
import { describeSelection, extendTo, inRect, selectAll, selectColumns, selectionRect, single } from '../../src/shared/grid/selection';

describe('results grid: selection', () => {
  const names = ['a', 'b', 'c', 'd'];

  it('a cell, extended by shift+click or drag to a rectangle in any direction', () => {
    const s = extendTo(single({ row: 5, col: 2 }), { row: 2, col: 0 });
    const r = selectionRect(s, 4);
    assert.deepEqual(r, { top: 2, bottom: 5, left: 0, right: 2 });
    assert.ok(inRect(r, 3, 1) && !inRect(r, 6, 1) && !inRect(r, 3, 3));
    assert.equal(describeSelection(s, r, names), '4 × 3 cells');
    assert.equal(describeSelection(single({ row: 0, col: 1 }), selectionRect(single({ row: 0, col: 1 }), 4), names), 'b, row 1');
  });

  it('rows (row numbers) span every column; columns (headers) span every row; select all', () => {
    const rows = extendTo(single({ row: 1, col: -1 }), { row: 3, col: -1 });
    assert.deepEqual(selectionRect(rows, 4), { top: 1, bottom: 3, left: 0, right: 3 });
    assert.equal(describeSelection(rows, selectionRect(rows, 4), names), '3 rows');
    const cols = selectColumns(3, 1, 10)!;
    assert.deepEqual(selectionRect(cols, 4), { top: 0, bottom: 9, left: 1, right: 3 });
    assert.equal(describeSelection(cols, selectionRect(cols, 4), names), '3 columns');
    assert.deepEqual(selectionRect(selectAll(7)!, 4), { top: 0, bottom: 6, left: 0, right: 3 });
    assert.equal(selectAll(0), null);
    assert.equal(selectColumns(0, 0, 0), null);
  });
});

describe('results grid: column geometry', () => {
  const widths = [100, 50, 200, 80, 120];
  const offsets = columnOffsets(widths);

  it('offsets add up the widths', () => {
    assert.deepEqual(offsets, [0, 100, 150, 350, 430, 550]);
  });

  it('only the columns in the viewport (plus overscan) are rendered', () => {
    assert.deepEqual(computeColumnWindow(offsets, 0, 120, 0), { first: 0, end: 2 });
    assert.deepEqual(computeColumnWindow(offsets, 160, 100, 0), { first: 2, end: 3 });
    assert.deepEqual(computeColumnWindow(offsets, 160, 100, 1), { first: 1, end: 4 });
    assert.deepEqual(computeColumnWindow(offsets, 10_000, 100, 0), { first: 4, end: 5 });
    assert.deepEqual(computeColumnWindow([0], 0, 100, 2), { first: 0, end: 0 });
    // 1,000 columns of 100 px, a 1,000 px viewport: about 11 columns, not 1,000.
    const wide = columnOffsets(new Array(1000).fill(100));
    const w = computeColumnWindow(wide, 50_000, 1000, 2);
    assert.deepEqual(w, { first: 498, end: 513 });
  });

  it('scrollToColumn brings a column into view past the sticky row numbers', () => {
    assert.equal(scrollToColumn(offsets, 1, 0, 300, 50), 0); // visible
    assert.equal(scrollToColumn(offsets, 3, 0, 300, 50), 430 - 250); // right edge aligned
    assert.equal(scrollToColumn(offsets, 0, 200, 300, 50), 0); // left of the view
  });

  it('widths stay within bounds', () => {
    assert.equal(clampWidth(3), 40);
    assert.equal(clampWidth(10_000), 2000);
    assert.equal(clampWidth(99.6), 100);
  });
});
