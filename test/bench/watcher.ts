/**
 * Live-update figures (issue: containers view with live health): Docker health event → watcher
 * change, beside a raw event-stream subscriber; and memory across 1,000 events.
 */
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { connectDocker, ConnectedDocker } from '../../src/core/docker/client';
import type { RawContainer } from '../../src/core/docker/containers';
import { DockerSession } from '../../src/core/docker/session';
import { ContainerWatcher } from '../../src/core/docker/watcher';
import { execIn, startPlainContainer } from '../support/docker';
import { summarize } from './measure';
import type { Row } from './table';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function healthLatency(runs: number, log: (s: string) => void): Promise<Row> {
  const c = await startPlainContainer({ cmd: ['sleep', '600'], labels: { 'dockerdb.bench': 'watcher' }, health: { test: ['CMD-SHELL', 'test -f /tmp/ready'], intervalMs: 500 } });
  const watcher = new ContainerWatcher(new DockerSession(() => ({ timeoutMs: 5000 })), { safetyPollMs: 600000 });
  const { docker } = await connectDocker();
  const raw = (await docker.getEvents({ filters: { type: ['container'], event: ['health_status'] } })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  const rawSeen: Array<{ id: string; at: number; timeNano: number; status: string }> = [];
  raw.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      try {
        const e = JSON.parse(line) as { id: string; timeNano: number; status: string };
        rawSeen.push({ id: e.id, at: Date.now(), timeNano: e.timeNano, status: e.status });
      } catch {
        // partial line: ignored by this simple baseline
      }
    }
  });
  const watcherSeen: Array<{ at: number; health: string }> = [];
  watcher.onDidChangeContainers((ch) => {
    const mine = ch.containers.find((x) => x.id === c.id);
    if (mine) watcherSeen.push({ at: Date.now(), health: mine.health });
  });
  watcher.start();
  const ours: number[] = [];
  const base: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const want = i % 2 === 0 ? 'healthy' : 'unhealthy';
      await execIn(c.id, ['sh', '-c', want === 'healthy' ? 'touch /tmp/ready' : 'rm -f /tmp/ready']);
      const deadline = Date.now() + 20000;
      let ev: (typeof rawSeen)[number] | undefined;
      let w: (typeof watcherSeen)[number] | undefined;
      while (Date.now() < deadline && !(ev && w)) {
        ev = rawSeen.find((e) => e.id === c.id && e.status.endsWith(want));
        w = ev ? watcherSeen.find((x) => x.health === want && x.at >= ev!.timeNano / 1e6 - 5) : undefined;
        if (!(ev && w)) await sleep(10);
      }
      if (!ev || !w) throw new Error(`no ${want} event within 20 s`);
      const eventMs = ev.timeNano / 1e6;
      ours.push(Math.max(0, w.at - eventMs));
      base.push(Math.max(0, ev.at - eventMs));
      rawSeen.length = 0;
      watcherSeen.length = 0;
    }
  } finally {
    watcher.dispose();
    raw.destroy();
    await c.remove();
  }
  log(`  health events: watcher ${ours.map((x) => x.toFixed(0)).join(', ')} ms; raw stream ${base.map((x) => x.toFixed(0)).join(', ')} ms`);
  return { figure: 'health event → container model change', unit: 'ms', value: summarize(ours), baseline: summarize(base), baselineLabel: 'raw Docker event stream subscriber', goal: 300, note: 'from the event time Docker records; the tree and status bar re-render on this change (e2e saw 50-800 ms end to end in code-server)' };
}

/** 1,000 health events through a real watcher fed by an in-process stream: heap growth after GC. */
async function eventMemory(): Promise<Row> {
  const containers: RawContainer[] = Array.from({ length: 50 }, (_, i) => ({ Id: `c${i}`.padEnd(64, '0'), Names: [`/db${i}`], Image: 'postgres:16', State: 'running', Status: 'Up (healthy)', Labels: {}, Ports: [] }));
  const stream = new PassThrough();
  const docker = { listContainers: async () => containers.map((c) => ({ ...c })), getEvents: async () => stream } as unknown as Docker;
  const session = { get: async () => ({ docker, endpoint: { url: 'unix:///bench', source: 'default' }, apiVersion: '1.41', engineVersion: 'bench' }) as ConnectedDocker, reset: () => undefined };
  const watcher = new ContainerWatcher(session, { debounceMs: 1, safetyPollMs: 600000 });
  let changes = 0;
  watcher.onDidChangeContainers(() => changes++);
  watcher.start();
  await sleep(50);
  const gc = (global as { gc?: () => void }).gc;
  const heap = async (): Promise<number> => {
    gc?.();
    await sleep(20);
    gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const pump = async (n: number, offset: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const c = containers[(offset + i) % containers.length];
      const status = (offset + i) % 2 === 0 ? 'unhealthy' : 'healthy';
      stream.write(`${JSON.stringify({ Type: 'container', Action: `health_status: ${status}`, id: c.Id, Actor: { ID: c.Id, Attributes: { name: c.Names?.[0]?.slice(1) } }, time: 1, timeNano: Date.now() * 1e6 })}\n`);
      if (i % 50 === 0) await sleep(2);
    }
    await sleep(50);
  };
  await pump(1000, 0); // warm up: JIT, maps at their steady size
  const before = await heap();
  await pump(1000, 1000);
  const after = await heap();
  watcher.dispose();
  stream.destroy();
  return {
    figure: 'heap growth across 1,000 health events',
    unit: 'MB',
    value: summarize([Math.max(0, after - before)]),
    baseline: summarize([before]),
    baselineLabel: 'heap in use before the events',
    goal: 1,
    note: `${changes} change events fired${gc ? '' : '; run node with --expose-gc for an exact figure'}`,
  };
}

export async function benchWatcher(opts: { runs: number; log: (s: string) => void }): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, f] of [['health latency', () => healthLatency(opts.runs, opts.log)], ['event memory', eventMemory]] as const) {
    try {
      rows.push(await f());
    } catch (e) {
      rows.push({ figure: name, unit: 'ms', value: null, baseline: null, baselineLabel: '-', error: (e as Error).stack ?? String(e) });
    }
  }
  return rows;
}
