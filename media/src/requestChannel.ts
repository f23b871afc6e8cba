/**
 * A webview's side of a typed protocol: inbound messages validated by the protocol's parser
 * (malformed ones dropped), requests with ids settled by the host's `response`, `ready` to start.
 */
import type { ResponseMessage } from '../../src/shared/messageGuards';
import { vscode } from './vscodeApi';

export interface Response {
  ok: boolean;
  message?: string;
}

export interface RequestChannel<In, Req extends { type: string }> {
  /** Listens to the host; responses settle their request, everything else goes to `handler`. */
  listen(handler: (message: Exclude<In, ResponseMessage>) => void): void;
  /** Sends a request; resolves with the host's response, or { ok: false } after `timeoutMs` (default 10 s) without one. */
  request(req: Req, timeoutMs?: number): Promise<Response>;
  ready(): void;
}

const REQUEST_TIMEOUT_MS = 10_000;

export function createRequestChannel<In extends { type: string }, Req extends { type: string }>(parse: (value: unknown) => In | undefined): RequestChannel<In, Req> {
  const api = vscode as unknown as { postMessage(message: unknown): void };
  const pending = new Map<number, (r: Response) => void>();
  let nextId = 1;
  return {
    listen(handler) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const msg = parse(event.data);
        if (!msg) return;
        if (msg.type === 'response') {
          const r = msg as unknown as ResponseMessage;
          const settle = pending.get(r.requestId);
          pending.delete(r.requestId);
          settle?.(r.message === undefined ? { ok: r.ok } : { ok: r.ok, message: r.message });
          return;
        }
        handler(msg as Exclude<In, ResponseMessage>);
      });
    },
    request(req, timeoutMs = REQUEST_TIMEOUT_MS) {
      const requestId = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(requestId);
          resolve({ ok: false, message: 'VS Code did not answer.' });
        }, timeoutMs);
        pending.set(requestId, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        api.postMessage({ ...req, requestId });
      });
    },
    ready() {
      api.postMessage({ type: 'ready' });
    },
  };
}
