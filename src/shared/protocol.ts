/**
 * Messages between the extension host and the webview app. Both sides import this file;
 * the host validates every inbound message with {@link parseWebviewMessage} before use.
 */
import type { ContainerDetails } from './details';

export type HostMessage =
  | { type: 'details'; details: ContainerDetails }
  | { type: 'error'; message: string }
  | { type: 'loading' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copy'; text: string };

/** Returns the message when it is well-formed, else undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const msg = value as Record<string, unknown>;
  switch (msg.type) {
    case 'ready':
    case 'refresh':
      return { type: msg.type };
    case 'copy':
      return typeof msg.text === 'string' && msg.text.length <= 1_000_000 ? { type: 'copy', text: msg.text } : undefined;
    default:
      return undefined;
  }
}
