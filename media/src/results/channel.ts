/** The results webview's side of src/shared/resultsProtocol.ts: validated inbound messages, requests with ids. */
import { parseResultsHostMessage, type ResultsHostMessage } from '../../../src/shared/resultsProtocol';
import { createChannel, type Channel, type Response } from '../requestChannel';

export type { Response };
type Inbound = Exclude<ResultsHostMessage, { type: 'response' }>;
type Request = { type: 'rerun' } | { type: 'cancel' } | { type: 'copy'; text: string };

let channel: Channel<Inbound, Request> | undefined;

/** Listens to the host; malformed messages are dropped. Responses settle their request. */
export function onResultsHostMessage(handler: (message: Inbound) => void): void {
  channel = createChannel<Inbound, Request>(parseResultsHostMessage, handler);
}

/** Sends a request; resolves with the host's response, or { ok: false } after 10 s without one. */
export function request(req: Request): Promise<Response> {
  return channel ? channel.request(req) : Promise.resolve({ ok: false, message: 'The results view is not connected yet.' });
}

export function sendReady(): void {
  channel?.ready();
}
