import { isRecord } from '../../shared/messageGuards';
import { parseSnapshot, type ResultSnapshot } from '../../shared/resultsSnapshot';

/** The result a results panel showed before a window reload, from the state its webview saved (`snapshot`), or null. */
export function revivedState(saved: unknown): ResultSnapshot | null {
  return isRecord(saved) ? parseSnapshot(saved.snapshot) : null;
}
