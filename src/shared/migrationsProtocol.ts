/**
 * Messages between the extension host and the migrations webview. Both sides validate what they
 * receive: the host with {@link parseMigrationsWebviewMessage}, the webview with
 * {@link parseMigrationsHostMessage}. The webview says `ready` first; the host sends nothing before.
 * Requests from the webview carry a `requestId`; the host answers each with a `response` of the same id.
 */
import type { ExpectedSchemaFinding, IdempotencyFinding, MigrationReport, ToolStatus } from './migrations';
import { MIGRATION_TOOL_NAMES } from './migrations';
import { isRecord, isRequestId, isString, parseResponse, type ResponseMessage } from './messageGuards';

export type MigrationsHostMessage =
  /** The status of `container` is being computed; the last report, if any, stays. */
  | { type: 'loading'; container: string }
  /** The latest report; `seq` grows with each computation. */
  | { type: 'report'; container: string; seq: number; report: MigrationReport }
  /** Computing failed; says what happened and what to do. */
  | { type: 'error'; container: string; message: string }
  | ResponseMessage;

export type MigrationsWebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh'; requestId: number }
  /** Open a migration's file (one the last report lists); `id` lets the host find a changeset's line. */
  | { type: 'open'; requestId: number; file: string; id?: string; line?: number };

const MAX_PATH_CHARS = 4096;

const isOptString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const isOptBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10_000_000;
const arrayOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);

/** Host side: the message when it is well-formed, else undefined. */
export function parseMigrationsWebviewMessage(value: unknown): MigrationsWebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'refresh':
      return isRequestId(value.requestId) ? { type: 'refresh', requestId: value.requestId } : undefined;
    case 'open': {
      if (!isRequestId(value.requestId) || !isString(value.file) || value.file === '' || value.file.length > MAX_PATH_CHARS) return undefined;
      if (value.id !== undefined && !(isString(value.id) && value.id.length <= MAX_PATH_CHARS)) return undefined;
      if (value.line !== undefined && !isLine(value.line)) return undefined;
      const msg: MigrationsWebviewMessage = { type: 'open', requestId: value.requestId, file: value.file };
      if (value.id !== undefined) msg.id = value.id;
      if (value.line !== undefined) msg.line = value.line;
      return msg;
    }
    default:
      return undefined;
  }
}

const withId = (v: unknown): v is Record<string, unknown> => isRecord(v) && isString(v.id);

function isFinding(v: unknown): v is IdempotencyFinding {
  return isRecord(v) && isString(v.file) && isLine(v.line) && typeof v.column === 'number' && isString(v.rule) && isString(v.message);
}

function isTool(v: unknown): v is ToolStatus {
  return (
    isRecord(v) &&
    isString(v.tool) &&
    Object.prototype.hasOwnProperty.call(MIGRATION_TOOL_NAMES, v.tool) &&
    isOptString(v.table) &&
    isOptString(v.dir) &&
    arrayOf(v.applied, (a) => withId(a) && isOptString(a.name) && isOptString(a.appliedAt) && isOptBool(a.checksumOk) && isOptString(a.file) && isOptBool(a.outOfOrder)) &&
    arrayOf(v.pending, (p) => withId(p) && isString(p.file) && isOptString(p.name) && isOptBool(p.outOfOrder)) &&
    arrayOf(v.missing, (m) => withId(m) && isOptString(m.name)) &&
    arrayOf(v.failed, (f) => withId(f) && isString(f.detail) && isOptString(f.file)) &&
    arrayOf(v.checksumMismatch, (c) => withId(c) && isString(c.file) && isString(c.expected) && isString(c.actual)) &&
    arrayOf(v.idempotency, isFinding) &&
    arrayOf(v.notes, isString)
  );
}

const isSchemaFinding = (v: unknown): v is ExpectedSchemaFinding => isRecord(v) && isString(v.table) && isOptString(v.column);

/** Checks every field the webview reads. */
export function isMigrationReport(v: unknown): v is MigrationReport {
  return (
    isRecord(v) &&
    isString(v.database) &&
    isOptString(v.container) &&
    (v.transport === undefined || v.transport === 'direct' || v.transport === 'exec') &&
    arrayOf(v.tools, isTool) &&
    arrayOf(v.missingSchema, isSchemaFinding) &&
    typeof v.ms === 'number' &&
    Number.isFinite(v.ms)
  );
}

/** Webview side: the message when it is well-formed, else undefined. */
export function parseMigrationsHostMessage(value: unknown): MigrationsHostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'loading':
      return isString(value.container) ? { type: 'loading', container: value.container } : undefined;
    case 'report':
      return isString(value.container) && isRequestId(value.seq) && isMigrationReport(value.report) ? { type: 'report', container: value.container, seq: value.seq, report: value.report } : undefined;
    case 'error':
      return isString(value.container) && isString(value.message) ? { type: 'error', container: value.container, message: value.message } : undefined;
    case 'response':
      return parseResponse(value);
    default:
      return undefined;
  }
}
