/**
 * `diagnoseContainer`: engine → container → health → port, then (running PostgreSQL containers)
 * the host side, the inside, the siblings, the workspace configuration and the logs in parallel,
 * each check within its own budget; returns the report with verdict, root cause and transport.
 */
import type { CheckResult, DiagnosisReport } from '../../shared/diagnostics';
import type { ConnectedDocker, ConnectOptions } from '../docker/client';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL } from '../docker/containers';
import { readContainerCredentials } from '../engines/containerCredentials';
import type { DbCredentials } from '../engines/credentials';
import { redact } from '../util/redact';
import { withTimeout } from '../util/timeout';
import { runCheck, skipped } from './check';
import { configChecks } from './configChecks';
import { InspectInfo, nameOf, usableEndpoints } from './containerChecks';
import { containerStage, engineCheck, EngineStage, LOG_TAIL } from './containerStage';
import { checkAddress } from './hostChecks';
import { insideChecks } from './insideChecks';
import { logsOutcome } from './logSignatures';
import { networkChecks, NetworkInfo } from './networkChecks';
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

interface FullInspect extends InspectInfo {
  Config?: { Labels?: Record<string, string> | null };
  NetworkSettings?: InspectInfo['NetworkSettings'] & { Networks?: Record<string, { Aliases?: string[] | null } | null> | null };
}

function networkInfo(info: FullInspect): NetworkInfo {
  const labels = info.Config?.Labels ?? {};
  const networks: Record<string, string[]> = {};
  for (const [n, v] of Object.entries(info.NetworkSettings?.Networks ?? {})) networks[n] = v?.Aliases ?? [];
  return { networks, project: labels[COMPOSE_PROJECT_LABEL] ?? null, service: labels[COMPOSE_SERVICE_LABEL] ?? null };
}

export async function diagnoseContainer(ref: string, options: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  const started = Date.now();
  return diagnoseAfterEngine(ref, await engineCheck(options, options.apiBudgetMs ?? 2000), options, started);
}

/** The diagnosis after the engine check (diagnoseAll runs that check once for every container). */
export async function diagnoseAfterEngine(ref: string, engine: EngineStage, options: DiagnoseOptions, started = Date.now()): Promise<DiagnosisReport> {
  const api = options.apiBudgetMs ?? 2000;
  const port = options.containerPort ?? 5432;
  const checks: CheckResult[] = [engine.check];
  const finish = (): DiagnosisReport => {
    const final = softenPartialFailures(checks);
    return { container: ref, ...assess(final, ref), checks: final, ms: Date.now() - started, startedAt: new Date(started).toISOString() };
  };

  if (!engine.connected) {
    for (const id of ['container', 'health', 'port', 'port-owner'] as const) checks.push(skipped({ id, title: id, layer: id === 'port-owner' ? 'port' : id }, 'Not reached: no Docker engine.'));
    return finish();
  }
  const docker = engine.connected.docker;
  // Read in parallel with the container stage: one round trip less before the probes start.
  const credentialsRead = withTimeout(readContainerCredentials(docker, ref), api, 'credentials').catch(() => null);
  const stage = await containerStage(docker, ref, port, api);
  checks.push(...stage.checks);
  const info = stage.info as FullInspect | null;
  if (!info) return finish();
  const name = nameOf(info, ref);
  const logCheck = (secrets: string[]) => runCheck({ id: 'logs', title: `Last ${LOG_TAIL} log lines`, layer: 'logs', timeoutMs: api }, async () => logsOutcome(stage.logs, LOG_TAIL, (t) => redact(t, secrets)));
  if (info.State?.Status !== 'running') {
    checks.push(await logCheck([]));
    return finish();
  }

  const credentials: DbCredentials | null = await credentialsRead;
  if (!credentials || credentials.engine !== 'postgres') {
    checks.push(skipped({ id: 'database', title: 'Database checks', layer: 'database' }, credentials ? `This version diagnoses PostgreSQL only; ${name} runs ${credentials.engine}.` : `${name} was not recognised as a PostgreSQL container.`));
    checks.push(await logCheck([]));
    return finish();
  }
  const secrets = credentials.password ? [credentials.password] : [];
  const net = networkInfo(info);
  const user = credentials.user ?? 'postgres';
  const actual = {
    name,
    ...(net.service ? { service: net.service } : {}),
    aliases: [...new Set([name, ...(net.service ? [net.service] : []), ...Object.values(net.networks).flat()])],
    hostPorts: [...new Set(stage.bindings.map((b) => b.hostPort))],
    containerPort: port,
    user,
    password: credentials.password,
    database: credentials.database ?? user,
    otherHostPorts: stage.otherHostPorts,
    ...(info.Config?.Labels?.['com.docker.compose.project.working_dir'] ? { workingDir: info.Config.Labels['com.docker.compose.project.working_dir'] } : {}),
  };
  const [host, inside, network, config, logs] = await Promise.all([
    Promise.all(usableEndpoints(stage.bindings, port).map((e) => checkAddress(e, { container: name, credentials, probeBudgetMs: options.probeBudgetMs ?? 1500 }))),
    // docker exec is the slowest probe on a loaded machine; it still ends before the 3 s mark.
    insideChecks({ docker, container: name, credentials, port, timeoutMs: api + 500 }),
    networkChecks({ docker, dbId: info.Id ?? ref, dbName: name, info: net, port, timeoutMs: api, runningList: stage.runningList }),
    configChecks(options.workspaceFolders ?? [], actual, api),
    logCheck(secrets),
  ]);
  checks.push(...host.flat(), ...inside, ...network, ...config, logs);
  return finish();
}
