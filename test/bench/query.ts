/**
 * Query figures (issue: run SQL directly or through docker exec): 100,000 rows x 6 columns
 * through both transports against raw psql, memory against the CSV size, and the time to a first
 * result through `auto` when the host port is black-holed.
 */
import { spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { connectDocker } from '../../src/core/docker/client';
import { readContainerCredentials } from '../../src/core/engines/containerCredentials';
import { QueryService } from '../../src/core/query/service';
import { DirectTransport } from '../../src/core/transport/directTransport';
import { ExecTransport } from '../../src/core/transport/execTransport';
import type { QueryTarget } from '../../src/core/transport/types';
import { startPostgres, waitForPostgresReady, PgFixture } from '../support/docker';
import { summarize, timeIt, Stats } from './measure';
import type { Row } from './table';

const ROWS = 100_000;
const SQL = `select g as id, md5(g::text) as hash, g * 2 as doubled, ('2026-01-01'::timestamptz + g * interval '1 minute') as at, 'row ' || g as label, g % 7 = 0 as lucky from generate_series(1, ${ROWS}) g`;

/** Runs argv with stdout to /dev/null (the raw baseline); resolves with the wall time. */
function rawToDevNull(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Number(process.hrtime.bigint() - started) / 1e6);
      else reject(new Error(`${argv.slice(0, 4).join(' ')} exited ${code}: ${err.slice(0, 300)}`));
    });
  });
}

async function timeRaw(argv: string[], runs: number, env?: NodeJS.ProcessEnv): Promise<Stats> {
  await rawToDevNull(argv, env);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await rawToDevNull(argv, env));
  return summarize(samples);
}

/** Peak RSS growth (MB) while `fn` runs, sampled every 5 ms, after a GC when available. */
async function rssGrowth(fn: () => Promise<unknown>): Promise<number> {
  (global as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - base) / 2 ** 20;
}

function iptables(args: string[]): Promise<number> {
  return rawToDevNull(['iptables', ...args]).then(() => 0);
}

export async function benchQuery(opts: { runs: number; log: (s: string) => void }): Promise<Row[]> {
  const rows: Row[] = [];
  let fx: PgFixture | undefined;
  let docker: Docker | undefined;
  const rule = (ip: string): string[] => ['OUTPUT', '-d', ip, '-p', 'tcp', '--dport', '5432', '-j', 'DROP'];
  let blackholed: string | undefined;
  try {
    fx = await startPostgres({ labels: { 'dockerdb.bench': 'query' } });
    await waitForPostgresReady(fx, 60000);
    docker = (await connectDocker()).docker;
    const credentials = await readContainerCredentials(docker, fx.id, 'postgres');
    if (!credentials) throw new Error('no credentials');
    const target: QueryTarget = { containerId: fx.id, containerName: fx.name, credentials, endpoint: { host: '127.0.0.1', port: fx.hostPort as number, containerPort: 5432, loopbackOnly: true, wildcard: false, family: 4 } };
    const exec = new ExecTransport(docker, target);
    const direct = new DirectTransport(target);
    const csvBytes = await new Promise<number>((resolve, reject) => {
      const child = spawn('docker', ['exec', fx!.id, 'psql', '-X', '-U', fx!.user, '-d', fx!.db, '--csv', '-c', SQL], { stdio: ['ignore', 'pipe', 'ignore'] });
      let n = 0;
      child.stdout.on('data', (c: Buffer) => (n += c.length));
      child.on('error', reject);
      child.on('close', () => resolve(n));
    });
    opts.log(`  query: ${ROWS} rows x 6 columns = ${(csvBytes / 2 ** 20).toFixed(1)} MiB of CSV`);

    const rawExec = await timeRaw(['docker', 'exec', fx.id, 'psql', '-X', '-U', fx.user, '-d', fx.db, '--csv', '-c', SQL], opts.runs);
    const execStats = await timeIt(async () => {
      const r = await exec.run(SQL, { rowLimit: ROWS });
      if (r.error || r.results[0].rows.length !== ROWS) throw new Error(`exec run: ${r.error?.message ?? r.results[0].rows.length}`);
    }, { warmup: 1, runs: opts.runs });
    rows.push({ figure: `query via exec, ${ROWS / 1000}k rows x 6, parsed`, unit: 'ms', value: execStats, baseline: rawExec, baselineLabel: 'docker exec psql --csv > /dev/null', goal: rawExec.median * 1.3, note: 'goal: 1.3x the raw baseline' });

    const env = { ...process.env, PGPASSWORD: fx.password };
    const rawTcp = await timeRaw(['psql', '-X', '-h', '127.0.0.1', '-p', String(fx.hostPort), '-U', fx.user, '-d', fx.db, '--csv', '-c', SQL], opts.runs, env);
    const directStats = await timeIt(async () => {
      const r = await direct.run(SQL, { rowLimit: ROWS });
      if (r.error || r.results[0].rows.length !== ROWS) throw new Error(`direct run: ${r.error?.message ?? r.results[0].rows.length}`);
    }, { warmup: 1, runs: opts.runs });
    rows.push({ figure: `query via direct, ${ROWS / 1000}k rows x 6, parsed`, unit: 'ms', value: directStats, baseline: rawTcp, baselineLabel: 'psql -h 127.0.0.1 --csv > /dev/null', goal: rawTcp.median * 1.3, note: 'goal: 1.3x the raw baseline' });

    const csvMb = csvBytes / 2 ** 20;
    const execMem = await rssGrowth(() => exec.run(SQL, { rowLimit: ROWS }));
    rows.push({ figure: `query via exec, peak memory growth`, unit: 'MB', value: summarize([execMem]), baseline: summarize([csvMb]), baselineLabel: 'size of the CSV', goal: csvMb * 4, note: 'goal: 4x the CSV size' });
    const directMem = await rssGrowth(() => direct.run(SQL, { rowLimit: ROWS }));
    rows.push({ figure: `query via direct, peak memory growth`, unit: 'MB', value: summarize([directMem]), baseline: summarize([csvMb]), baselineLabel: 'size of the CSV', goal: csvMb * 4, note: 'goal: 4x the CSV size' });
    await direct.dispose();
    await exec.dispose();

    // Black-holed host port: docker-proxy accepts, the dial to the container is dropped.
    const info = await docker.getContainer(fx.id).inspect();
    const ip = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
    if (!ip) throw new Error('no container IP');
    await iptables(['-I', ...rule(ip)]);
    blackholed = ip;
    const rawSelect1 = await timeRaw(['docker', 'exec', fx.id, 'psql', '-X', '-U', fx.user, '-d', fx.db, '-c', 'select 1'], opts.runs);
    const autoSamples: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const service = new QueryService(async () => docker as Docker); // fresh: no cached decision
      const t0 = process.hrtime.bigint();
      const r = await service.run(fx.name, 'select 1', { via: 'auto' });
      autoSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      await service.dispose();
      if (r.transport !== 'exec' || r.error) throw new Error(`auto on a black-holed port: ${r.transport} ${r.error?.message ?? ''}`);
    }
    rows.push({ figure: 'black-holed port: first result via auto', unit: 'ms', value: summarize(autoSamples), baseline: rawSelect1, baselineLabel: "docker exec psql -c 'select 1'", goal: 2500 });
  } catch (e) {
    rows.push({ figure: 'query figures', unit: 'ms', value: null, baseline: null, baselineLabel: '-', error: (e as Error).stack ?? String(e) });
  } finally {
    if (blackholed) await iptables(['-D', ...rule(blackholed)]).catch(() => undefined);
    await fx?.remove().catch(() => undefined);
  }
  return rows;
}
