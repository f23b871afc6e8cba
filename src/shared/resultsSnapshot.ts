/**
 * What the results webview keeps in its saved state (vscode.setState) so the panel can come back
 * after a window reload without running the query again: the result with at most a few rows per
 * result set, within a character budget, so large results don't bloat the state VS Code stores.
 */
import type { QueryResult } from './results';
import { isRecord } from './messageGuards';
import { isQueryResult, isResultMeta, type ResultMeta } from './resultsProtocol';

/** Rows kept per result set at most. */
export const SNAPSHOT_MAX_ROWS = 1000;
/** Characters of values kept in all at most. */
export const SNAPSHOT_MAX_CHARS = 1_000_000;

export interface ResultSnapshot {
  target: string;
  seq: number;
  result: QueryResult;
  meta: ResultMeta;
}

function rowChars(row: ReadonlyArray<string | null>): number {
  let n = 0;
  for (const v of row) n += v === null ? 4 : v.length + 2;
  return n;
}

/** The largest row count per result set (≤ maxRows) whose values fit `maxChars` over every set. */
export function snapshotRowCap(result: QueryResult, maxRows = SNAPSHOT_MAX_ROWS, maxChars = SNAPSHOT_MAX_CHARS): number {
  let used = 0;
  for (let n = 0; n < maxRows; n++) {
    let any = false;
    for (const set of result.results) {
      const row = set.rows[n];
      if (!row) continue;
      any = true;
      used += rowChars(row);
      if (used > maxChars) return n;
    }
    if (!any) return maxRows;
  }
  return maxRows;
}

/** The snapshot to save; `meta.restoredRowCap` says how many rows per set were kept when some were left out. */
export function makeSnapshot(target: string, seq: number, result: QueryResult, meta: ResultMeta, maxRows = SNAPSHOT_MAX_ROWS, maxChars = SNAPSHOT_MAX_CHARS): ResultSnapshot {
  const cap = snapshotRowCap(result, maxRows, maxChars);
  const cut = result.results.some((r) => r.rows.length > cap);
  if (!cut) return { target, seq, result, meta };
  const results = result.results.map((r) => (r.rows.length > cap ? { ...r, rows: r.rows.slice(0, cap) } : r));
  return { target, seq, result: { ...result, results }, meta: { ...meta, restoredRowCap: Math.min(cap, meta.restoredRowCap ?? cap) } };
}

/** Reads a snapshot back (the saved state comes from the webview: checked like any inbound message). */
export function parseSnapshot(v: unknown): ResultSnapshot | null {
  if (!isRecord(v)) return null;
  if (typeof v.target !== 'string' || !Number.isInteger(v.seq) || (v.seq as number) < 0) return null;
  if (!isQueryResult(v.result) || !isResultMeta(v.meta)) return null;
  return { target: v.target, seq: v.seq as number, result: v.result, meta: v.meta };
}
