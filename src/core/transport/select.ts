/**
 * Which transport runs a container's SQL, and the transports themselves.
 *
 * `auto` connects directly when the published host port really reaches PostgreSQL (probed within
 * a short budget) and falls back to `docker exec … psql` otherwise — including when the login over
 * TCP fails: exec runs inside the container on its local socket (trusted by the official image),
 * and it always reaches the container's own server, even when the host port leads elsewhere.
 * Decisions are cached per container and endpoint; transports are kept per container so a
 * session's SET and temp tables persist between runs.
 */
import type { TransportKind } from '../../shared/results';
import type { HostEndpoint } from '../docker/endpoints';
import { formatEndpoint } from '../docker/endpoints';
import type { DbCredentials } from '../engines/credentials';
import { DirectTransport } from './directTransport';
import { probePostgres, ProbeOptions, ProbeResult } from './probe';
import type { QueryTarget, QueryTransport } from './types';

export type TransportMode = 'auto' | 'direct' | 'exec';

export interface TransportChoice {
  kind: TransportKind;
  /** Short, plain reason, copied into the result ("host port 127.0.0.1:55434 answered in 4 ms"). */
  reason: string;
  /** The probe's full explanation (what happened, why, what to do) when a probe failed. */
  detail?: string;
  /** The probe behind an `auto` decision. */
  probe?: ProbeResult;
}

export type Prober = (endpoint: HostEndpoint | null, credentials: DbCredentials, options: ProbeOptions) => Promise<ProbeResult>;
export type TransportFactory = (target: QueryTarget) => QueryTransport;

export interface TransportSelectorOptions {
  /** Default {@link probePostgres}. */
  probe?: Prober;
  /** Probe budget, ms. Default 1500. */
  budgetMs?: number;
  /** How long a failed probe's fallback to exec is kept before probing again, ms. Default 30,000. */
  failureTtlMs?: number;
  /** Default `new DirectTransport(target)`. */
  directFactory?: TransportFactory;
  now?: () => number;
}

/** A forced transport that cannot work for this target. */
export class TransportSelectionError extends Error {
  override readonly name = 'TransportSelectionError';
}

interface Decision {
  choice: TransportChoice;
  /** When a failure decision expires (Infinity for a working direct connection). */
  expires: number;
}

const EXEC = 'running psql inside the container (docker exec)';

/** What a cached decision or transport depends on, besides the container id. */
export function targetSignature(target: QueryTarget): string {
  const e = target.endpoint;
  const db = target.database ?? target.credentials.database ?? '';
  return `${e ? `${e.host}:${e.port}` : 'unpublished'}|${target.credentials.user ?? ''}|${db}`;
}

/** Short reason for falling back after a failed probe. */
export function fallbackReason(probe: Exclude<ProbeResult, { ok: true }>, target: QueryTarget): string {
  const at = target.endpoint ? formatEndpoint(target.endpoint) : '';
  const user = target.credentials.user ?? 'postgres';
  const db = target.database ?? target.credentials.database ?? user;
  const what: Record<typeof probe.reason, string> = {
    'not-published': 'port 5432 is not published on the host',
    refused: `nothing accepted a connection on host port ${at}`,
    'timeout-connect': `host port ${at} did not accept a connection within ${probe.ms} ms`,
    'timeout-after-accept': `host port ${at} accepted the connection but never answered`,
    reset: `host port ${at} accepted the connection and closed it at once`,
    auth: `PostgreSQL on host port ${at} rejected the login of user "${user}"`,
    'no-database': `database "${db}" does not exist behind host port ${at}`,
    other: `could not connect through host port ${at}`,
  };
  return `${what[probe.reason]}; ${EXEC}`;
}

export class TransportSelector {
  private readonly decisions = new Map<string, Decision>();
  private readonly pending = new Map<string, Promise<TransportChoice>>();
  private readonly transports = new Map<string, { signature: string; transport: QueryTransport }>();
  private readonly probe: Prober;
  private readonly budgetMs: number;
  private readonly failureTtlMs: number;
  private readonly directFactory: TransportFactory;
  private readonly now: () => number;

