/**
 * Diagnosis figures (issue 6): the whole `diagnoseContainer` run on a healthy container and on a
 * black-holed host port (iptables DROP to the container, docker-proxy still accepting), each beside
 * raw operations measured in the same run: `docker exec … pg_isready`, `docker exec … psql -c
 * 'select 1'`, and a bare TCP connect to the published port.
 */
import * as net from 'node:net';
import { connectDocker } from '../../src/core/docker/client';
import { diagnoseContainer } from '../../src/core/diagnostics/runner';
import { PgFixture, startPostgres, waitForHealth, waitForPostgresReady } from '../support/docker';
import { runProcess, summarize, timeIt, timeProcess } from './measure';
import type { Row } from './table';

function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.setTimeout(3000, () => s.destroy(new Error('connect timeout')));
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

export async function benchDiagnose(opts: { runs: number; log: (s: string) => void }): Promise<Row[]> {
  const rows: Row[] = [];
  let fx: PgFixture | undefined;
  let rule: string[] | undefined;
  try {
    fx = await startPostgres({ labels: { 'dockerdb.bench': 'diagnose' } });
    await waitForPostgresReady(fx, 60000);
    await waitForHealth(fx.id, 'healthy');
    const connected = await connectDocker();
    const port = fx.hostPort as number;
    const name = fx.name;
    const pgIsReady = await timeProcess(['docker', 'exec', fx.id, 'pg_isready', '-U', fx.user], { warmup: 1, runs: opts.runs });
    const select1 = await timeProcess(['docker', 'exec', fx.id, 'psql', '-X', '-U', fx.user, '-d', fx.db, '-c', 'select 1'], { warmup: 1, runs: opts.runs });
    const connect = await timeIt(() => tcpConnect(port), { warmup: 2, runs: opts.runs * 4 });
    const healthy = await timeIt(async () => {
      const r = await diagnoseContainer(name, { connected });
      if (r.verdict !== 'ok') throw new Error(`healthy diagnosis: ${r.verdict} ${r.rootCause}: ${r.summary}`);
    }, { warmup: 1, runs: opts.runs });
    rows.push({ figure: 'diagnosis, healthy container', unit: 'ms', value: healthy, baseline: pgIsReady, baselineLabel: 'docker exec pg_isready (CLI)', goal: 500, note: 'goal: 0.5 s (issue 6)' });
    rows.push({ figure: 'diagnosis, healthy container (vs select 1)', unit: 'ms', value: healthy, baseline: select1, baselineLabel: "docker exec psql -c 'select 1' (CLI)" });
    rows.push({ figure: 'raw TCP connect to the published port', unit: 'ms', value: connect, baseline: connect, baselineLabel: 'itself: the floor of the host-side probe' });

    const info = await connected.docker.getContainer(fx.id).inspect();
    const ip = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
    if (!ip) throw new Error('no container IP');
    rule = ['OUTPUT', '-d', `${ip}/32`, '-p', 'tcp', '--dport', '5432', '-m', 'comment', '--comment', `dockerdb-bench-diagnose-${process.pid}`, '-j', 'DROP'];
    const added = await runProcess(['iptables', '-I', ...rule], { timeoutMs: 10000 });
    if (added.code !== 0) {
      rule = undefined;
      throw new Error(`iptables -I failed: ${added.stderr.trim()}`);
    }
    const holedSelect1 = await timeProcess(['docker', 'exec', fx.id, 'psql', '-X', '-U', fx.user, '-d', fx.db, '-c', 'select 1'], { warmup: 0, runs: opts.runs });
    const samples: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const t0 = Date.now();
      const r = await diagnoseContainer(name, { connected });
      samples.push(Date.now() - t0);
      if (r.rootCause !== 'handshake-timeout' || r.transport !== 'exec') throw new Error(`black-holed diagnosis: ${r.verdict} ${r.rootCause} ${r.transport}`);
    }
    rows.push({ figure: 'diagnosis, black-holed port (worst case)', unit: 'ms', value: summarize(samples), baseline: holedSelect1, baselineLabel: "docker exec psql -c 'select 1' (CLI), same port black-holed", goal: 3000, note: 'goal: 3 s (issue 6); the probe budget is 1.5 s' });
    opts.log(`  diagnose: healthy median ${healthy.median.toFixed(0)} ms, black-holed median ${summarize(samples).median.toFixed(0)} ms`);
  } catch (e) {
    rows.push({ figure: 'diagnosis figures', unit: 'ms', value: null, baseline: null, baselineLabel: '-', error: (e as Error).stack ?? String(e) });
  } finally {
    if (rule) await runProcess(['iptables', '-D', ...rule], { timeoutMs: 10000 }).catch(() => undefined);
    await fx?.remove().catch(() => undefined);
  }
  return rows;
}
