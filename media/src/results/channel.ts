/** The results webview's side of src/shared/resultsProtocol.ts: validated inbound messages, requests with ids. */
import { parseResultsHostMessage, type ResultsHostMessage } from '../../../src/shared/resultsProtocol';
import { createRequestChannel, type Response } from '../requestChannel';

type Request = { type: 'rerun' } | { type: 'cancel' } | { type: 'copy'; text: string };
export type { Response };

const channel = createRequestChannel<ResultsHostMessage, Request>(parseResultsHostMessage);

/** Listens to the host; malformed messages are dropped. Responses settle their request. */
export function onResultsHostMessage(handler: (message: Exclude<ResultsHostMessage, { type: 'response' }>) => void): void {
  channel.listen(handler);
}

/** Sends a request; resolves with the host's response, or { ok: false } after 10 s without one. */
export function request(req: Request): Promise<Response> {
  return channel.request(req);
}

export function sendReady(): void {
  channel.ready();
}