  constructor(options: TransportSelectorOptions = {}) {
    this.probe = options.probe ?? probePostgres;
    this.budgetMs = options.budgetMs ?? 1500;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
    this.directFactory = options.directFactory ?? ((t) => new DirectTransport(t));
    this.now = options.now ?? Date.now;
  }

  async choose(target: QueryTarget, mode: TransportMode): Promise<TransportChoice> {
    if (mode === 'exec') return { kind: 'exec', reason: `${EXEC}, as requested` };
    if (mode === 'direct') {
      if (!target.endpoint) {
        throw new TransportSelectionError(
          `Cannot connect directly to ${target.containerName}: its PostgreSQL port is not published on the host. Publish the port (e.g. ports: "5432:5432"), or use the exec transport.`,
        );
      }
      return { kind: 'direct', reason: `direct connection to ${formatEndpoint(target.endpoint)}, as requested` };
    }
    if (!target.endpoint) return { kind: 'exec', reason: `port 5432 is not published on the host; ${EXEC}` };

    const key = `${target.containerId}|${targetSignature(target)}`;
    const cached = this.decisions.get(key);
    if (cached && cached.expires > this.now()) return cached.choice;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const decided = this.decide(target).then((d) => {
      if (this.pending.get(key) === decided) this.decisions.set(key, d);
      return d.choice;
    });
    this.pending.set(key, decided);
    try {
      return await decided;
    } finally {
      if (this.pending.get(key) === decided) this.pending.delete(key);
    }
  }

  private async decide(target: QueryTarget): Promise<Decision> {
    const database = target.database ?? target.credentials.database ?? undefined;
    const probe = await this.probe(target.endpoint, target.credentials, { budgetMs: this.budgetMs, database });
    if (probe.ok) {
      const at = target.endpoint ? formatEndpoint(target.endpoint) : '';
      return { choice: { kind: 'direct', reason: `host port ${at} answered in ${probe.ms} ms`, probe }, expires: Infinity };
    }
    return { choice: { kind: 'exec', reason: fallbackReason(probe, target), detail: probe.message, probe }, expires: this.now() + this.failureTtlMs };
  }

  /**
   * The transport of this kind for the container, kept between runs so its session persists.
   * A transport made for another endpoint, user or database is disposed and replaced.
   */
  transportFor(target: QueryTarget, kind: TransportKind, execFactory: TransportFactory): QueryTransport {
    const key = `${target.containerId}|${kind}`;
    const signature = targetSignature(target);
    const held = this.transports.get(key);
    if (held && held.signature === signature) return held.transport;
    if (held) held.transport.dispose().catch(() => undefined);
    const transport = kind === 'direct' ? this.directFactory(target) : execFactory(target);
    this.transports.set(key, { signature, transport });
    return transport;
  }

  /**
   * Forgets cached decisions (for one container, or all), so the next `auto` choice probes again.
   * Sessions are kept: a transport reconnects by itself, and is replaced when the endpoint changes.
   */
  invalidate(containerId?: string): void {
    for (const map of [this.decisions, this.pending] as Array<Map<string, unknown>>) {
      for (const key of [...map.keys()]) if (containerId === undefined || key.startsWith(`${containerId}|`)) map.delete(key);
    }
  }

  /** Forgets decisions and closes the transports (sessions) of one container, or of all. */
  async release(containerId?: string): Promise<void> {
    this.invalidate(containerId);
    const closing: Array<Promise<void>> = [];
    for (const [key, held] of [...this.transports]) {
      if (containerId !== undefined && !key.startsWith(`${containerId}|`)) continue;
      this.transports.delete(key);
      closing.push(held.transport.dispose().catch(() => undefined));
    }
    await Promise.all(closing);
  }

  async dispose(): Promise<void> {
    await this.release();
  }
}
