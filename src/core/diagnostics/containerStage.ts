/**
 * The first layers of a diagnosis: the engine, the container (state, restarts, last log lines),
 * its health, its published port and who else holds that host port.
 */
import type Docker from 'dockerode';
import type { ContainerSummary } from '../../shared/containers';
import type { CheckResult } from '../../shared/diagnostics';
import { ConnectedDocker, connectDocker, ConnectOptions, DockerUnreachableError } from '../docker/client';
import { compareContainers, listContainers, RawContainer, toContainerSummary } from '../docker/containers';
import { describeEndpoint } from '../docker/endpoint';
import { demux } from '../docker/wait';
import { withTimeout } from '../util/timeout';
import { fail, pass, runCheck, skip, skipped } from './check';
import { containerOutcome, covers, healthOutcome, InspectInfo, nameOf, portBindings, PortBinding, portOutcome, portOwnerOutcome } from './containerChecks';
import { hostPortOwners, PortOwner } from './hostPortOwner';
import type { RawListed } from './networkChecks';

type ListedContainer = RawContainer & RawListed;

/** Log lines read for the container check and the log signatures. */
export const LOG_TAIL = 100;

export async function tailLogs(docker: Docker, id: string, timeoutMs: number): Promise<string> {
  try {
    const buf = (await withTimeout(docker.getContainer(id).logs({ stdout: true, stderr: true, tail: LOG_TAIL, follow: false }), timeoutMs, 'logs')) as unknown as Buffer;
    return demux(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
  } catch {
    return '';
  }
}

function similarNames(ref: string, all: readonly ContainerSummary[]): string[] {
  const want = ref.toLowerCase();
  return all.map((c) => c.name).filter((n) => n.toLowerCase().includes(want) || want.includes(n.toLowerCase())).slice(0, 5);
}

export interface EngineStage {
  check: CheckResult;
  connected?: ConnectedDocker;
}

export async function engineCheck(options: { connect?: ConnectOptions; connected?: ConnectedDocker }, api: number): Promise<EngineStage> {
  let connected = options.connected;
  const check = await runCheck({ id: 'engine', title: 'Docker engine', layer: 'engine', timeoutMs: api * 3 }, async () => {
    try {
      connected ??= await connectDocker({ ...options.connect, timeoutMs: Math.min(options.connect?.timeoutMs ?? api, api) });
    } catch (err) {
      if (err instanceof DockerUnreachableError) return fail(err.message, 'Start Docker, or point DOCKER_HOST or --host at a running engine.', 'unreachable');
      throw err;
    }
    return pass(`Engine ${connected.engineVersion} (API ${connected.apiVersion}) answered at ${describeEndpoint(connected.endpoint)}.`);
  });
  return { check, ...(connected ? { connected } : {}) };
}

export interface ContainerStage {
  checks: CheckResult[];
  info: InspectInfo | null;
  logs: string;
  bindings: PortBinding[];
  /** Host ports other running containers publish. */
  otherHostPorts: number[];
  /** The engine's list of running containers as it answered (null: not available), read once for every check. */
  runningList: Promise<ListedContainer[] | null>;
}

export async function containerStage(docker: Docker, ref: string, port: number, api: number): Promise<ContainerStage> {
  const runningList = withTimeout(docker.listContainers({ all: false }) as Promise<unknown> as Promise<ListedContainer[]>, api, 'list').catch(() => null);
  const listing = runningList.then((raw) => raw && raw.map(toContainerSummary).sort(compareContainers)).catch(() => null);
  const logsPromise = tailLogs(docker, ref, api);
  let info: InspectInfo | null = null;
  let logs = '';
  const container = await runCheck({ id: 'container', title: 'Container state', layer: 'container', timeoutMs: api * 2 }, async () => {
    try {
      info = (await withTimeout(docker.getContainer(ref).inspect(), api, 'inspect')) as unknown as InspectInfo;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      const all = await withTimeout(listContainers(docker, { all: true }), api, 'list').catch(() => []);
      const like = similarNames(ref, all);
      return fail(
        `No container named or with id "${ref}" exists on this engine. It was removed, never created, or the name is misspelt${like.length ? ` (similar: ${like.join(', ')})` : ''}.`,
        'List the containers with dockerdb ps --all and use one of those names.',
        'not-found',
      );
    }
    logs = await logsPromise;
    const i = info as InspectInfo;
    const needLogs = i.State?.Status !== 'running' || (i.RestartCount ?? 0) > 0;
    return containerOutcome(i, needLogs ? logs : null, ref);
  });
  const inspected = info as InspectInfo | null;
  if (!inspected) {
    const rest = (['health', 'port', 'port-owner'] as const).map((id) => skipped({ id, title: id, layer: id === 'health' ? 'health' : 'port' }, 'Not reached: no such container.'));
    return { checks: [container, ...rest], info: null, logs: '', bindings: [], otherHostPorts: [], runningList };
  }
  const name = nameOf(inspected, ref);
  const running = inspected.State?.Status === 'running';
  const bindings = portBindings(inspected, port);
  const portTaken = container.code === 'port-taken';
  const [health, published, owner] = await Promise.all([
    runCheck({ id: 'health', title: 'Health check', layer: 'health', timeoutMs: api }, async () => healthOutcome(inspected, name)),
    runCheck({ id: 'port', title: `Published port ${port}/tcp`, layer: 'port', timeoutMs: api }, async () => portOutcome(bindings, port, name, running)),
    runCheck({ id: 'port-owner', title: 'Other users of the host port', layer: 'port', timeoutMs: api }, async () => {
      const others = await listing;
      if (!others) return skip('The container list was not available.');
      const ports = [...new Set(bindings.map((b) => b.hostPort))];
      const ignore = (o: Pick<PortOwner, 'address' | 'family'>): boolean => running && bindings.some((b) => covers(b, o));
      const owners = (portTaken || running ? await Promise.all(ports.map((p) => hostPortOwners(p, ignore).catch(() => []))) : []).flat();
      return portOwnerOutcome(inspected.Id ?? ref, bindings, others, running, portTaken, owners);
    }),
  ]);
  const others = (await listing) ?? [];
  const otherHostPorts = others.filter((c) => c.id !== inspected.Id && !(inspected.Id ?? '').startsWith(c.id)).flatMap((c) => c.ports.map((p) => p.hostPort));
  return { checks: [container, health, published, owner], info: inspected, logs, bindings, otherHostPorts: [...new Set(otherHostPorts)], runningList };
}
