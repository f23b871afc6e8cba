/**
 * Listing cost with N containers present:
 * - end to end as a process: `dockerdb ps --json --all` (node dist/cli.js) vs `docker ps --all --format '{{json .}}'`;
 * - in process: the core's listContainers() vs dockerode's raw listContainers() (the model-building
 *   overhead beyond the list call), and the grouped tree model vs a plain one-pass group-by.
 *
 * Every container made here is labelled dockerdb.bench=<run id> and removed by BenchContainers.cleanup().
 * The containers come from the local fixture image and are never contacted: they only exist to be listed.
 */
import Docker from 'dockerode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectDocker } from '../../src/core/docker/client';
import { listContainers } from '../../src/core/docker/containers';
import { buildContainersView } from '../../src/core/view/containersModel';
import { withTimeout } from '../../src/core/util/timeout';
import type { ContainerSummary } from '../../src/shared/containers';
import { FIXTURE_BINDS, FIXTURE_IMAGE } from '../support/docker';
import { mapLimit, nowMs, peakRssMb, settleLimit, summarize, timeIt, timePair, timeProcess } from './measure';
import type { Row } from './table';

export const BENCH_LABEL = 'dockerdb.bench';
const root = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(root, 'dist', 'cli.js');

/** Goal: listContainers() adds under this many ms to the raw list call with 200 containers. */
export const MODEL_OVERHEAD_GOAL_MS = 50;

const CONCURRENCY = 8;
const CALL_TIMEOUT_MS = 20000;

function statusCode(e: unknown): number | undefined {
  const c = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof c === 'number' ? c : undefined;
}

/** The containers this bench run creates, and their removal. */
export class BenchContainers {
  readonly ids = new Set<string>();
  private readonly inflight = new Set<Promise<unknown>>();
  private stopped = false;
  private count = 0;

  constructor(
    readonly docker: Docker,
    readonly runId: string,
  ) {}

  get size(): number {
    return this.ids.size;
  }

  private shortId(): string {
    return this.runId.replace(/[^a-z0-9]/gi, '').slice(-8);
  }

  /**
   * Creates `n` more containers (started or only created). Every 5th one carries compose labels
   * (4 projects); started compose ones publish 5432 on 127.0.0.1 (a free port picked by Docker).
   */
  async add(n: number, start: boolean): Promise<void> {
    const indexes = Array.from({ length: n }, () => this.count++);
    await mapLimit(indexes, CONCURRENCY, (i) => {
      if (this.stopped) return Promise.resolve();
      const p = this.createOne(i, start);
      this.inflight.add(p);
      return p.finally(() => this.inflight.delete(p));
    });
  }

