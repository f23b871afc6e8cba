import { parseSnapshot, type ResultSnapshot } from '../../shared/resultsSnapshot';

/** The result a results panel showed before a window reload, from the state its webview saved (`snapshot`), or null. */
export function revivedState(saved: unknown): ResultSnapshot | null {
  if (typeof saved !== 'object' || saved === null) return null;
  return parseSnapshot((saved as Record<string, unknown>).snapshot);
}
