/**
 * Keyboard navigation of the results grid as a pure function: where the selection goes for a key.
 * Column -1 is the row-number column (the whole row is selected).
 */
export interface GridPosition {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  columns: number;
  /** Rows a PageUp/PageDown moves. */
  page: number;
}

/** Keeps a position inside the grid (column -1 allowed); null when the grid has no rows. */
export function clampPosition(pos: GridPosition, size: GridSize): GridPosition | null {
  if (size.rows <= 0) return null;
  return { row: Math.min(Math.max(pos.row, 0), size.rows - 1), col: Math.min(Math.max(pos.col, -1), size.columns - 1) };
}

/**
 * The position after `key` (ArrowUp/Down/Left/Right, PageUp/Down, Home/End; with `mod` (Ctrl/Cmd)
 * Home/End go to the first/last row), or null when the key does not move the selection. With
 * nothing selected, any move starts at the first cell.
 */
export function moveSelection(current: GridPosition | null, key: string, mod: boolean, size: GridSize): GridPosition | null {
  const cur = current ?? { row: 0, col: 0 };
  const page = Math.max(1, size.page);
  let next: GridPosition;
  switch (key) {
    case 'ArrowDown':
      next = current ? { row: cur.row + 1, col: cur.col } : cur;
      break;
    case 'ArrowUp':
      next = { row: cur.row - 1, col: cur.col };
      break;
    case 'ArrowLeft':
      next = { row: cur.row, col: cur.col - 1 };
      break;
    case 'ArrowRight':
      next = { row: cur.row, col: cur.col + 1 };
      break;
    case 'PageDown':
      next = { row: cur.row + page, col: cur.col };
      break;
    case 'PageUp':
      next = { row: cur.row - page, col: cur.col };
      break;
    case 'Home':
      next = mod ? { row: 0, col: cur.col } : { row: cur.row, col: 0 };
      break;
    case 'End':
      next = mod ? { row: size.rows - 1, col: cur.col } : { row: cur.row, col: size.columns - 1 };
      break;
    default:
      return null;
  }
  return clampPosition(next, size);
}
