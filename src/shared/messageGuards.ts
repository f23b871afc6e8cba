/**
 * Guards shared by the webview protocols (results, diagnostics, migrations): both sides validate every
 * message they receive with these before use.
 */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isRequestId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 31;
export const isString = (v: unknown): v is string => typeof v === 'string';

/** The host's answer to a webview request. */
export interface ResponseMessage {
  type: 'response';
  requestId: number;
  ok: boolean;
  message?: string;
}

/** A well-formed `response` (any `type` field is assumed checked by the caller), else undefined. */
export function parseResponse(value: Record<string, unknown>): ResponseMessage | undefined {
  if (!isRequestId(value.requestId) || typeof value.ok !== 'boolean') return undefined;
  if (value.message !== undefined && !isString(value.message)) return undefined;
  return value.message === undefined ? { type: 'response', requestId: value.requestId, ok: value.ok } : { type: 'response', requestId: value.requestId, ok: value.ok, message: value.message };
}
