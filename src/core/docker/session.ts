/**
 * A lazily established Docker connection: nothing happens until the first call asks for it,
 * a failed attempt is not cached, and `reset()` forgets the client (settings changed, daemon gone).
 */
import type { ConnectedDocker, ConnectOptions } from './client';
import { connectDocker } from './client';

export class DockerSession {
  private pending: Promise<ConnectedDocker> | undefined;
  private generation = 0;

  constructor(private readonly options: () => ConnectOptions, private readonly connect = connectDocker) {}

  /** The connected client; connects on first use. Concurrent callers share one attempt. */
  get(): Promise<ConnectedDocker> {
    if (!this.pending) {
      const generation = this.generation;
      const attempt = this.connect(this.options());
      this.pending = attempt;
      attempt.catch(() => {
        if (this.generation === generation && this.pending === attempt) {
          this.pending = undefined;
        }
      });
    }
    return this.pending;
  }

  /** Forget the current client; the next `get()` resolves the endpoint again. */
  reset(): void {
    this.generation++;
    this.pending = undefined;
  }
}
