/** Pointer and keyboard handling of the results grid: selection, resize, sort, filter, context menu. */
import type { TextFormat } from '../../../src/shared/grid/formats';
import { moveSelection, type GridPosition } from '../../../src/shared/grid/navigation';
import { extendTo, inRect, selectAll, selectColumns, selectionRect, single } from '../../../src/shared/grid/selection';
import type { Grid } from './grid';
import { ROW_HEIGHT } from './grid';
import { showMenu, type MenuItem } from './menu';

const FILTER_DEBOUNCE_MS = 120;
const STATE_DEBOUNCE_MS = 300;

/** The copy commands of the context menu and the toolbar's Copy menu. */
export function copyMenuItems(grid: Grid): MenuItem[] {
  const item = (label: string, format: TextFormat, hint?: string): MenuItem => ({ label, hint, run: () => grid.copySelection(format) });
  return [item('Copy', 'tsv', 'Ctrl+C'), item('Copy as CSV', 'csv'), item('Copy as JSON', 'json'), item('Copy as Markdown', 'markdown')];
}

function positionOf(target: EventTarget | null): GridPosition | null {
  const cell = (target as Element | null)?.closest?.('[data-vrow]');
  if (!cell) return null;
  return { row: Number(cell.getAttribute('data-vrow')), col: Number(cell.getAttribute('data-col') ?? '-1') };
}

function wireResize(grid: Grid, handle: Element, e: MouseEvent): void {
  const col = Number(handle.getAttribute('data-resize'));
  const startX = e.clientX;
  const startWidth = grid.widthOf(col);
  e.preventDefault();
  const move = (m: MouseEvent) => grid.resizeColumn(col, startWidth + m.clientX - startX);
  const up = () => {
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', up);
    grid.opts.changed?.();
  };
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', up);
}

function wireHeader(grid: Grid): void {
  grid.headerRow.addEventListener('mousedown', (e) => {
    const t = e.target as Element;
    const handle = t.closest('[data-resize]');
    if (handle) return wireResize(grid, handle, e);
    if (t.closest('[data-sort]')) return;
    if (t.closest('[data-corner]')) return grid.setSelection(selectAll(grid.visibleRowCount), false);
    const h = t.closest('[data-col]');
    if (!h) return;
    const col = Number(h.getAttribute('data-col'));
    const from = e.shiftKey && grid.sel?.columns ? grid.sel.anchor.col : col;
    grid.setSelection(selectColumns(from, col, grid.visibleRowCount), false);
    grid.focus();
    e.preventDefault();
  });
  grid.headerRow.addEventListener('click', (e) => {
    const b = (e.target as Element).closest('[data-sort]');
    if (b) grid.toggleSort(Number(b.getAttribute('data-sort')));
  });
  grid.headerRow.addEventListener('dblclick', (e) => {
    const handle = (e.target as Element).closest('[data-resize]');
    if (!handle) return;
    grid.resizeColumn(Number(handle.getAttribute('data-resize')), 'fit');
    grid.opts.changed?.();
  });
}

function wireBody(grid: Grid): void {
  let dragging = false;
  grid.body.addEventListener('mousedown', (e) => {
    const pos = positionOf(e.target);
    if (!pos) return;
    if (e.button === 2 && isInside(grid, pos)) return; // right-click inside keeps the selection
    grid.setSelection(e.shiftKey ? extendTo(grid.sel, pos) : single(pos), false);
    dragging = e.button === 0;
    // Per drag, not per grid: a listener on window would keep every old grid (and its rows) alive.
    if (dragging) window.addEventListener('mouseup', () => (dragging = false), { once: true });
    grid.focus();
    e.preventDefault();
  });
  grid.body.addEventListener('mousemove', (e) => {
    if (!dragging || !grid.sel) return;
    const pos = positionOf(e.target);
    if (pos && (pos.row !== grid.sel.focus.row || pos.col !== grid.sel.focus.col)) grid.setSelection(extendTo(grid.sel, pos), false);
  });
  grid.body.addEventListener('dblclick', (e) => {
    const pos = positionOf(e.target);
    if (pos && pos.col >= 0) grid.openViewer();
  });
  grid.scroller.addEventListener('contextmenu', (e) => {
    if (!positionOf(e.target) && !(e.target as Element).closest('[data-col]')) return;
    e.preventDefault();
    showMenu(e.clientX, e.clientY, 'Copy the selection', copyMenuItems(grid), grid.scroller);
  });
}

function isInside(grid: Grid, pos: GridPosition): boolean {
  return !!grid.sel && inRect(selectionRect(grid.sel, grid.columnCount), pos.row, Math.max(0, pos.col));
}

function onKey(grid: Grid, e: KeyboardEvent): void {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && key === 'c') {
    e.preventDefault();
    grid.copySelection('tsv');
  } else if (mod && key === 'a') {
    e.preventDefault();
    grid.setSelection(selectAll(grid.visibleRowCount), false);
  } else if (e.key === 'Enter') {
    if (grid.sel && grid.sel.focus.col >= 0) {
      e.preventDefault();
      grid.openViewer();
    }
  } else if (e.key === 'Escape') {
    grid.closeViewer(true);
  } else if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
    e.preventDefault();
    const r = grid.scroller.getBoundingClientRect();
    showMenu(r.left + 40, r.top + 40, 'Copy the selection', copyMenuItems(grid), grid.scroller);
  } else {
    const page = Math.floor(grid.bodyViewportHeight() / ROW_HEIGHT) - 1;
    const next = moveSelection(grid.sel?.focus ?? null, e.key, mod, { rows: grid.visibleRowCount, columns: grid.columnCount, page });
    if (!next) return;
    e.preventDefault();
    grid.setSelection(e.shiftKey ? extendTo(grid.sel, next) : single(next), true);
  }
}

export function wireGrid(grid: Grid): void {
  let stateTimer: ReturnType<typeof setTimeout> | undefined;
  let filterTimer: ReturnType<typeof setTimeout> | undefined;
  grid.scroller.addEventListener('scroll', () => {
    grid.schedule();
    clearTimeout(stateTimer);
    stateTimer = setTimeout(() => grid.opts.changed?.(), STATE_DEBOUNCE_MS);
  });
  wireHeader(grid);
  wireBody(grid);
  grid.scroller.addEventListener('keydown', (e) => onKey(grid, e));
  grid.filterInput.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => grid.applyFilter(grid.filterInput.value), FILTER_DEBOUNCE_MS);
  });
  grid.filterInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      clearTimeout(filterTimer);
      grid.applyFilter(grid.filterInput.value);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      grid.focus();
      if (!grid.sel && grid.visibleRowCount > 0) grid.select({ row: 0, col: 0 }, true);
    }
  });
}
