/**
 * Keeps the container model current: one list at start, then Docker's event stream (debounced
 * re-lists, health patched in place at once), a slow safety poll, and reconnection with exponential
 * backoff when the engine goes away.
 */
import type Docker from 'dockerode';
import type { ContainerSummary, HealthStatus } from '../../shared/containers';
import { Emitter } from '../util/emitter';
import type { Disposable, Event } from '../util/emitter';
import type { ConnectedDocker } from './client';
import { listContainers } from './containers';
import { ContainerEvent, EventSubscription, changesList, healthFromAction, subscribeContainerEvents, withHealth } from './events';

export type WatcherState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'connected'; endpoint: string; apiVersion: string }
  | { kind: 'unreachable'; message: string; since: number; retryInMs: number };

export interface ContainersChange {
  containers: readonly ContainerSummary[];
  /** `list`: a full re-list; `health`: a health event patched one container before the re-list. */
  reason: 'list' | 'health';
}

export type WatcherLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Injected in tests; defaults to Node's timers and `Date.now`. */
export interface WatcherTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): number;
}

export interface ContainerWatcherOptions {
  /** Delay between the first event of a burst and the one re-list it causes (default 100 ms). */
  debounceMs?: number;
  /** Re-list this often in case an event was missed (default 30 s). */
  safetyPollMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Include stopped containers (default true). */
  all?: boolean;
  log?: WatcherLog;
  timers?: WatcherTimers;
  /** Source of jitter in [0, 1) (default Math.random). */
  random?: () => number;
}

/** What the watcher needs from {@link DockerSession}. */
export interface WatcherSession {
  get(): Promise<ConnectedDocker>;
  reset(): void;
}

const nodeTimers: WatcherTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

