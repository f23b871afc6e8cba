/**
 * A tiny typed event emitter with the shape of VS Code's `EventEmitter`, so core classes can expose
 * `onDid*` events that the extension passes straight to `vscode` APIs, without importing `vscode`.
 */

export interface Disposable {
  dispose(): void;
}

/** Subscribe with a listener; the result unsubscribes. Same signature as `vscode.Event<T>`. */
export type Event<T> = (listener: (e: T) => void, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

interface Subscription<T> {
  listener: (e: T) => void;
  thisArgs: unknown;
}

export class Emitter<T> implements Disposable {
  private readonly subscriptions = new Set<Subscription<T>>();
  private disposed = false;

  /** @param onListenerError receives whatever a listener throws (default: console.error). */
  constructor(private readonly onListenerError: (error: unknown) => void = (error) => console.error(error)) {}

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    if (this.disposed) {
      return { dispose: () => undefined };
    }
    const subscription: Subscription<T> = { listener, thisArgs };
    this.subscriptions.add(subscription);
    const result: Disposable = { dispose: () => void this.subscriptions.delete(subscription) };
    disposables?.push(result);
    return result;
  };

  /** Calls every listener; a listener that throws does not stop the others. */
  fire(e: T): void {
    if (this.disposed || this.subscriptions.size === 0) {
      return;
    }
    for (const subscription of [...this.subscriptions]) {
      // A listener removed by an earlier listener during this round is not called.
      if (!this.subscriptions.has(subscription)) {
        continue;
      }
      try {
        subscription.listener.call(subscription.thisArgs, e);
      } catch (error) {
        try {
          this.onListenerError(error);
        } catch {
          // The error reporter itself failed; nothing better to do.
        }
      }
    }
  }

  /** Number of current listeners (for leak checks). */
  get listenerCount(): number {
    return this.subscriptions.size;
  }

  /** Removes every listener; later `fire` calls do nothing. */
  dispose(): void {
    this.disposed = true;
    this.subscriptions.clear();
  }
}
