/**
 * Runs SQL against a database container by name or id: finds the container, reads its credentials,
 * picks the transport (direct over the published port, or docker exec), runs, and keeps sessions
 * per container. Used by the extension and by `dockerdb query`.
 */
import type Docker from 'dockerode';
import type { ContainerSummary } from '../../shared/containers';
import type { QueryResult } from '../../shared/results';
import { toContainerSummary, RawContainer } from '../docker/containers';
import { hostEndpoints } from '../docker/endpoints';
import { readContainerCredentials } from '../engines/containerCredentials';
import type { DbCredentials } from '../engines/credentials';
import { ExecTransport } from '../transport/execTransport';
import { TransportSelector } from '../transport/select';
import { DirectConnectError } from '../transport/directTransport';
import type { QueryTarget, RunOptions } from '../transport/types';

export type TransportMode = 'auto' | 'direct' | 'exec';

export interface QueryRequest extends RunOptions {
  via?: TransportMode;
  database?: string;
}

/** Said plainly when the container cannot be queried at all. */
export class QueryTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryTargetError';
  }
}

export class QueryService {
  private readonly selector = new TransportSelector();
  /** Credentials per container id (an inspect plus an exec per *_FILE), until invalidated. */
  private readonly credentials = new Map<string, Promise<DbCredentials | null>>();

  constructor(private readonly docker: () => Promise<Docker>) {}

  /** The container as a summary (one filtered list call), or a clear error. */
  async findContainer(nameOrId: string): Promise<ContainerSummary> {
    const docker = await this.docker();
    const raw = (await docker.listContainers({ all: true })) as unknown as RawContainer[];
    const wanted = nameOrId.replace(/^\//, '');
    const match = raw.find((c) => c.Id === wanted || (c.Names ?? []).some((n) => n.replace(/^\//, '') === wanted)) ?? raw.find((c) => wanted.length >= 4 && c.Id.startsWith(wanted));
    if (!match) throw new QueryTargetError(`No container named "${nameOrId}". Check the name with "dockerdb ps --all".`);
    return toContainerSummary(match);
  }

  async target(container: ContainerSummary, database?: string): Promise<QueryTarget> {
    if (container.state !== 'running') {
      throw new QueryTargetError(`Container ${container.name} is ${container.state}${container.exitCode !== null ? ` (exit code ${container.exitCode})` : ''}. Start it, then run the query again.`);
    }
    if (container.engine !== 'postgres') {
      throw new QueryTargetError(`Container ${container.name} is ${container.engine ? `a ${container.engine} database` : 'not a recognised database'}; Docker DB runs SQL on PostgreSQL containers.`);
    }
    const credentials = await this.credentialsOf(container.id);
    if (!credentials) throw new QueryTargetError(`Could not read the PostgreSQL credentials of ${container.name}.`);
    return { containerId: container.id, containerName: container.name, credentials, endpoint: hostEndpoints(container)[0] ?? null, database };
  }

  private credentialsOf(id: string): Promise<DbCredentials | null> {
    let pending = this.credentials.get(id);
    if (!pending) {
      pending = this.docker().then((docker) => readContainerCredentials(docker, id, 'postgres'));
      this.credentials.set(id, pending);
      // Failures and "not found" are not kept: the next run reads again.
      pending.then((c) => c ?? this.credentials.delete(id), () => this.credentials.delete(id));
    }
    return pending;
  }

  /** Runs SQL; `ms` in the result is the whole wait, transport choice included. */
  async run(nameOrId: string | ContainerSummary, sql: string, request: QueryRequest = {}): Promise<QueryResult> {
    const started = Date.now();
    const result = await this.runOnce(nameOrId, sql, request);
    return { ...result, ms: Date.now() - started };
  }

  private async runOnce(nameOrId: string | ContainerSummary, sql: string, request: QueryRequest): Promise<QueryResult> {
    const container = typeof nameOrId === 'string' ? await this.findContainer(nameOrId) : nameOrId;
    const target = await this.target(container, request.database);
    const docker = await this.docker();
    const mode = request.via ?? 'auto';
    const choice = await this.selector.choose(target, mode);
    const execFactory = (t: QueryTarget): ExecTransport => new ExecTransport(docker, t);
    const transport = this.selector.transportFor(target, choice.kind, execFactory);
    try {
      return await transport.run(sql, { ...request, reason: choice.reason });
    } catch (err) {
      // The port broke after a successful probe (forwarding dropped, server restarted on another
      // port): in auto mode, fall back to exec at once instead of failing the user's query.
      if (mode !== 'auto' || choice.kind !== 'direct' || !(err instanceof DirectConnectError)) throw err;
      this.selector.release(container.id);
      const fallback = this.selector.transportFor(target, 'exec', execFactory);
      return fallback.run(sql, { ...request, reason: `the direct connection failed (${err.message.split('. ')[0]}); running psql inside the container (docker exec)` });
    }
  }

  /** Forget cached transport decisions and credentials (container events, port changes); sessions stay open. */
  invalidate(containerId?: string): void {
    this.selector.invalidate(containerId);
    this.forgetCredentials(containerId);
  }

  /** Forget decisions and close the sessions of a container (removed, or its settings changed). */
  release(containerId?: string): void {
    this.selector.release(containerId);
    this.forgetCredentials(containerId);
  }

  private forgetCredentials(containerId?: string): void {
    if (containerId) this.credentials.delete(containerId);
    else this.credentials.clear();
  }

  async dispose(): Promise<void> {
    await this.selector.dispose();
  }
}
