/** The results grid's header cells for the columns on screen: name, type, sort button, resize handle. */
import type { ResultColumn } from '../../../src/shared/results';
import { inRect, type Rect } from '../../../src/shared/grid/selection';
import type { SortSpec } from '../../../src/shared/grid/sortFilter';
import { el } from '../dom';
import { codicon } from './codicon';

export interface HeaderModel {
  columns: readonly ResultColumn[];
  numeric: readonly boolean[];
  widths: readonly number[];
  sort: SortSpec | null;
  rowCount: number;
  rowNumberWidth: number;
}

/** The corner cell (select all), then the header cells of columns `first`..`end - 1`. */
export function headerCells(m: HeaderModel, first: number, end: number, rect: Rect | null): HTMLElement[] {
  const corner = el('div', { role: 'columnheader', class: 'cell rownum', 'aria-colindex': '1', title: 'Select all (Ctrl+A)', 'data-corner': '' }, '#');
  corner.style.width = `${m.rowNumberWidth}px`;
  const cells: HTMLElement[] = [corner];
  for (let i = first; i < end; i++) {
    const c = m.columns[i];
    const dir = m.sort?.column === i ? m.sort.direction : null;
    const sortButton = el('button', { type: 'button', class: 'sort-button', tabindex: '-1', 'data-sort': String(i), title: `Sort by ${c.name}`, 'aria-label': `Sort by ${c.name}` }, codicon(dir === 'asc' ? 'arrow-up' : dir === 'desc' ? 'arrow-down' : 'arrow-swap'));
    const selected = rect?.top === 0 && rect.bottom === m.rowCount - 1 && inRect(rect, 0, i);
    const h = el('div', {
      role: 'columnheader',
      class: `cell header-cell${m.numeric[i] ? ' num' : ''}${dir ? ' sorted' : ''}${selected ? ' selected' : ''}`,
      'aria-colindex': String(i + 2),
      'aria-sort': dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none',
      title: `${c.name}: ${c.type}. Click to select the column; the arrow sorts; drag the edge to resize, double-click it to fit.`,
      'data-col': String(i),
    }, el('span', { class: 'col-name' }, c.name), el('span', { class: 'col-type' }, c.type), sortButton, el('span', { class: 'col-resize', 'data-resize': String(i), 'aria-hidden': 'true' }));
    h.style.width = `${m.widths[i]}px`;
    cells.push(h);
  }
  return cells;
}
