/** The results webview's side of src/shared/resultsProtocol.ts: validated inbound messages, requests with ids. */
import { parseResultsHostMessage, type ResultsHostMessage, type ResultsWebviewMessage } from '../../../src/shared/resultsProtocol';
import { createRequestChannel, type Response } from '../requestChannel';

type WithoutId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
/** A request to the host: any webview message but `ready`, without its id. */
export type Request = WithoutId<Exclude<ResultsWebviewMessage, { type: 'ready' }>>;
export type { Response };

/** Export waits for the save dialog and the file; revealing may open a document. */
const SLOW_REQUEST_TIMEOUT_MS = 30 * 60_000;

const channel = createRequestChannel<ResultsHostMessage, Request>(parseResultsHostMessage);

/** Listens to the host; malformed messages are dropped. Responses settle their request. */
export function onResultsHostMessage(handler: (message: Exclude<ResultsHostMessage, { type: 'response' }>) => void): void {
  channel.listen(handler);
}

/** Sends a request; resolves with the host's response, or { ok: false } when none comes in time (10 s; export: 30 min). */
export function request(req: Request): Promise<Response> {
  return channel.request(req, req.type === 'export' || req.type === 'revealError' ? SLOW_REQUEST_TIMEOUT_MS : undefined);
}

export function sendReady(): void {
  channel.ready();
}
