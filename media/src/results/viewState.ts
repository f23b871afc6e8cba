/**
 * The results webview's remembered UI state (vscode.setState): which tab, and each grid's sort,
 * filter and scroll position, for the result `seq` of `target`. VS Code hands it back when the
 * hidden panel is shown again (retainContextWhenHidden is off). Read back defensively.
 */
import type { GridViewState } from './grid';
import { vscode } from '../vscodeApi';

export interface SavedView {
  target: string;
  seq: number;
  tab: number;
  grids: GridViewState[];
}

function isGridState(v: unknown): v is GridViewState {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  const sort = g.sort as Record<string, unknown> | null;
  const sortOk = sort === null || (typeof sort === 'object' && Number.isInteger(sort.column) && (sort.direction === 'asc' || sort.direction === 'desc'));
  return sortOk && typeof g.filter === 'string' && g.filter.length <= 10_000 && typeof g.scrollTop === 'number' && Number.isFinite(g.scrollTop);
}

export function loadView(): SavedView | null {
  const v = vscode.getState() as Record<string, unknown> | undefined | null;
  if (!v || typeof v !== 'object') return null;
  if (typeof v.target !== 'string' || !Number.isInteger(v.seq) || !Number.isInteger(v.tab) || !Array.isArray(v.grids) || !v.grids.every(isGridState)) return null;
  return { target: v.target, seq: v.seq as number, tab: v.tab as number, grids: v.grids as GridViewState[] };
}

export function saveView(view: SavedView): void {
  vscode.setState(view);
}
