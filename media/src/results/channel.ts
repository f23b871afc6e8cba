/** The results webview's side of src/shared/resultsProtocol.ts: validated inbound messages, requests with ids. */
import { parseResultsHostMessage, type ResultsHostMessage, type ResultsWebviewMessage } from '../../../src/shared/resultsProtocol';
import { vscode } from '../vscodeApi';

type Outbound = ResultsWebviewMessage;
type Request = { type: 'rerun' } | { type: 'cancel' } | { type: 'copy'; text: string };
export interface Response {
  ok: boolean;
  message?: string;
}

const api = vscode as unknown as { postMessage(message: Outbound): void };
const pending = new Map<number, (r: Response) => void>();
let nextId = 1;
const REQUEST_TIMEOUT_MS = 10_000;

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

/** Sends a request; resolves with the host's response, or { ok: false } after 10 s without one. */
export function request(req: Request): Promise<Response> {
  const requestId = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(requestId);
      resolve({ ok: false, message: 'VS Code did not answer.' });
    }, REQUEST_TIMEOUT_MS);
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
