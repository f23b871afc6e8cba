/**
 * Messages between the extension host and the Diagnose Connection webview. Both sides import this
 * file and validate what they receive: the host with {@link parseDiagnosticsWebviewMessage}, the
 * webview with {@link parseDiagnosticsHostMessage}.
 *
 * The webview says `ready` first; requests from the webview carry a `requestId` and the host
 * answers each with a `response` of the same id.
 */
import { isRecord, isRequestId, isString, parseResponse } from './messageGuards';
import { ROOT_CAUSES, type CheckResult, type DiagnosisReport, type SourceLocation } from './diagnostics';

export type DiagnosticsHostMessage =
  /** A run on the container has started; the last report (if any) stays on screen, dimmed. */
  | { type: 'running'; container: string }
  /** The latest report; `seq` grows with each run (a reloaded webview gets the same seq again). */
  | { type: 'report'; seq: number; report: DiagnosisReport }
  /** The run could not produce a report (e.g. an unexpected error); the last report stays. */
  | { type: 'failed'; container: string; message: string }
  | { type: 'response'; requestId: number; ok: boolean; message?: string };

export type DiagnosticsWebviewMessage =
  | { type: 'ready' }
  | { type: 'rerun'; requestId: number }
  /** Put the report on the clipboard as Markdown (the host formats it: it knows the environment). */
  | { type: 'copyMarkdown'; requestId: number }
  /** Open a workspace file at a line; the host opens only locations that the current report names. */
  | { type: 'openLocation'; requestId: number; location: SourceLocation };

const VERDICTS = ['ok', 'degraded', 'down'];
const TRANSPORTS = ['direct', 'exec', 'none'];
const STATUSES = ['pass', 'warn', 'fail', 'skip'];
const MAX_PATH_CHARS = 4096;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const optional = (v: unknown, test: (x: unknown) => boolean): boolean => v === undefined || test(v);

export function isSourceLocation(v: unknown): v is SourceLocation {
  return isRecord(v) && isString(v.file) && v.file.length > 0 && v.file.length <= MAX_PATH_CHARS && isPositiveInt(v.line) && optional(v.column, isPositiveInt);
}

function isCheck(v: unknown): v is CheckResult {
  return (
    isRecord(v) &&
    isString(v.id) &&
    isString(v.title) &&
    isString(v.layer) &&
    STATUSES.includes(v.status as string) &&
    isCount(v.ms) &&
    isString(v.detail) &&
    optional(v.fix, isString) &&
    optional(v.code, isString) &&
    optional(v.location, isSourceLocation)
  );
}

/** Checks every field the webview reads. */
export function isDiagnosisReport(v: unknown): v is DiagnosisReport {
  return (
    isRecord(v) &&
    isString(v.container) &&
    VERDICTS.includes(v.verdict as string) &&
    (ROOT_CAUSES as readonly unknown[]).includes(v.rootCause) &&
    TRANSPORTS.includes(v.transport as string) &&
    isString(v.summary) &&
    Array.isArray(v.fixSteps) &&
    v.fixSteps.every(isString) &&
    Array.isArray(v.checks) &&
    v.checks.every(isCheck) &&
    isCount(v.ms) &&
    isString(v.startedAt)
  );
}

/** Host side: the message when it is well-formed, else undefined. */
export function parseDiagnosticsWebviewMessage(value: unknown): DiagnosticsWebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rerun':
    case 'copyMarkdown':
      return isRequestId(value.requestId) ? { type: value.type, requestId: value.requestId } : undefined;
    case 'openLocation': {
      if (!isRequestId(value.requestId) || !isSourceLocation(value.location)) return undefined;
      const { file, line, column } = value.location;
      return { type: 'openLocation', requestId: value.requestId, location: column === undefined ? { file, line } : { file, line, column } };
    }
    default:
      return undefined;
  }
}

/** Webview side: the message when it is well-formed, else undefined. */
export function parseDiagnosticsHostMessage(value: unknown): DiagnosticsHostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'running':
      return isString(value.container) ? { type: 'running', container: value.container } : undefined;
    case 'report':
      return isRequestId(value.seq) && isDiagnosisReport(value.report) ? { type: 'report', seq: value.seq, report: value.report } : undefined;
    case 'failed':
      return isString(value.container) && isString(value.message) ? { type: 'failed', container: value.container, message: value.message } : undefined;
    case 'response':
      return parseResponse(value);
    default:
      return undefined;
  }
}

/** Whether `location` is one the report names (the host opens nothing else on the webview's say-so). */
export function reportNamesLocation(report: DiagnosisReport, location: SourceLocation): boolean {
  return report.checks.some((c) => c.location && c.location.file === location.file && c.location.line === location.line);
}
