/** The results webview's side of src/shared/resultsProtocol.ts: validated inbound messages, requests with ids. */
import { parseResultsHostMessage, type ResultsHostMessage, type ResultsWebviewMessage } from '../../../src/shared/resultsProtocol';
import { vscode } from '../vscodeApi';

type Outbound = ResultsWebviewMessage;
type WithoutId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
/** A request to the host: any webview message but `ready`, without its id. */
export type Request = WithoutId<Exclude<ResultsWebviewMessage, { type: 'ready' }>>;
export interface Response {
  ok: boolean;
  message?: string;
}

const api = vscode as unknown as { postMessage(message: Outbound): void };
const pending = new Map<number, (r: Response) => void>();
let nextId = 1;
const REQUEST_TIMEOUT_MS = 10_000;
/** Export waits for the save dialog and the file; revealing may open a document. */
const SLOW_REQUEST_TIMEOUT_MS = 30 * 60_000;

/** Listens to the host; malformed messages are dropped. Responses settle their request. */
export function onResultsHostMessage(handler: (message: Exclude<ResultsHostMessage, { type: 'response' }>) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const msg = parseResultsHostMessage(event.data);
    if (!msg) return;
    if (msg.type === 'response') {
      const settle = pending.get(msg.requestId);
      pending.delete(msg.requestId);
      settle?.(msg.message === undefined ? { ok: msg.ok } : { ok: msg.ok, message: msg.message });
      return;
    }
    handler(msg);
  });
}

/** Sends a request; resolves with the host's response, or { ok: false } when none comes in time (10 s; export: 30 min). */
export function request(req: Request): Promise<Response> {
  const requestId = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(requestId);
      resolve({ ok: false, message: 'VS Code did not answer.' });
    }, req.type === 'export' || req.type === 'revealError' ? SLOW_REQUEST_TIMEOUT_MS : REQUEST_TIMEOUT_MS);
    pending.set(requestId, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    api.postMessage({ ...req, requestId });
  });
}

export function sendReady(): void {
  api.postMessage({ type: 'ready' });
}
