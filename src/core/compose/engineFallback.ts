/**
 * Without a Compose CLI, the project's existing containers can still be started, stopped and restarted through
 * the Engine API, in dependency order (reverse for stop), waiting for `service_healthy` and
 * `service_completed_successfully` dependencies. Creating containers or removing the project needs Compose.
 */
import type { ComposeOperation } from './commands';
import { COMPOSE_ONEOFF_LABEL, ProjectEntry, ServiceEntry } from './merge';
import type { ComposeDependency, DependencyCondition } from './model';
import { dependencyOrder, OrderedService, withDependencies } from './order';

export const COMPOSE_DEPENDS_ON_LABEL = 'com.docker.compose.depends_on';

export class ComposeRequiredError extends Error {
  /** Services that have no container yet (empty for operations that need Compose whatever the state). */
  readonly services: string[];

  constructor(message: string, services: string[] = []) {
    super(message);
    this.name = 'ComposeRequiredError';
    this.services = services;
  }
}

export interface EngineStep {
  action: 'start' | 'stop' | 'restart';
  service: string;
  containerIds: string[];
  /** Conditions to wait for before this step (dependencies that must be healthy or completed). */
  waitFor: Array<{ service: string; condition: Exclude<DependencyCondition, 'service_started'>; containerIds: string[] }>;
}

/** The subset of dockerode the fallback uses. */
export interface EngineApi {
  getContainer(id: string): {
    start(): Promise<unknown>;
    stop(options?: { t?: number }): Promise<unknown>;
    restart(options?: { t?: number }): Promise<unknown>;
    inspect(): Promise<{ State: { Status: string; ExitCode?: number; Health?: { Status: string } } }>;
  };
}

export interface EngineRunOptions {
  signal?: AbortSignal;
  onOutput?: (line: string) => void;
  /** Per dependency wait. Default 120000 ms. */
  waitTimeoutMs?: number;
  pollMs?: number;
}

/** `db:service_healthy:false,cache:service_started:true` (what Compose v2 writes) → dependencies. */
export function parseDependsOnLabel(value: string | undefined): ComposeDependency[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim().split(':'))
    .filter(([service]) => !!service)
    .map(([service, condition]) => ({
      service,
      condition: condition === 'service_healthy' || condition === 'service_completed_successfully' ? condition : 'service_started',
      required: true,
    }));
}

function dependenciesOf(s: ServiceEntry): ComposeDependency[] {
  return s.service?.dependsOn ?? parseDependsOnLabel(s.containers.find((c) => c.labels[COMPOSE_DEPENDS_ON_LABEL])?.labels[COMPOSE_DEPENDS_ON_LABEL]);
}

function mainContainers(s: ServiceEntry): string[] {
  return s.containers.filter((c) => (c.labels[COMPOSE_ONEOFF_LABEL] ?? '').toLowerCase() !== 'true').map((c) => c.id);
}

const INSTALL = 'Install Docker Compose (the "docker compose" plugin or "docker-compose") and try again.';

