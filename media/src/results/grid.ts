/**
 * The results grid: virtualised rows AND columns (only the cells on screen plus an overscan are in
 * the DOM; spacers stand for the rest), a sticky header and sticky row numbers, resizable columns,
 * sort, a quick filter, a rectangular selection (cells, rows, columns, ranges), copy in four
 * formats and a viewer for the whole value. Every value goes in with textContent.
 * Pointer and keyboard handling live in gridInput.ts.
 */
import type { ResultColumn } from '../../../src/shared/results';
import { clampWidth, columnOffsets, computeColumnWindow, scrollToColumn } from '../../../src/shared/grid/columns';
import type { TextFormat } from '../../../src/shared/grid/formats';
import { clampPosition, type GridPosition } from '../../../src/shared/grid/navigation';
import { inRect, isSingleCell, selectionRect, single, wholeRows, type Rect, type Selection } from '../../../src/shared/grid/selection';
import { isNumericType, nextSort, viewIndices, type Cell, type SortSpec } from '../../../src/shared/grid/sortFilter';
import { computeWindow, scrollToRow } from '../../../src/shared/grid/virtualWindow';
import { clear, el } from '../dom';
import { codicon } from './codicon';
import { copySelection } from './gridCopy';
import { headerCells } from './gridHeader';
import { wireGrid } from './gridInput';
import { autoFitWidth, charWidth, initialWidths } from './measure';
import { ValueViewer } from './viewer';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;
const COLUMN_OVERSCAN = 2;
/** Characters of a value rendered in a cell; the viewer shows it whole. */
const MAX_CELL_CHARS = 300;

export interface GridOptions {
  /** Unique per grid in the page (element ids). */
  id: string;
  columns: ResultColumn[];
  rows: Cell[][];
  /** What NULL copies as in TSV and Markdown. */
  nullToken: string;
  /** Puts text on the clipboard; `what` describes it for the status line ("cell", "3 rows"). */
  copy(text: string, what: string): void;
  /** Says something in the status line. */
  status(text: string, kind?: 'info' | 'error'): void;
  /** Sort, filter, widths or scroll position changed (to remember them while the panel is hidden). */
  changed?(): void;
}

/** What survives the webview being hidden and loaded again (retainContextWhenHidden is off). */
export interface GridViewState {
  sort: SortSpec | null;
  filter: string;
  scrollTop: number;
  scrollLeft?: number;
  /** Column widths in px (after a resize); absent: computed from the values. */
  widths?: number[];
}

