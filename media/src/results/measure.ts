/** Text measurement for column widths: the grid's font, measured once with a canvas. */
import type { ResultColumn } from '../../../src/shared/results';
import { clampWidth } from '../../../src/shared/grid/columns';
import type { Cell } from '../../../src/shared/grid/sortFilter';

/** Rows looked at for an initial width or an auto-fit. */
const SAMPLE_ROWS = 200;
const FIT_ROWS = 2000;
/** Padding, borders and the header's sort button, px. */
const CELL_CHROME = 14;
const HEADER_CHROME = 40;

let context: CanvasRenderingContext2D | null = null;
let contextFont = '';

function measurer(font: string): CanvasRenderingContext2D | null {
  if (!context) context = document.createElement('canvas').getContext('2d');
  if (context && contextFont !== font) {
    context.font = font;
    contextFont = font;
  }
  return context;
}

function fontOf(element: HTMLElement): string {
  const s = getComputedStyle(element);
  return `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
}

/** Width of one "0" in the grid's font, px. */
export function charWidth(element: HTMLElement): number {
  const ctx = measurer(fontOf(element));
  const w = ctx ? ctx.measureText('0000000000').width / 10 : 0;
  return w > 0 ? w : 8;
}

/** Width of a column from its name, type and first values (in characters, within bounds). */
export function initialWidths(columns: readonly ResultColumn[], rows: ReadonlyArray<readonly Cell[]>, ch: number): number[] {
  return columns.map((column, index) => {
    let longest = Math.max(column.name.length + Math.min(column.type.length, 10) + 5, 6);
    for (let i = 0; i < rows.length && i < SAMPLE_ROWS; i++) longest = Math.max(longest, Math.min(60, (rows[i][index] ?? 'NULL').length));
    return clampWidth(Math.min(longest + 2, 48) * ch);
  });
}

/** The width that shows the header and the widest of the first rows of `view` whole (double-click on a header edge). */
export function autoFitWidth(element: HTMLElement, name: string, view: readonly number[], rows: ReadonlyArray<readonly Cell[]>, col: number): number {
  const ctx = measurer(fontOf(element));
  if (!ctx) return clampWidth(name.length * 8 + HEADER_CHROME);
  let widest = ctx.measureText(name).width + HEADER_CHROME;
  for (let v = 0; v < view.length && v < FIT_ROWS; v++) {
    const value = rows[view[v]][col];
    const text = value === null ? 'NULL' : value.length > 300 ? value.slice(0, 300) : value;
    widest = Math.max(widest, ctx.measureText(text).width + CELL_CHROME);
  }
  return clampWidth(Math.ceil(widest));
}
