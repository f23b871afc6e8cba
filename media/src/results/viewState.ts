/**
 * The results webview's remembered state (vscode.setState): which tab, each grid's sort, filter,
 * widths and scroll position, and a capped snapshot of the result (src/shared/resultsSnapshot.ts)
 * so that the serializer can bring the panel back after a window reload without running the query.
 * Read back defensively.
 */
import type { ResultSnapshot } from '../../../src/shared/resultsSnapshot';
import type { GridViewState } from './grid';
import { vscode } from '../vscodeApi';

export interface SavedView {
  target: string;
  seq: number;
  tab: number;
  grids: GridViewState[];
  snapshot?: ResultSnapshot;
}

function isGridState(v: unknown): v is GridViewState {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  const sort = g.sort as Record<string, unknown> | null;
  const sortOk = sort === null || (typeof sort === 'object' && Number.isInteger(sort.column) && (sort.direction === 'asc' || sort.direction === 'desc'));
  const widthsOk = g.widths === undefined || (Array.isArray(g.widths) && g.widths.length <= 10_000 && g.widths.every((w) => typeof w === 'number' && Number.isFinite(w)));
  const leftOk = g.scrollLeft === undefined || (typeof g.scrollLeft === 'number' && Number.isFinite(g.scrollLeft));
  return sortOk && widthsOk && leftOk && typeof g.filter === 'string' && g.filter.length <= 10_000 && typeof g.scrollTop === 'number' && Number.isFinite(g.scrollTop);
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