/** A failing logger must not break the watcher. */
function tryCall(f: () => void): void {
  try {
    f();
  } catch {
    // ignored
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ContainerWatcher implements Disposable {
  private readonly containersEmitter: Emitter<ContainersChange>;
  private readonly stateEmitter: Emitter<WatcherState>;
  /** Fires after the list changed (or was listed again after a (re)connect). */
  readonly onDidChangeContainers: Event<ContainersChange>;
  readonly onDidChangeState: Event<WatcherState>;

  private readonly opts: Required<ContainerWatcherOptions>;

  private current: readonly ContainerSummary[] = [];
  private currentState: WatcherState = { kind: 'idle' };
  private running = false;
  private disposed = false;
  /** Bumped on stop and on every lost connection; async work from an older epoch is ignored. */
  private epoch = 0;
  private docker: Docker | undefined;
  private subscription: EventSubscription | undefined;
  private debounceTimer: unknown;
  private pollTimer: unknown;
  private retryTimer: unknown;
  private failures = 0;
  private connecting: { epoch: number; done: Promise<void> } | undefined;
  private listing: { epoch: number; done: Promise<boolean> } | undefined;
  private queuedList: Promise<boolean> | undefined;
  /** The next list fires a change even when nothing changed (first list after a (re)connect). */
  private forceNext = false;
  /** Numbers list calls as they start. */
  private listSeq = 0;
  /** Health from events newer than the list in flight: a list that started earlier must not undo them. */
  private readonly healthPatches = new Map<string, { health: HealthStatus; listSeq: number }>();

  constructor(private readonly session: WatcherSession, options: ContainerWatcherOptions = {}) {
    const backoffInitialMs = options.backoffInitialMs ?? 500;
    this.opts = {
      debounceMs: options.debounceMs ?? 100,
      safetyPollMs: options.safetyPollMs ?? 30000,
      backoffInitialMs,
      backoffMaxMs: Math.max(options.backoffMaxMs ?? 15000, backoffInitialMs),
      all: options.all ?? true,
      timers: options.timers ?? nodeTimers,
      random: options.random ?? Math.random,
      log: (level, message) => void tryCall(() => options.log?.(level, message)),
    };
    const onListenerError = (error: unknown): void => this.opts.log('error', `A container watcher listener failed: ${describeError(error)}`);
    this.containersEmitter = new Emitter<ContainersChange>(onListenerError);
    this.stateEmitter = new Emitter<WatcherState>(onListenerError);
    this.onDidChangeContainers = this.containersEmitter.event;
    this.onDidChangeState = this.stateEmitter.event;
  }

  /** The last list (patched by health events). Stale while the state is not `connected`. */
  get containers(): readonly ContainerSummary[] {
    return this.current;
  }

  get state(): WatcherState {
    return this.currentState;
  }

  /** Lists once and follows the event stream. Calling it again while running does nothing. */
  start(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    this.epoch++;
    this.failures = 0;
    this.setState({ kind: 'connecting' });
    void this.connect();
  }

  /** Lists now. While unreachable it retries the connection at once. Never rejects. */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    if (!this.running) {
      await this.listOnce();
    } else if (!this.docker) {
      this.clearTimer('retryTimer');
      await this.connect();
    } else {
      await this.enqueueList();
    }
  }

  /** Closes the stream and clears every timer and pending retry; `start()` may be called again. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.epoch++;
    this.teardown();
    this.clearTimer('retryTimer');
    this.setState({ kind: 'idle' });
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
    this.containersEmitter.dispose();
    this.stateEmitter.dispose();
  }

  /** One connection attempt per epoch; callers share it. */
  private connect(): Promise<void> {
    if (this.connecting?.epoch !== this.epoch) {
      const attempt = { epoch: this.epoch, done: Promise.resolve() };
      attempt.done = this.doConnect().finally(() => {
        if (this.connecting === attempt) this.connecting = undefined;
      });
      this.connecting = attempt;
    }
    return this.connecting.done;
  }

  private async doConnect(): Promise<void> {
    const epoch = this.epoch;
    try {
      const connected = await this.session.get();
      if (epoch !== this.epoch) return;
      // Subscribe before listing, so nothing that happens during the list is missed.
      const subscription = await subscribeContainerEvents(connected.docker, {
        onEvent: (event) => this.onEvent(event, epoch),
        onClose: (error) => this.onStreamClosed(error, epoch),
        onMalformed: (line) => this.opts.log('warn', `Skipped a Docker event line that is not a container event: ${line}`),
      });
      if (epoch !== this.epoch) {
        subscription.dispose();
        return;
      }
      this.subscription = subscription;
      this.docker = connected.docker;
      if (!(await this.enqueueList(true)) || epoch !== this.epoch) return;
      this.failures = 0;
      this.setState({ kind: 'connected', endpoint: connected.endpoint.url, apiVersion: connected.apiVersion });
      this.opts.log('info', `Watching containers on ${connected.endpoint.url} (Engine API ${connected.apiVersion}).`);
      this.pollTimer = this.opts.timers.setInterval(() => void this.enqueueList(), this.opts.safetyPollMs);
      (this.pollTimer as { unref?: () => void } | undefined)?.unref?.();
    } catch (error) {
      if (epoch === this.epoch) this.lost(error);
    }
  }

  /**
   * At most one list call in flight per connection; calls made meanwhile share one follow-up list,
   * so results are applied in order. Resolves true when a list succeeded.
   */
  private enqueueList(force = false): Promise<boolean> {
    if (force) this.forceNext = true;
    const listing = this.listing;
    if (listing?.epoch === this.epoch) {
      if (!this.queuedList) {
        const queued: Promise<boolean> = listing.done.then(() => {
          if (this.queuedList !== queued) return false;
          this.queuedList = undefined;
          return this.enqueueList();
        });
        this.queuedList = queued;
      }
      return this.queuedList;
    }
    this.queuedList = undefined;
    const run = { epoch: this.epoch, done: Promise.resolve(false) };
    run.done = this.runList().finally(() => {
      if (this.listing === run) this.listing = undefined;
    });
    this.listing = run;
    return run.done;
  }

  private async runList(): Promise<boolean> {
    const epoch = this.epoch;
    const docker = this.docker;
    if (!docker) return false;
    const force = this.forceNext;
    this.forceNext = false;
    const seq = ++this.listSeq;
    try {
      const list = await listContainers(docker, { all: this.opts.all });
      if (epoch !== this.epoch) return false;
      this.applyList(list, force, seq);
      return true;
    } catch (error) {
      if (epoch === this.epoch) this.lost(error);
      return false;
    }
  }

  /** `refresh()` while not started: one list through the session, no events. */
  private async listOnce(): Promise<void> {
    const epoch = this.epoch;
    try {
      const { docker } = await this.session.get();
      const list = await listContainers(docker, { all: this.opts.all });
      if (epoch === this.epoch && !this.running) this.applyList(list, false, ++this.listSeq);
    } catch (error) {
      this.opts.log('warn', `Listing containers failed: ${describeError(error)}`);
    }
  }

  private applyList(fresh: ContainerSummary[], force: boolean, seq: number): void {
    for (const [id, patch] of this.healthPatches) {
      if (patch.listSeq < seq) this.healthPatches.delete(id); // this list started after the event
    }
    const list = this.healthPatches.size === 0 ? fresh : fresh.map((c) => {
      const patch = this.healthPatches.get(c.id);
      return patch && patch.health !== c.health ? withHealth(c, patch.health) : c;
    });
    if (!force && JSON.stringify(list) === JSON.stringify(this.current)) return;
    this.current = list;
    this.containersEmitter.fire({ containers: list, reason: 'list' });
  }

  private onEvent(event: ContainerEvent, epoch: number): void {
    if (epoch !== this.epoch || !changesList(event.action)) return;
    const health = healthFromAction(event.action);
    if (health) this.patchHealth(event.id, health);
    if (this.debounceTimer === undefined) {
      this.debounceTimer = this.opts.timers.setTimeout(() => {
        this.debounceTimer = undefined;
        void this.enqueueList();
      }, this.opts.debounceMs);
    }
  }

  private patchHealth(id: string, health: HealthStatus): void {
    this.healthPatches.set(id, { health, listSeq: this.listSeq }); // dropped by the next list that starts
    const index = this.current.findIndex((c) => c.id === id);
    const found = this.current[index];
    if (!found || found.health === health) return;
    const next = [...this.current];
    next[index] = withHealth(found, health);
    this.current = next;
    this.containersEmitter.fire({ containers: next, reason: 'health' });
  }

  private onStreamClosed(error: Error | undefined, epoch: number): void {
    if (epoch !== this.epoch) return;
    this.lost(new Error(error ? `The Docker event stream failed: ${error.message}` : 'The Docker event stream ended.'));
  }

  /** The engine went away: forget the client and retry with exponential backoff and jitter. */
  private lost(error: unknown): void {
    if (!this.running) return;
    this.epoch++;
    this.teardown();
    this.session.reset();
    const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** Math.min(this.failures, 30));
    const retryInMs = Math.min(this.opts.backoffMaxMs, Math.round(base * (0.8 + 0.4 * this.opts.random())));
    this.failures++;
    const message = describeError(error);
    const since = this.currentState.kind === 'unreachable' ? this.currentState.since : this.opts.timers.now();
    this.opts.log(this.failures === 1 ? 'warn' : 'info', `Docker engine unreachable (${message}); retrying in ${retryInMs} ms.`);
    this.setState({ kind: 'unreachable', message, since, retryInMs });
    this.clearTimer('retryTimer');
    this.retryTimer = this.opts.timers.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, retryInMs);
  }

  /** Ends the current connection's stream and timers (not the retry timer). */
  private teardown(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.docker = undefined;
    this.healthPatches.clear();
    this.clearTimer('debounceTimer');
    this.clearTimer('pollTimer');
  }

  private clearTimer(which: 'debounceTimer' | 'pollTimer' | 'retryTimer'): void {
    const handle = this[which];
    if (handle === undefined) return;
    if (which === 'pollTimer') this.opts.timers.clearInterval(handle);
    else this.opts.timers.clearTimeout(handle);
    this[which] = undefined;
  }

  private setState(state: WatcherState): void {
    if (JSON.stringify(state) === JSON.stringify(this.currentState)) return;
    this.currentState = state;
    this.stateEmitter.fire(state);
  }
}
