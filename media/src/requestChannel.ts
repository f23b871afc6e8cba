/** A webview's side of a typed protocol: validated inbound messages, requests answered by `response` of the same id. */
import { vscode } from './vscodeApi';

export interface Response {
  ok: boolean;
  message?: string;
}

type ResponseMsg = { type: 'response'; requestId: number; ok: boolean; message?: string };

const REQUEST_TIMEOUT_MS = 10_000;

export interface Channel<In, Req> {
  /** Sends a request; resolves with the host's response, or { ok: false } after 10 s without one. */
  request(req: Req): Promise<Response>;
  ready(): void;
}

/** Listens to the host through `parse` (malformed messages are dropped); responses settle their request. */
export function createChannel<In extends { type: string }, Req extends object>(parse: (value: unknown) => In | ResponseMsg | undefined, handler: (message: In) => void): Channel<In, Req> {
  const api = vscode as unknown as { postMessage(message: unknown): void };
  const pending = new Map<number, (r: Response) => void>();
  let nextId = 1;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const msg = parse(event.data);
    if (!msg) return;
    if (msg.type === 'response') {
      const r = msg as ResponseMsg;
      const settle = pending.get(r.requestId);
      pending.delete(r.requestId);
      settle?.(r.message === undefined ? { ok: r.ok } : { ok: r.ok, message: r.message });
      return;
    }
    handler(msg as In);
  });
  return {
    request(req: Req): Promise<Response> {
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
    },
    ready(): void {
      api.postMessage({ type: 'ready' });
    },
  };
}
