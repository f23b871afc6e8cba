/**
 * Messages between the extension host and the results panel's webview. Both sides import this
 * file and validate what they receive: the host with {@link parseResultsWebviewMessage}, the
 * webview with {@link parseResultsHostMessage}.
 *
 * Requests from the webview carry a `requestId`; the host answers each with a `response` of the same id.
 */
import { isRecord, isRequestId, isString, parseResponse } from './messageGuards';
import { isTextFormat, type TextFormat } from './grid/formats';
import type { QueryError, QueryNotice, QueryResult, ResultColumn, StatementResult } from './results';

/** Where the SQL of a run came from: enough to run it again and to point at an error, also after a window reload. */
export interface RunSource {
  /** The SQL document's URI. */
  uri: string;
  /** The exact SQL sent. */
  sql: string;
  /** Offset of `sql` in the document when it ran. */
  offset: number;
  /** Run File (true) or Run Query. */
  wholeFile: boolean;
}

/** About a result, beside the data: how to show and what the toolbar offers. */
export interface ResultMeta {
  /** What NULL copies and exports as in TSV and Markdown (setting dockerDb.results.nullToken). */
  nullToken: string;
  /** A result set was cut at the row limit and "Fetch All Rows" can run the query again without it. */
  canFetchAll: boolean;
  /** This panel is pinned: the next run opens a new panel. */
  pinned: boolean;
  /** The error can be revealed in the SQL editor it came from. */
  canRevealError: boolean;
  /** When the run finished (ms since the epoch). */
  finishedAt: number;
  /** Where the SQL came from (absent: not from an editor). */
  source?: RunSource;
  /** Restored after a window reload from the webview's saved state: rows beyond this many per result set were not kept. */
  restoredRowCap?: number;
}

export type ResultsHostMessage =
  /** The latest result for the panel's target; `seq` grows with each run (a reloaded webview gets the same seq again). */
  | { type: 'result'; target: string; seq: number; result: QueryResult; meta: ResultMeta }
  /** The panel was pinned or unpinned. */
  | { type: 'pinned'; pinned: boolean }
  /** A run on the target has started; the webview offers Cancel. */
  | { type: 'running'; target: string }
  /** The run ended without a result (cancelled or failed); the last result, if any, stays. */
  | { type: 'failed'; target: string; message: string }
  | { type: 'response'; requestId: number; ok: boolean; message?: string };

export type ResultsWebviewMessage =
  | { type: 'ready' }
  | { type: 'rerun'; requestId: number }
  | { type: 'cancel'; requestId: number }
  | { type: 'copy'; requestId: number; text: string }
  /** Save result set `index` (of those with columns, in tab order) to a file the user picks. */
  | { type: 'export'; requestId: number; index: number; format: TextFormat }
  /** Show the error's position in the SQL editor the query came from. */
  | { type: 'revealError'; requestId: number }
  /** Run the query again without the row limit. */
  | { type: 'fetchAll'; requestId: number }
  | { type: 'pin'; requestId: number; pinned: boolean };

/** Largest clipboard text the host accepts from the webview. */
export const MAX_COPY_CHARS = 10_000_000;

const isNullableNumber = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Host side: the message when it is well-formed, else undefined. */
export function parseResultsWebviewMessage(value: unknown): ResultsWebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rerun':
    case 'cancel':
    case 'revealError':
    case 'fetchAll':
      return isRequestId(value.requestId) ? { type: value.type, requestId: value.requestId } : undefined;
    case 'copy':
      return isRequestId(value.requestId) && isString(value.text) && value.text.length <= MAX_COPY_CHARS
        ? { type: 'copy', requestId: value.requestId, text: value.text }
        : undefined;
    case 'export':
      return isRequestId(value.requestId) && isRequestId(value.index) && isTextFormat(value.format) && value.format !== 'tsv' ? { type: 'export', requestId: value.requestId, index: value.index, format: value.format } : undefined;
    case 'pin':
      return isRequestId(value.requestId) && typeof value.pinned === 'boolean' ? { type: 'pin', requestId: value.requestId, pinned: value.pinned } : undefined;
    default:
      return undefined;
  }
}

function isColumn(v: unknown): v is ResultColumn {
  return isRecord(v) && isString(v.name) && isString(v.type);
}

function isStatement(v: unknown): v is StatementResult {
  if (!isRecord(v) || !isString(v.command) || !Array.isArray(v.columns) || !Array.isArray(v.rows)) return false;
  if (!isNullableNumber(v.rowCount) || typeof v.truncated !== 'boolean' || !v.columns.every(isColumn)) return false;
  const width = v.columns.length;
  for (const row of v.rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== width) return false;
    for (const cell of row) if (cell !== null && typeof cell !== 'string') return false;
  }
  return true;
}

function isNotice(v: unknown): v is QueryNotice {
  return isRecord(v) && isString(v.severity) && isString(v.message) && (v.code === undefined || isString(v.code));
}

function isError(v: unknown): v is QueryError {
  return (
    isRecord(v) &&
    isString(v.message) &&
    isNullableString(v.code) &&
    isNullableNumber(v.position) &&
    isNullableNumber(v.statementIndex) &&
    (v.detail === undefined || isString(v.detail)) &&
    (v.hint === undefined || isString(v.hint))
  );
}

/** Checks every field the webview reads, down to each cell (string or null). */
export function isQueryResult(v: unknown): v is QueryResult {
  return (
    isRecord(v) &&
    (v.transport === 'direct' || v.transport === 'exec') &&
    isString(v.transportReason) &&
    isString(v.database) &&
    isString(v.user) &&
    Array.isArray(v.results) &&
    v.results.every(isStatement) &&
    Array.isArray(v.notices) &&
    v.notices.every(isNotice) &&
    (v.error === null || isError(v.error)) &&
    typeof v.ms === 'number' &&
    Number.isFinite(v.ms) &&
    (v.outputCapped === undefined || typeof v.outputCapped === 'boolean')
  );
}

export function isResultMeta(v: unknown): v is ResultMeta {
  return (
    isRecord(v) &&
    isString(v.nullToken) &&
    v.nullToken.length <= 100 &&
    typeof v.canFetchAll === 'boolean' &&
    typeof v.pinned === 'boolean' &&
    typeof v.canRevealError === 'boolean' &&
    typeof v.finishedAt === 'number' &&
    Number.isFinite(v.finishedAt) &&
    (v.restoredRowCap === undefined || isRequestId(v.restoredRowCap)) &&
    (v.source === undefined || isRunSource(v.source))
  );
}

function isRunSource(v: unknown): v is RunSource {
  return isRecord(v) && isString(v.uri) && isString(v.sql) && isRequestId(v.offset) && typeof v.wholeFile === 'boolean';
}

/** Webview side: the message when it is well-formed, else undefined. */
export function parseResultsHostMessage(value: unknown): ResultsHostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'result':
      return isString(value.target) && isRequestId(value.seq) && isQueryResult(value.result) && isResultMeta(value.meta) ? { type: 'result', target: value.target, seq: value.seq, result: value.result, meta: value.meta } : undefined;
    case 'pinned':
      return typeof value.pinned === 'boolean' ? { type: 'pinned', pinned: value.pinned } : undefined;
    case 'running':
      return isString(value.target) ? { type: 'running', target: value.target } : undefined;
    case 'failed':
      return isString(value.target) && isString(value.message) ? { type: 'failed', target: value.target, message: value.message } : undefined;
    case 'response':
      return parseResponse(value);
    default:
      return undefined;
  }
}
