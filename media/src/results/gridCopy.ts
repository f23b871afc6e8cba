/** Copy of the results grid's selection in one of the text formats (src/shared/grid/formats.ts). */
import { formatText, type TextFormat } from '../../../src/shared/grid/formats';
import { describeSelection, selectionRect, type Rect } from '../../../src/shared/grid/selection';
import type { Cell } from '../../../src/shared/grid/sortFilter';
import { MAX_COPY_CHARS } from '../../../src/shared/resultsProtocol';
import type { Grid } from './grid';

/** The selected values (view order), with their column names. */
function selectedData(grid: Grid): { names: string[]; rows: Cell[][]; numeric: boolean[]; rect: Rect } | null {
  if (!grid.sel) return null;
  const rect = selectionRect(grid.sel, grid.columnCount);
  const names = grid.opts.columns.slice(rect.left, rect.right + 1).map((c) => c.name);
  const rows: Cell[][] = [];
  for (let v = rect.top; v <= rect.bottom; v++) rows.push(grid.opts.rows[grid.view[v]].slice(rect.left, rect.right + 1));
  return { names, rows, numeric: grid.numeric.slice(rect.left, rect.right + 1), rect };
}

/** One cell copies as its value (NULL as the NULL token); more in `format` (TSV: no header line). */
export function copySelection(grid: Grid, format: TextFormat): void {
  const { opts } = grid;
  const data = selectedData(grid);
  if (!data || !grid.sel) {
    opts.status('Nothing selected to copy: click a cell, a row number or a column header first.', 'error');
    return;
  }
  const what = describeSelection(grid.sel, data.rect, opts.columns.map((c) => c.name));
  const single = data.rows.length * data.names.length === 1;
  const text = format === 'tsv' && single ? data.rows[0][0] ?? opts.nullToken : formatText(format, data.names, data.rows, { nullToken: opts.nullToken, numeric: data.numeric });
  if (text.length > MAX_COPY_CHARS) {
    opts.status(`The selection is too large for the clipboard (${text.length.toLocaleString()} characters). Use Export to save the result set to a file instead.`, 'error');
    return;
  }
  opts.copy(text, format === 'tsv' ? what : `${what} as ${format === 'markdown' ? 'Markdown' : format.toUpperCase()}`);
}