/** The steps for an operation, in order. Throws {@link ComposeRequiredError} or a DependencyCycleError. */
export function planEngineOperation(entry: ProjectEntry, op: ComposeOperation): EngineStep[] {
  if (op.kind === 'down') {
    throw new ComposeRequiredError(`Removing project "${entry.name}" needs Docker Compose, which was not found. ${INSTALL}`);
  }
  const byName = new Map(entry.services.map((s) => [s.name, s]));
  const graph: OrderedService[] = entry.services.map((s) => ({ name: s.name, dependsOn: dependenciesOf(s) }));
  let targets: string[];
  if (op.kind === 'up') {
    const wanted = op.services ?? entry.services.filter((s) => !s.service || s.service.profiles.length === 0).map((s) => s.name);
    targets = withDependencies(graph, wanted);
    const missing = targets.filter((n) => !byName.get(n) || mainContainers(byName.get(n) as ServiceEntry).length === 0);
    if (missing.length > 0) {
      throw new ComposeRequiredError(`${missing.join(', ')} in project "${entry.name}" ${missing.length === 1 ? 'has' : 'have'} no container yet, and creating containers needs Docker Compose, which was not found. ${INSTALL}`, missing);
    }
  } else {
    targets = op.service ? [op.service] : entry.services.map((s) => s.name);
    const unknown = targets.filter((n) => !byName.has(n));
    if (unknown.length > 0) throw new Error(`Project "${entry.name}" has no service ${unknown.join(', ')}.`);
  }
  const selected = new Set(targets);
  const order = dependencyOrder(graph).filter((n) => selected.has(n));
  if (op.kind === 'stop') order.reverse();
  const action = op.kind === 'up' ? 'start' : op.kind;
  return order
    .map((service) => ({
      action,
      service,
      containerIds: mainContainers(byName.get(service) as ServiceEntry),
      waitFor:
        action === 'stop'
          ? []
          : (graph.find((g) => g.name === service)?.dependsOn ?? [])
              .filter((d) => d.condition !== 'service_started' && selected.has(d.service))
              .map((d) => ({ service: d.service, condition: d.condition as EngineStep['waitFor'][number]['condition'], containerIds: mainContainers(byName.get(d.service) as ServiceEntry) })),
    }))
    .filter((step) => step.containerIds.length > 0);
}

function statusCode(e: unknown): number | undefined {
  const c = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof c === 'number' ? c : undefined;
}

async function waitForCondition(api: EngineApi, w: EngineStep['waitFor'][number], options: EngineRunOptions): Promise<void> {
  const timeoutMs = options.waitTimeoutMs ?? 120000;
  const pollMs = options.pollMs ?? 500;
  const deadline = Date.now() + timeoutMs;
  for (const id of w.containerIds) {
    for (let i = 0; ; i++) {
      if (options.signal?.aborted) throw new Error(`Cancelled while waiting for ${w.service}.`);
      const { State } = await api.getContainer(id).inspect();
      if (w.condition === 'service_healthy') {
        if (State.Health?.Status === 'healthy') break;
        if (!State.Health) throw new Error(`${w.service} has no health check, so it can never become healthy; add a healthcheck or use condition: service_started.`);
        if (State.Health.Status === 'unhealthy') throw new Error(`${w.service} is unhealthy, so the services that wait for it were not started. Its health-check output is in the container details.`);
      } else if (State.Status === 'exited') {
        if (State.ExitCode === 0) break;
        throw new Error(`${w.service} exited with code ${State.ExitCode}, so the services that wait for it were not started. Its logs say why.`);
      }
      if (Date.now() >= deadline || i > timeoutMs / pollMs + 1) {
        throw new Error(`${w.service} did not become ${w.condition === 'service_healthy' ? 'healthy' : 'completed'} within ${Math.round(timeoutMs / 1000)} s; the services that wait for it were not started.`);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}

/** Runs an operation through the Engine API. Throws {@link ComposeRequiredError} when Compose is needed. */
export async function runWithEngine(api: EngineApi, entry: ProjectEntry, op: ComposeOperation, options: EngineRunOptions = {}): Promise<void> {
  const steps = planEngineOperation(entry, op);
  const t = op.kind === 'stop' || op.kind === 'restart' ? op.timeoutSeconds : undefined;
  for (const step of steps) {
    for (const w of step.waitFor) {
      options.onOutput?.(`Waiting for ${w.service} (${w.condition})`);
      await waitForCondition(api, w, options);
    }
    for (const id of step.containerIds) {
      if (options.signal?.aborted) throw new Error(`Cancelled before ${step.action} of ${step.service}.`);
      options.onOutput?.(`${step.action[0].toUpperCase()}${step.action.slice(1)} ${step.service} (${id.slice(0, 12)})`);
      const container = api.getContainer(id);
      try {
        if (step.action === 'start') await container.start();
        else if (step.action === 'stop') await container.stop(t === undefined ? {} : { t });
        else await container.restart(t === undefined ? {} : { t });
      } catch (e) {
        if (statusCode(e) !== 304) throw e; // 304: already started / already stopped
      }
    }
  }
}
