/**
 * `diagnoseContainer`: runs the checks engine → container → health → port → host → inside,
 * independent ones in parallel, each within its own budget, and returns the report with a verdict.
 */
import type Docker from 'dockerode';
import type { ContainerSummary } from '../../shared/containers';
import type { CheckResult, DiagnosisReport } from '../../shared/diagnostics';
import { ConnectedDocker, connectDocker, ConnectOptions, DockerUnreachableError } from '../docker/client';
import { listContainers } from '../docker/containers';
import { describeEndpoint } from '../docker/endpoint';
import { demux } from '../docker/wait';
import { readContainerCredentials } from '../engines/containerCredentials';
import type { DbCredentials } from '../engines/credentials';
import { withTimeout } from '../util/timeout';
import { fail, pass, runCheck, skip, skipped } from './check';
import { containerOutcome, healthOutcome, InspectInfo, nameOf, portBindings, portOutcome, portOwnerOutcome, usableEndpoints } from './containerChecks';
import { checkAddress } from './hostChecks';
import { insideChecks } from './insideChecks';
import { assess, softenPartialFailures } from './verdict';

export interface DiagnoseOptions {
  /** How to reach the engine (ignored when `connected` is given). */
  connect?: ConnectOptions;
  /** An engine connection to reuse. */
  connected?: ConnectedDocker;
  /** Budget for the TCP + startup probe per address; default 1500 ms. */
  probeBudgetMs?: number;
  /** Budget per Engine API call / exec; default 2000 ms. */
  apiBudgetMs?: number;
  /** The database port inside the container; default 5432. */
  containerPort?: number;
  /** Workspace folders whose configuration (.env*, compose, .vscode) is compared with the container. */
  workspaceFolders?: string[];
}

const LATER = ['health', 'port', 'port-owner'];

async function tailLogs(docker: Docker, id: string, timeoutMs: number): Promise<string> {
  try {
    const buf = (await withTimeout(docker.getContainer(id).logs({ stdout: true, stderr: true, tail: 30, follow: false }), timeoutMs, 'logs')) as unknown as Buffer;
    return demux(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
  } catch {
    return '';
  }
}

function similarNames(ref: string, all: readonly ContainerSummary[]): string[] {
  const want = ref.toLowerCase();
  return all.map((c) => c.name).filter((n) => n.toLowerCase().includes(want) || want.includes(n.toLowerCase())).slice(0, 5);
}

export async function diagnoseContainer(ref: string, options: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const api = options.apiBudgetMs ?? 2000;
  const probeBudgetMs = options.probeBudgetMs ?? 1500;
  const port = options.containerPort ?? 5432;
  const checks: CheckResult[] = [];
  const finish = (): DiagnosisReport => {
    const final = softenPartialFailures(checks);
    return { container: ref, ...assess(final, ref), checks: final, ms: Date.now() - started, startedAt };
  };


  // 1. Engine.
  let connected = options.connected;
  checks.push(
    await runCheck({ id: 'engine', title: 'Docker engine', layer: 'engine', timeoutMs: api * 3 }, async () => {
      try {
        connected ??= await connectDocker({ ...options.connect, timeoutMs: Math.min(options.connect?.timeoutMs ?? api, api) });
      } catch (err) {
        if (err instanceof DockerUnreachableError) return fail(err.message, 'Start Docker, or point DOCKER_HOST or --host at a running engine.', 'unreachable');
        throw err;
      }
      return pass(`Engine ${connected.engineVersion} (API ${connected.apiVersion}) answered at ${describeEndpoint(connected.endpoint)}.`);
    }),
  );
  if (!connected) {
    for (const id of ['container', ...LATER]) checks.push(skipped({ id, title: id, layer: id === 'port-owner' ? 'port' : (id as 'container' | 'health' | 'port') }, 'Not reached: no Docker engine.'));
    return finish();
  }
  const docker = connected.docker;

  // 2. Container (and, in parallel, the container list for the port owners).
  const listing = withTimeout(listContainers(docker, { all: false }), api, 'list').catch(() => null);
  let info: InspectInfo | null = null;
  checks.push(
    await runCheck({ id: 'container', title: 'Container state', layer: 'container', timeoutMs: api * 2 }, async () => {
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
      const i = info as InspectInfo;
      const needLogs = i.State?.Status !== 'running' || (i.RestartCount ?? 0) > 0;
      return containerOutcome(i, needLogs ? await tailLogs(docker, ref, api) : null, ref);
    }),
  );
  const inspected = info as InspectInfo | null;
  if (!inspected) {
    for (const id of LATER) checks.push(skipped({ id, title: id, layer: id === 'health' ? 'health' : 'port' }, 'Not reached: no such container.'));
    return finish();
  }
  const name = nameOf(inspected, ref);
  const running = inspected.State?.Status === 'running';
  const bindings = portBindings(inspected, port);
  const portTaken = checks.some((c) => c.id === 'container' && c.code === 'port-taken');
  checks.push(await runCheck({ id: 'health', title: 'Health check', layer: 'health', timeoutMs: api }, async () => healthOutcome(inspected, name)));
  checks.push(await runCheck({ id: 'port', title: `Published port ${port}/tcp`, layer: 'port', timeoutMs: api }, async () => portOutcome(bindings, port, name, running)));
  const others = await listing;
  checks.push(
    await runCheck({ id: 'port-owner', title: 'Other users of the host port', layer: 'port', timeoutMs: api }, async () =>
      others ? portOwnerOutcome(inspected.Id ?? ref, bindings, others, running, portTaken) : skip('The container list was not available.'),
    ),
  );
  if (!running) return finish();

  // 3. Credentials, then host side and inside, in parallel.
  let credentials: DbCredentials | null = null;
  try {
    credentials = await withTimeout(readContainerCredentials(docker, inspected.Id ?? ref), api, 'credentials');
  } catch {
    credentials = null;
  }
  if (!credentials || credentials.engine !== 'postgres') {
    checks.push(skipped({ id: 'database', title: 'Database checks', layer: 'database' }, credentials ? `This version diagnoses PostgreSQL only; ${name} runs ${credentials.engine}.` : `${name} was not recognised as a PostgreSQL container.`));
    return finish();
  }
  const creds = credentials;
  const endpoints = usableEndpoints(bindings, port);
  const [host, inside] = await Promise.all([
    Promise.all(endpoints.map((e) => checkAddress(e, { container: name, credentials: creds, probeBudgetMs }))),
    insideChecks({ docker, container: name, credentials: creds, port, timeoutMs: api }),
  ]);
  checks.push(...host.flat(), ...inside);
  return finish();
}