function cellDisplay(value: string): string {
  const short = value.length > MAX_CELL_CHARS ? `${value.slice(0, MAX_CELL_CHARS)}…` : value;
  return short.replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

export class Grid {
  readonly element: HTMLElement;
  readonly scroller: HTMLElement;
  readonly headerRow: HTMLElement;
  readonly body: HTMLElement;
  readonly filterInput: HTMLInputElement;
  private readonly headerGroup: HTMLElement;
  private readonly countLabel: HTMLElement;
  readonly viewer: ValueViewer;
  readonly numeric: boolean[];
  widths: number[] = [];
  private offsets: number[] = [0];
  private rowNumberWidth = 56;
  view: number[];
  sort: SortSpec | null = null;
  private filter = '';
  sel: Selection | null = null;
  private rendered = { first: -1, end: -1, cFirst: -1, cEnd: -1 };
  /** The row elements in the DOM by view row: a scroll adds and removes rows, the rest stay. */
  private readonly rowEls = new Map<number, HTMLElement>();
  /** One empty cell per column, cloned for each rendered cell (rebuilt with the header). */
  private cellTemplates: HTMLElement[] = [];
  /** Rows in the DOM are stale (selection, sort, widths changed): the next render rebuilds them all. */
  private stale = true;
  private frame = 0;

  constructor(readonly opts: GridOptions) {
    this.numeric = opts.columns.map((c) => isNumericType(c.type));
    this.view = viewIndices(opts.rows, '', null);
    this.filterInput = el('input', { type: 'search', class: 'grid-filter', placeholder: 'Filter rows', 'aria-label': 'Filter rows (case-insensitive, any column)', spellcheck: 'false' });
    this.countLabel = el('span', { class: 'grid-count muted', 'aria-live': 'polite' });
    const filterBar = el('div', { class: 'grid-filterbar' }, codicon('filter'), this.filterInput, this.countLabel);
    this.headerRow = el('div', { role: 'row', class: 'grid-row grid-header-row', 'aria-rowindex': '1' });
    this.headerGroup = el('div', { role: 'rowgroup', class: 'grid-header' }, this.headerRow);
    this.body = el('div', { role: 'rowgroup', class: 'grid-body' });
    this.scroller = el('div', { role: 'grid', class: 'grid-scroll', tabindex: '0', 'aria-label': 'Result rows', 'aria-colcount': String(opts.columns.length + 1), 'aria-readonly': 'true', 'aria-multiselectable': 'true' }, this.headerGroup, this.body);
    this.viewer = new ValueViewer(() => this.closeViewer(true));
    this.element = el('div', { class: 'grid-wrap' }, filterBar, this.scroller, this.viewer.element);
    wireGrid(this);
    this.updateCount();
  }

  get columnCount(): number {
    return this.opts.columns.length;
  }

  /** Call when the grid becomes visible or its size changes. */
  refresh(): void {
    this.rendered = { first: -1, end: -1, cFirst: -1, cEnd: -1 };
    this.stale = true;
    this.render();
  }

  viewState(): GridViewState {
    return { sort: this.sort, filter: this.filter, scrollTop: this.scroller.scrollTop, scrollLeft: this.scroller.scrollLeft, widths: this.widths.length ? [...this.widths] : undefined };
  }

  /** Re-applies a remembered state; the scroll position only takes when the grid is visible. */
  restore(state: GridViewState): void {
    const s = state.sort;
    this.sort = s && s.column >= 0 && s.column < this.columnCount ? { column: s.column, direction: s.direction, numeric: this.numeric[s.column] } : null;
    this.filter = state.filter;
    this.filterInput.value = state.filter;
    if (state.widths && state.widths.length === this.columnCount) this.setWidths(state.widths.map(clampWidth));
    this.recompute();
    this.scroller.scrollTop = state.scrollTop;
    this.scroller.scrollLeft = state.scrollLeft ?? 0;
    this.refresh();
  }

  get visibleRowCount(): number {
    return this.view.length;
  }

  focus(): void {
    this.scroller.focus();
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  bodyViewportHeight(): number {
    return Math.max(0, this.scroller.clientHeight - this.headerGroup.offsetHeight);
  }

  /** Widths are measured once the grid is in the document (the font is known then). */
  private ensureWidths(): boolean {
    if (this.widths.length === this.columnCount) return true;
    if (!this.scroller.isConnected) return false;
    const ch = charWidth(this.scroller);
    this.rowNumberWidth = Math.ceil(ch * Math.max(4, String(this.view.length).length + 2));
    this.setWidths(initialWidths(this.opts.columns, this.opts.rows, ch));
    return true;
  }

  private setWidths(widths: number[]): void {
    this.widths = widths;
    this.offsets = columnOffsets(widths);
    const total = `${this.rowNumberWidth + this.offsets[this.columnCount]}px`;
    this.body.style.width = total;
    this.headerRow.style.width = total;
  }

  widthOf(col: number): number {
    return this.widths[col] ?? 0;
  }

  /** Drag or double-click on a header edge. */
  resizeColumn(col: number, px: number | 'fit'): void {
    if (!this.ensureWidths()) return;
    const next = [...this.widths];
    next[col] = px === 'fit' ? autoFitWidth(this.scroller, this.opts.columns[col].name, this.view, this.opts.rows, col) : clampWidth(px);
    this.setWidths(next);
    this.refresh();
  }

  render(): void {
    if (!this.ensureWidths()) return;
    const w = computeWindow(this.scroller.scrollTop, this.bodyViewportHeight(), ROW_HEIGHT, this.view.length, OVERSCAN);
    const cw = computeColumnWindow(this.offsets, this.scroller.scrollLeft, this.scroller.clientWidth - this.rowNumberWidth, COLUMN_OVERSCAN);
    this.body.style.height = `${w.totalHeight}px`;
    this.scroller.setAttribute('aria-rowcount', String(this.view.length + 1));
    const r = this.rendered;
    if (w.first === r.first && w.end === r.end && cw.first === r.cFirst && cw.end === r.cEnd) return;
    const columnsMoved = cw.first !== r.cFirst || cw.end !== r.cEnd;
    this.rendered = { first: w.first, end: w.end, cFirst: cw.first, cEnd: cw.end };
    const rect = this.sel ? selectionRect(this.sel, this.columnCount) : null;
    if (columnsMoved || this.stale) {
      this.renderHeader(cw.first, cw.end, rect);
      this.cellTemplates = this.opts.columns.map((_, c) => {
        const t = el('div', { role: 'gridcell', class: `cell${this.numeric[c] ? ' num' : ''}`, 'aria-colindex': String(c + 2), 'data-col': String(c) });
        t.style.width = `${this.widths[c]}px`;
        return t;
      });
      this.rowEls.clear();
      clear(this.body);
      this.stale = false;
    }
    for (const [v, row] of this.rowEls) {
      if (v >= w.first && v < w.end) continue;
      row.remove();
      this.rowEls.delete(v);
    }
    const frag = document.createDocumentFragment();
    for (let v = w.first; v < w.end; v++) {
      if (this.rowEls.has(v)) continue;
      const row = this.buildRow(v, cw.first, cw.end, rect);
      this.rowEls.set(v, row);
      frag.append(row);
    }
    this.body.append(frag);
    this.updateActiveDescendant();
  }

  private spacer(first: number): HTMLElement {
    const s = el('div', { class: 'col-spacer', 'aria-hidden': 'true' });
    s.style.width = `${this.offsets[first]}px`;
    return s;
  }

  private renderHeader(first: number, end: number, rect: Rect | null): void {
    const cells = headerCells({ columns: this.opts.columns, numeric: this.numeric, widths: this.widths, sort: this.sort, rowCount: this.view.length, rowNumberWidth: this.rowNumberWidth }, first, end, rect);
    clear(this.headerRow);
    this.headerRow.append(...cells.slice(0, 1), this.spacer(first), ...cells.slice(1));
  }

  cellId(vrow: number, col: number): string {
    return `${this.opts.id}-r${vrow}-c${col + 1}`;
  }

  private buildRow(vrow: number, first: number, end: number, rect: Rect | null): HTMLElement {
    const data = this.opts.rows[this.view[vrow]];
    const rowSelected = !!rect && !!this.sel && wholeRows(this.sel) && vrow >= rect.top && vrow <= rect.bottom;
    const row = el('div', { role: 'row', class: `grid-row${rowSelected ? ' selected' : ''}`, 'aria-rowindex': String(vrow + 2) });
    row.style.top = `${vrow * ROW_HEIGHT}px`;
    if (rowSelected) row.setAttribute('aria-selected', 'true');
    const num = el('div', { role: 'rowheader', class: 'cell rownum', id: this.cellId(vrow, -1), 'aria-colindex': '1', 'data-vrow': String(vrow), 'data-col': '-1' }, String(vrow + 1));
    num.style.width = `${this.rowNumberWidth}px`;
    row.append(num, this.spacer(first));
    const focus = this.sel?.focus;
    const vrowText = String(vrow);
    for (let c = first; c < end; c++) {
      const value = data[c] ?? null;
      const selected = !!rect && inRect(rect, vrow, c);
      const isFocus = focus?.row === vrow && focus.col === c;
      // A clone of the column's template (role, aria-colindex, data-col, class, width) is cheaper than setting each.
      const cell = this.cellTemplates[c].cloneNode(false) as HTMLElement;
      cell.setAttribute('data-vrow', vrowText);
      if (value === null) cell.classList.add('null');
      else if (value === '') cell.classList.add('empty');
      if (selected) {
        cell.classList.add('selected');
        cell.setAttribute('aria-selected', 'true');
      }
      if (isFocus) {
        cell.classList.add('focus');
        cell.id = this.cellId(vrow, c); // aria-activedescendant: only the focused cell needs an id
      }
      cell.textContent = value === null ? 'NULL' : cellDisplay(value);
      row.append(cell);
    }
    return row;
  }

  toggleSort(col: number): void {
    this.sort = nextSort(this.sort, col, this.numeric[col]);
    this.recompute();
    this.opts.changed?.();
  }

  applyFilter(text: string): void {
    if (text === this.filter) return;
    this.filter = text;
    this.recompute();
    this.opts.changed?.();
  }

  private recompute(): void {
    this.view = viewIndices(this.opts.rows, this.filter, this.sort);
    this.sel = null;
    this.closeViewer(false);
    this.scroller.scrollTop = 0;
    this.updateCount();
    this.refresh();
  }

  private updateCount(): void {
    const total = this.opts.rows.length;
    this.countLabel.textContent = this.filter ? `${this.view.length.toLocaleString()} of ${total.toLocaleString()} rows` : `${total.toLocaleString()} ${total === 1 ? 'row' : 'rows'}`;
  }

  /** Sets the selection; `scroll` brings its focus into view. */
  setSelection(sel: Selection | null, scroll: boolean): void {
    if (sel) {
      const focus = clampPosition(sel.focus, { rows: this.view.length, columns: this.columnCount, page: 1 });
      const anchor = clampPosition(sel.anchor, { rows: this.view.length, columns: this.columnCount, page: 1 });
      if (!focus || !anchor) return;
      sel = { ...sel, anchor, focus };
    }
    this.sel = sel;
    if (sel && scroll) this.scrollIntoView(sel.focus);
    this.refresh();
    if (sel && isSingleCell(sel) && !this.viewer.hidden) this.openViewer();
  }

  select(pos: GridPosition, scroll: boolean): void {
    this.setSelection(single(pos), scroll);
  }

  private scrollIntoView(pos: GridPosition): void {
    const top = scrollToRow(pos.row, this.scroller.scrollTop, this.bodyViewportHeight(), ROW_HEIGHT);
    if (top !== this.scroller.scrollTop) this.scroller.scrollTop = top;
    if (pos.col >= 0 && this.ensureWidths()) {
      const left = scrollToColumn(this.offsets, pos.col, this.scroller.scrollLeft, this.scroller.clientWidth, this.rowNumberWidth);
      if (left !== this.scroller.scrollLeft) this.scroller.scrollLeft = left;
    }
  }

  private updateActiveDescendant(): void {
    const f = this.sel?.focus;
    if (f && document.getElementById(this.cellId(f.row, f.col))) this.scroller.setAttribute('aria-activedescendant', this.cellId(f.row, f.col));
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  /** Copies the selection: one cell as its value (NULL as the NULL token), else in `format` (TSV: no header). */
  copySelection(format: TextFormat): void {
    copySelection(this, format);
  }

  openViewer(): void {
    const f = this.sel?.focus;
    if (!f || f.col < 0) return;
    const value = this.opts.rows[this.view[f.row]]?.[f.col] ?? null;
    if (this.viewer.show(this.opts.columns[f.col].name, f.row + 1, value)) this.schedule();
  }

  closeViewer(refocus: boolean): void {
    if (!this.viewer.hide()) return;
    this.schedule();
    if (refocus) this.scroller.focus();
  }
}
