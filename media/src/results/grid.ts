/**
 * The results grid: virtualised rows (only the rows on screen plus an overscan are in the DOM,
 * absolutely placed inside a spacer as tall as every row), a sticky header with click-to-sort, a
 * quick filter, cell/row selection with the keyboard, copy, and a viewer for the whole value.
 * Every value goes in with textContent.
 */
import type { ResultColumn } from '../../../src/shared/results';
import { cellText, tsvRow } from '../../../src/shared/grid/copy';
import { isNumericType, nextSort, viewIndices, type Cell, type SortSpec } from '../../../src/shared/grid/sortFilter';
import { clampPosition, moveSelection, type GridPosition } from '../../../src/shared/grid/navigation';
import { computeWindow, scrollToRow } from '../../../src/shared/grid/virtualWindow';
import { clear, el } from '../dom';
import { ValueViewer } from './viewer';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;
/** Characters of a value rendered in a cell; the viewer shows it whole. */
const MAX_CELL_CHARS = 300;
const FILTER_DEBOUNCE_MS = 120;

export interface GridOptions {
  /** Unique per grid in the page (element ids). */
  id: string;
  columns: ResultColumn[];
  rows: Cell[][];
  /** Puts text on the clipboard; `what` describes it for the status line ("cell", "row 3"). */
  copy(text: string, what: string): void;
  /** Sort, filter or scroll position changed (to remember them while the panel is hidden). */
  changed?(): void;
}

/** What survives the webview being hidden and loaded again (retainContextWhenHidden is off). */
export interface GridViewState {
  sort: SortSpec | null;
  filter: string;
  scrollTop: number;
}

/** Width of a column in `ch`: its name, type and first values, within bounds. */
function columnWidth(column: ResultColumn, rows: Cell[][], index: number): number {
  let longest = Math.max(column.name.length + 3, 4);
  for (let i = 0; i < rows.length && i < 100; i++) longest = Math.max(longest, Math.min(60, (rows[i][index] ?? 'NULL').length));
  return Math.min(Math.max(longest + 2, 6), 48);
}