  private async createOne(i: number, start: boolean): Promise<void> {
    const short = this.shortId();
    const labels: Record<string, string> = { [BENCH_LABEL]: this.runId };
    const compose = i % 5 === 0;
    if (compose) {
      const project = `dockerdb-bench-${short}-p${(i / 5) % 4}`;
      labels['com.docker.compose.project'] = project;
      labels['com.docker.compose.service'] = `svc${i}`;
      labels['com.docker.compose.project.working_dir'] = `/tmp/${project}`;
      labels['com.docker.compose.container-number'] = '1';
    }
    const hostConfig: Docker.HostConfig = { Binds: [...FIXTURE_BINDS] };
    if (compose && start) hostConfig.PortBindings = { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] };
    const c = await withTimeout(
      this.docker.createContainer({
        name: `dockerdb-bench-${short}-${i}`,
        Image: FIXTURE_IMAGE,
        Cmd: ['sleep', '600'],
        Labels: labels,
        HostConfig: hostConfig,
      }),
      CALL_TIMEOUT_MS,
      `create bench container ${i}`,
    );
    this.ids.add(c.id);
    if (start && !this.stopped) await withTimeout(c.start(), CALL_TIMEOUT_MS, `start bench container ${i}`);
  }

  /** Stops further creation, waits (bounded) for creations in flight, force-removes every container of this run. */
  async cleanup(): Promise<{ removed: number; errors: string[] }> {
    this.stopped = true;
    await withTimeout(Promise.allSettled([...this.inflight]), 60000, 'creations in flight').catch(() => undefined);
    let errors: string[] = [];
    let removed = 0;
    // Two passes: the second catches a creation that raced the first list.
    for (let pass = 0; pass < 2; pass++) {
      errors = [];
      let listed: string[] = [];
      try {
        const list = await withTimeout(
          this.docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=${this.runId}`] } }),
          CALL_TIMEOUT_MS,
          'list bench containers',
        );
        listed = list.map((c) => c.Id);
      } catch (e) {
        errors.push((e as Error).message);
      }
      const targets = [...new Set([...listed, ...this.ids])];
      if (targets.length === 0) break;
      const errs = await settleLimit(targets, CONCURRENCY, async (id) => {
        try {
          await withTimeout(this.docker.getContainer(id).remove({ force: true, v: true }), CALL_TIMEOUT_MS, `remove ${id.slice(0, 12)}`);
          removed++;
          this.ids.delete(id);
        } catch (e) {
          const code = statusCode(e);
          if (code !== 404 && code !== 409) throw e;
          this.ids.delete(id);
        }
      });
      errors.push(...errs.map((e) => (e as Error).message));
    }
    return { removed, errors };
  }
}

/**
 * Removes bench containers left by an earlier run that died without cleaning up (SIGKILL): those whose
 * run id names a process that no longer exists on this machine. Another live bench run is left alone.
 */
export async function removeStaleBenchContainers(docker: Docker): Promise<number> {
  const list = await withTimeout(docker.listContainers({ all: true, filters: { label: [BENCH_LABEL] } }), CALL_TIMEOUT_MS, 'list stale bench containers');
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const stale = list.filter((c) => {
    const pid = Number((c.Labels?.[BENCH_LABEL] ?? '').split('-')[0]);
    return !(Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid));
  });
  await settleLimit(stale, CONCURRENCY, (c) => withTimeout(docker.getContainer(c.Id).remove({ force: true, v: true }), CALL_TIMEOUT_MS, 'remove stale'));
  return stale.length;
}

export interface PsOptions {
  processRuns: number;
  processWarmup: number;
  rssRuns: number;
  inProcessRuns: number;
  modelRuns: number;
  log: (s: string) => void;
}

function countLines(stdout: string): number {
  return stdout.split('\n').filter((l) => l.trim() !== '').length;
}

/** Measures one scenario with the containers currently present (`benchCount` of them are ours). */
export async function benchScenario(label: string, benchCount: number, opts: PsOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const n = `${label} containers`;
  const env = { ...process.env, NO_COLOR: '1' };
  const seen = { dockerdb: 0, docker: 0 };

  // --- end to end, as processes ---
  const cliArgv = [process.execPath, CLI, 'ps', '--json', '--all'];
  const dockerArgv = ['docker', 'ps', '--all', '--no-trunc', '--format', '{{json .}}'];
  const processRow: Row = { figure: `dockerdb ps --json --all, ${n}`, unit: 'ms', value: null, baseline: null, baselineLabel: "docker ps --all --format '{{json .}}'" };
  try {
    processRow.baseline = await timeProcess(dockerArgv, {
      warmup: opts.processWarmup,
      runs: opts.processRuns,
      env,
      check: (out) => {
        seen.docker = countLines(out);
      },
    });
    processRow.value = await timeProcess(cliArgv, {
      warmup: opts.processWarmup,
      runs: opts.processRuns,
      cwd: root,
      env,
      check: (out) => {
        const list = JSON.parse(out) as unknown[];
        if (!Array.isArray(list)) throw new Error('dockerdb ps --json did not print an array');
        seen.dockerdb = list.length;
      },
    });
    const nodeFloor = await timeProcess([process.execPath, '-e', ''], { warmup: 1, runs: opts.processRuns, env });
    processRow.note =
      `listed: dockerdb ${seen.dockerdb}, docker ${seen.docker} (${benchCount} made by the bench, the rest were already on the engine); ` +
      `node startup alone (node -e ''): ${nodeFloor.median.toFixed(1)} ms`;
    if (seen.dockerdb < benchCount) throw new Error(`dockerdb ps listed ${seen.dockerdb} containers, expected at least ${benchCount}`);
  } catch (e) {
    processRow.error = (e as Error).message;
  }
  rows.push(processRow);

  const rssRow: Row = { figure: `dockerdb ps peak RSS, ${n}`, unit: 'MB', value: null, baseline: null, baselineLabel: 'docker ps peak RSS' };
  try {
    rssRow.baseline = (await peakRssMb(dockerArgv, { runs: opts.rssRuns, env })) ?? null;
    rssRow.value = (await peakRssMb(cliArgv, { runs: opts.rssRuns, cwd: root, env })) ?? null;
    if (!rssRow.baseline) rssRow.note = 'no /usr/bin/time: peak RSS of a non-Node program is not measured';
  } catch (e) {
    rssRow.error = (e as Error).message;
  }
  rows.push(rssRow);

  // --- in process ---
  const listRow: Row = { figure: `core listContainers(), ${n}`, unit: 'ms', value: null, baseline: null, baselineLabel: 'dockerode listContainers() (raw list call)' };
  const overheadRow: Row = {
    figure: `listContainers() overhead over raw, ${n}`,
    unit: 'ms',
    value: null,
    baseline: null,
    baselineLabel: 'the raw list call inside the same listContainers() call',
    goal: benchCount >= 200 ? MODEL_OVERHEAD_GOAL_MS : undefined,
    note: 'per call: listContainers() time minus the time of the dockerode list call it made (model building, sort, promise hops)',
  };
  const viewRow: Row = {
    figure: `tree model: buildContainersView(), ${n}`,
    unit: 'ms',
    value: null,
    baseline: null,
    baselineLabel: 'one-pass Map group-by project, no sort',
    note: 'the Containers view model (no compose files in the workspace), showAll',
  };
  try {
    const { docker } = await connectDocker({ timeoutMs: 10000 });
    const core = (): Promise<ContainerSummary[]> => withTimeout(listContainers(docker, { all: true }), CALL_TIMEOUT_MS, 'core listContainers');
    const raw = (): Promise<Docker.ContainerInfo[]> => withTimeout(docker.listContainers({ all: true }), CALL_TIMEOUT_MS, 'raw listContainers');
    const pair = await timePair(core, raw, { warmup: 3, runs: opts.inProcessRuns });
    listRow.value = pair.a;
    listRow.baseline = pair.b;
    listRow.note = "core and raw calls alternate (A B, B A, ...); the engine's own variance dominates both";

    // The overhead inside one call: wrap the client so the list call it makes is timed on its own.
    let inner = 0;
    const timedDocker = {
      listContainers: async (o: Docker.ContainerListOptions) => {
        const t0 = nowMs();
        try {
          return await docker.listContainers(o);
        } finally {
          inner = nowMs() - t0;
        }
      },
    } as unknown as Docker;
    const overheads: number[] = [];
    const inners: number[] = [];
    for (let i = 0; i < 3 + opts.inProcessRuns; i++) {
      const t0 = nowMs();
      await withTimeout(listContainers(timedDocker, { all: true }), CALL_TIMEOUT_MS, 'core listContainers (timed)');
      const total = nowMs() - t0;
      if (i >= 3) {
        overheads.push(total - inner);
        inners.push(inner);
      }
    }
    overheadRow.value = summarize(overheads);
    overheadRow.baseline = summarize(inners);

    const model = await core();
    let sink = 0;
    const naiveGroup = (): number => {
      const m = new Map<string, ContainerSummary[]>();
      for (const c of model) {
        const k = c.composeProject ?? '';
        const l = m.get(k);
        if (l) l.push(c);
        else m.set(k, [c]);
      }
      return m.size;
    };
    viewRow.baseline = await timeIt(() => (sink += naiveGroup()), { warmup: 20, runs: opts.modelRuns });
    viewRow.value = await timeIt(() => (sink += buildContainersView([], model, { showAll: true }).length), { warmup: 20, runs: opts.modelRuns });
    if (sink < 0) opts.log('unreachable'); // keeps the work observable
  } catch (e) {
    for (const r of [listRow, overheadRow, viewRow]) if (!r.value) r.error = (e as Error).message;
  }
  rows.push(listRow, overheadRow, viewRow);
  return rows;
}

/** True when the bundle the process figures need is there. */
export function cliBuilt(): boolean {
  return fs.existsSync(CLI);
}