function cellDisplay(value: string): string {
  const short = value.length > MAX_CELL_CHARS ? `${value.slice(0, MAX_CELL_CHARS)}…` : value;
  return short.replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

export class Grid {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly headerRow: HTMLElement;
  private readonly headerGroup: HTMLElement;
  private readonly body: HTMLElement;
  private readonly filterInput: HTMLInputElement;
  private readonly countLabel: HTMLElement;
  private readonly viewer: ValueViewer;
  private readonly numeric: boolean[];
  private readonly widths: number[];
  private view: number[];
  private sort: SortSpec | null = null;
  private filter = '';
  /** Row: position in the current view (after filter and sort); column -1: the whole row. */
  private sel: GridPosition | null = null;
  private rendered = { first: -1, end: -1 };
  private frame = 0;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: GridOptions) {
    this.numeric = opts.columns.map((c) => isNumericType(c.type));
    this.widths = opts.columns.map((c, i) => columnWidth(c, opts.rows, i));
    this.view = viewIndices(opts.rows, '', null);

    this.filterInput = el('input', { type: 'search', class: 'grid-filter', placeholder: 'Filter rows', 'aria-label': 'Filter rows (case-insensitive, any column)', spellcheck: 'false' });
    this.countLabel = el('span', { class: 'grid-count muted', 'aria-live': 'polite' });
    const filterBar = el('div', { class: 'grid-filterbar' }, this.filterInput, this.countLabel);

    this.headerRow = el('div', { role: 'row', class: 'grid-row grid-header-row', 'aria-rowindex': '1' });
    this.headerGroup = el('div', { role: 'rowgroup', class: 'grid-header' }, this.headerRow);
    this.body = el('div', { role: 'rowgroup', class: 'grid-body' });
    this.scroller = el('div', {
      role: 'grid',
      class: 'grid-scroll',
      tabindex: '0',
      'aria-label': 'Result rows',
      'aria-colcount': String(opts.columns.length + 1),
      'aria-readonly': 'true',
    }, this.headerGroup, this.body);

    this.viewer = new ValueViewer(() => this.closeViewer(true));
    this.element = el('div', { class: 'grid-wrap' }, filterBar, this.scroller, this.viewer.element);
    this.buildHeader();
    this.wire();
    this.updateCount();
  }

  /** Call when the grid becomes visible or its size changes. */
  refresh(): void {
    this.rendered = { first: -1, end: -1 };
    this.render();
  }

  viewState(): GridViewState {
    return { sort: this.sort, filter: this.filter, scrollTop: this.scroller.scrollTop };
  }

  /** Re-applies a remembered state; the scroll position only takes when the grid is visible. */
  restore(state: GridViewState): void {
    const s = state.sort;
    this.sort = s && s.column >= 0 && s.column < this.opts.columns.length ? { column: s.column, direction: s.direction, numeric: this.numeric[s.column] } : null;
    this.filter = state.filter;
    this.filterInput.value = state.filter;
    this.updateSortIndicators();
    this.recompute();
    this.scroller.scrollTop = state.scrollTop;
    this.refresh();
  }

  /** Rows currently shown (after the filter). */
  get visibleRowCount(): number {
    return this.view.length;
  }

  focus(): void {
    this.scroller.focus();
  }

  private buildHeader(): void {
    const corner = el('div', { role: 'columnheader', class: 'cell rownum', 'aria-colindex': '1' }, '#');
    this.headerRow.append(corner);
    this.opts.columns.forEach((c, i) => {
      const name = el('span', { class: 'col-name' }, c.name);
      const arrow = el('span', { class: 'sort-indicator', 'aria-hidden': 'true' });
      const h = el('div', {
        role: 'columnheader',
        class: `cell header-cell${this.numeric[i] ? ' num' : ''}`,
        'aria-colindex': String(i + 2),
        'aria-sort': 'none',
        title: `${c.name}: ${c.type}. Click to sort.`,
        'data-col': String(i),
      }, name, arrow);
      h.style.width = `${this.widths[i]}ch`;
      this.headerRow.append(h);
    });
  }

  private wire(): void {
    this.scroller.addEventListener('scroll', () => {
      this.schedule();
      clearTimeout(this.scrollTimer);
      this.scrollTimer = setTimeout(() => this.opts.changed?.(), 300);
    });
    this.headerRow.addEventListener('click', (e) => {
      const h = (e.target as Element).closest('[data-col]');
      if (h) this.toggleSort(Number(h.getAttribute('data-col')));
    });
    this.body.addEventListener('mousedown', (e) => {
      const pos = this.positionOf(e.target as Element);
      if (pos) this.select(pos, false);
    });
    this.body.addEventListener('dblclick', (e) => {
      const pos = this.positionOf(e.target as Element);
      if (pos && pos.col >= 0) this.openViewer();
    });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.filterInput.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.applyFilter(this.filterInput.value), FILTER_DEBOUNCE_MS);
    });
    this.filterInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        clearTimeout(this.filterTimer);
        this.applyFilter(this.filterInput.value);
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.scroller.focus();
        if (!this.sel && this.view.length > 0) this.select({ row: 0, col: 0 }, true);
      }
    });
  }

  private positionOf(target: Element): GridPosition | null {
    const cell = target.closest('[data-vrow]');
    if (!cell) return null;
    return { row: Number(cell.getAttribute('data-vrow')), col: Number(cell.getAttribute('data-col') ?? '-1') };
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private bodyViewportHeight(): number {
    return Math.max(0, this.scroller.clientHeight - this.headerGroup.offsetHeight);
  }

  private render(): void {
    const w = computeWindow(this.scroller.scrollTop, this.bodyViewportHeight(), ROW_HEIGHT, this.view.length, OVERSCAN);
    this.body.style.height = `${w.totalHeight}px`;
    this.scroller.setAttribute('aria-rowcount', String(this.view.length + 1));
    if (w.first === this.rendered.first && w.end === this.rendered.end) return;
    this.rendered = { first: w.first, end: w.end };
    const frag = document.createDocumentFragment();
    for (let v = w.first; v < w.end; v++) frag.append(this.buildRow(v));
    clear(this.body);
    this.body.append(frag);
    this.updateActiveDescendant();
  }

  private cellId(vrow: number, col: number): string {
    return `${this.opts.id}-r${vrow}-c${col + 1}`;
  }

  private buildRow(vrow: number): HTMLElement {
    const data = this.opts.rows[this.view[vrow]];
    const rowSelected = this.sel?.row === vrow && this.sel.col === -1;
    const row = el('div', { role: 'row', class: `grid-row${rowSelected ? ' selected' : ''}`, 'aria-rowindex': String(vrow + 2) });
    row.style.top = `${vrow * ROW_HEIGHT}px`;
    if (rowSelected) row.setAttribute('aria-selected', 'true');
    const num = el('div', { role: 'rowheader', class: 'cell rownum', id: this.cellId(vrow, -1), 'aria-colindex': '1', 'data-vrow': String(vrow), 'data-col': '-1' }, String(vrow + 1));
    row.append(num);
    for (let c = 0; c < this.opts.columns.length; c++) {
      const value = data[c] ?? null;
      const selected = this.sel?.row === vrow && this.sel.col === c;
      const cls = `cell${this.numeric[c] ? ' num' : ''}${value === null ? ' null' : ''}${value === '' ? ' empty' : ''}${selected ? ' selected' : ''}`;
      const cell = el('div', { role: 'gridcell', class: cls, id: this.cellId(vrow, c), 'aria-colindex': String(c + 2), 'data-vrow': String(vrow), 'data-col': String(c) });
      cell.style.width = `${this.widths[c]}ch`;
      if (selected) cell.setAttribute('aria-selected', 'true');
      if (value === null) cell.textContent = 'NULL';
      else cell.textContent = cellDisplay(value);
      row.append(cell);
    }
    return row;
  }

  private toggleSort(col: number): void {
    this.sort = nextSort(this.sort, col, this.numeric[col]);
    this.updateSortIndicators();
    this.recompute();
    this.opts.changed?.();
  }

  private updateSortIndicators(): void {
    this.headerRow.querySelectorAll('[data-col]').forEach((h) => {
      const i = Number(h.getAttribute('data-col'));
      const dir = this.sort && this.sort.column === i ? this.sort.direction : null;
      h.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none');
      const arrow = h.querySelector('.sort-indicator');
      if (arrow) arrow.textContent = dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '';
    });
  }

  private applyFilter(text: string): void {
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

  private select(pos: GridPosition, scroll: boolean): void {
    const clamped = clampPosition(pos, { rows: this.view.length, columns: this.opts.columns.length, page: 1 });
    if (!clamped) return;
    const { row, col } = clamped;
    this.sel = clamped;
    if (scroll) {
      const top = scrollToRow(row, this.scroller.scrollTop, this.bodyViewportHeight(), ROW_HEIGHT);
      if (top !== this.scroller.scrollTop) this.scroller.scrollTop = top;
    }
    this.refresh();
    if (scroll && col >= 0) document.getElementById(this.cellId(row, col))?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (!this.viewer.hidden) this.openViewer();
  }

  private updateActiveDescendant(): void {
    if (this.sel) this.scroller.setAttribute('aria-activedescendant', this.cellId(this.sel.row, this.sel.col));
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  private onKey(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === 'c' || e.key === 'C')) {
      e.preventDefault();
      this.copySelection();
      return;
    }
    if (e.key === 'Enter') {
      if (this.sel && this.sel.col >= 0) {
        e.preventDefault();
        this.openViewer();
      }
      return;
    }
    if (e.key === 'Escape') {
      this.closeViewer(true);
      return;
    }
    const page = Math.floor(this.bodyViewportHeight() / ROW_HEIGHT) - 1;
    const next = moveSelection(this.sel, e.key, mod, { rows: this.view.length, columns: this.opts.columns.length, page });
    if (!next) return;
    e.preventDefault();
    this.select(next, true);
  }

  private copySelection(): void {
    if (!this.sel) return;
    const data = this.opts.rows[this.view[this.sel.row]];
    if (!data) return;
    if (this.sel.col < 0) this.opts.copy(tsvRow(data), `row ${this.sel.row + 1}`);
    else this.opts.copy(cellText(data[this.sel.col] ?? null), `${this.opts.columns[this.sel.col].name}, row ${this.sel.row + 1}`);
  }

  private openViewer(): void {
    if (!this.sel || this.sel.col < 0) return;
    const value = this.opts.rows[this.view[this.sel.row]]?.[this.sel.col] ?? null;
    const wasHidden = this.viewer.show(this.opts.columns[this.sel.col].name, this.sel.row + 1, value);
    if (wasHidden) this.schedule();
  }

  private closeViewer(refocus: boolean): void {
    if (!this.viewer.hide()) return;
    this.schedule();
    if (refocus) this.scroller.focus();
  }
}
