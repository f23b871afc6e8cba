/**
 * `npm run bench`: Docker DB's speed and memory figures, each beside a raw baseline measured in the
 * same run. Usage: node out/test/bench/run.js [--json FILE] [--only activation|ps|query|results|watcher|diagnose|migrations] [--quick]
 *
 * Exit code: 0 when every figure was measured (a missed goal is printed as MISSED, it is not an
 * error); 1 when a figure could not be measured or the bench's containers could not all be removed.
 * Containers are created only on the local engine, labelled dockerdb.bench=<run id>, and removed at
 * the end, on failure and on SIGINT/SIGTERM.
 */
import Docker from 'dockerode';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { withTimeout } from '../../src/core/util/timeout';
import { ensureFixtureImage, FIXTURE_IMAGE } from '../support/docker';
import { benchActivation } from './activation';
import { benchDiagnose } from './diagnose';
import { benchQuery } from './query';
import { benchResults } from './results';
import { benchMigrations } from './migrations';
import { benchWatcher } from './watcher';
import { runProcess, rssMethod } from './measure';
import { BENCH_LABEL, BenchContainers, benchScenario, cliBuilt, CLI, removeStaleBenchContainers, PsOptions } from './ps';
import { renderDetails, renderTable, Row, writeJson } from './table';

/** The whole run is cut off (with cleanup) after this long. */
const WATCHDOG_MS = 8 * 60 * 1000;

const log = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

function usage(): string {
  return 'usage: node out/test/bench/run.js [--json FILE] [--only activation|ps|query|results|watcher|diagnose|migrations] [--quick]\n';
}

/** Only a local engine: a unix socket, or TCP on a loopback address. */
function localDockerHost(): { ok: boolean; host: string } {
  const host = process.env.DOCKER_HOST ?? '';
  if (host === '' || host.startsWith('unix://') || host.startsWith('/')) return { ok: true, host: host || 'unix:///var/run/docker.sock' };
  try {
    const u = new URL(host);
    return { ok: ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname), host };
  } catch {
    return { ok: false, host };
  }
}

async function machine(): Promise<Record<string, string>> {
  const cpus = os.cpus();
  let dockerVersion = 'unavailable';
  try {
    const r = await runProcess(['docker', 'version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}}, {{.Server.Os}}/{{.Server.Arch}})'], { timeoutMs: 15000 });
    dockerVersion = r.code === 0 ? r.stdout.trim() : `unavailable (${(r.stderr || r.stdout).trim().split('\n')[0]})`;
  } catch (e) {
    dockerVersion = `unavailable (${(e as Error).message})`;
  }
  return {
    cpus: `${cpus.length} x ${cpus[0]?.model?.trim() ?? 'unknown'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    docker: dockerVersion,
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    rss: rssMethod() === 'gnu-time' ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS in the child',
  };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: { json: { type: 'string' }, only: { type: 'string' }, quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage()}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(usage());
    return 0;
  }
  if (args.only !== undefined && !['activation', 'ps', 'query', 'results', 'watcher', 'diagnose', 'migrations'].includes(args.only)) {
    process.stderr.write(`--only must be activation, ps, query, results, watcher, diagnose or migrations\n${usage()}`);
    return 2;
  }
  const jsonFile = args.json ? path.resolve(args.json) : undefined;
  const quick = args.quick === true;
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const started = Date.now();

  const meta = await machine();
  log('Docker DB bench');
  for (const [k, v] of Object.entries(meta)) log(`  ${k.padEnd(8)} ${v}`);
  log(`  run id   ${BENCH_LABEL}=${runId}`);
  log('');

  const rows: Row[] = [];
  let containers: BenchContainers | undefined;
  let cleaning: Promise<boolean> | undefined;

  /** Removes this run's containers (once); true when nothing is left behind. */
  const cleanup = (): Promise<boolean> => {
    if (!cleaning) {
      cleaning = (async () => {
        if (!containers) return true;
        const t0 = Date.now();
        const { removed, errors } = await containers.cleanup();
        log(`cleanup: removed ${removed} bench containers in ${((Date.now() - t0) / 1000).toFixed(1)} s${errors.length ? `; ${errors.length} failed: ${errors.slice(0, 3).join('; ')}` : ''}`);
        if (errors.length) log(`  leftovers: docker rm -f $(docker ps -aq --filter label=${BENCH_LABEL}=${runId})`);
        return errors.length === 0;
      })();
    }
    return cleaning;
  };

  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) {
      log(`${sig} again: exiting without waiting for cleanup`);
      process.exit(130);
    }
    interrupted = true;
    log(`\n${sig}: removing the bench's containers, then exiting`);
    void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const watchdog = setTimeout(() => {
    log(`\nbench watchdog: still running after ${WATCHDOG_MS / 60000} min; cleaning up and giving up`);
    void cleanup().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();

  try {
    if (args.only === undefined || args.only === 'activation') {
      log('activation ...');
      rows.push(...(await benchActivation({ runs: quick ? 5 : 15, warmup: quick ? 1 : 2, log })));
    }

    if (args.only === undefined || args.only === 'watcher') {
      log('watcher ...');
      rows.push(...(await benchWatcher({ runs: quick ? 3 : 6, log })));
    }

    if (args.only === undefined || args.only === 'query') {
      log('query ...');
      rows.push(...(await benchQuery({ runs: quick ? 3 : 5, log })));
    }

    if (args.only === undefined || args.only === 'results') {
      log('results ...');
      rows.push(...(await benchResults({ runs: quick ? 3 : 5, log })));
    }

    if (args.only === undefined || args.only === 'diagnose') {
      log('diagnose ...');
      rows.push(...(await benchDiagnose({ runs: quick ? 3 : 7, log })));
    }

    if (args.only === undefined || args.only === 'migrations') {
      log('migrations ...');
      rows.push(...(await benchMigrations({ runs: quick ? 3 : 5, log })));
    }

    if (args.only === undefined || args.only === 'ps') {
      const psOpts: PsOptions = {
        processRuns: quick ? 5 : 10,
        processWarmup: quick ? 1 : 2,
        rssRuns: quick ? 1 : 3,
        inProcessRuns: quick ? 10 : 20,
        modelRuns: quick ? 100 : 300,
        log,
      };
      const fail = (error: string): Row[] =>
        ['20', '200'].map((n) => ({ figure: `listContainers() overhead over raw, ${n} containers`, unit: 'ms' as const, value: null, baseline: null, baselineLabel: 'the raw list call itself', goal: n === '200' ? 50 : undefined, error }));
      const local = localDockerHost();
      if (!local.ok) {
        rows.push(...fail(`DOCKER_HOST=${local.host} is not a local engine; the bench only creates containers on a local one`));
      } else if (!cliBuilt()) {
        rows.push(...fail(`${CLI} is missing: run "npm run build" first`));
      } else {
        const docker = new Docker();
        let ready = false;
        try {
          await withTimeout(docker.ping(), 5000, 'docker ping: no answer within 5 s');
          await withTimeout(ensureFixtureImage(), 200000, `image ${FIXTURE_IMAGE}`);
          const stale = await removeStaleBenchContainers(docker);
          if (stale > 0) log(`  removed ${stale} containers left by an earlier bench run that died`);
          ready = true;
        } catch (e) {
          rows.push(...fail(`Docker not ready: ${(e as Error).message}`));
        }
        if (ready && !interrupted) {
          containers = new BenchContainers(docker, runId);
          let t0 = Date.now();
          log('ps: creating 20 running containers ...');
          await containers.add(20, true);
          if (interrupted) return 130;
          log(`  ${containers.size} running in ${((Date.now() - t0) / 1000).toFixed(1)} s; measuring`);
          rows.push(...(await benchScenario('20', containers.size, psOpts)));
          if (!interrupted) {
            t0 = Date.now();
            log('ps: creating 180 more (created, not started) ...');
            await containers.add(180, false);
            if (interrupted) return 130;
            log(`  ${containers.size} in total in ${((Date.now() - t0) / 1000).toFixed(1)} s; measuring`);
            rows.push(...(await benchScenario('200', containers.size, psOpts)));
          }
        }
      }
    }
  } catch (e) {
    rows.push({ figure: 'bench', unit: 'ms', value: null, baseline: null, baselineLabel: '-', error: (e as Error)?.stack ?? String(e) });
  } finally {
    const clean = await cleanup();
    if (!clean) rows.push({ figure: 'cleanup', unit: 'ms', value: null, baseline: null, baselineLabel: '-', error: 'some bench containers could not be removed' });
  }
  clearTimeout(watchdog);

  log('');
  log(renderTable(rows));
  log('Details (medians in the table; baseline = the raw operation measured in this same run):');
  log(renderDetails(rows));
  log(`bench took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (jsonFile) {
    writeJson(jsonFile, { runId, machine: meta, date: new Date().toISOString() }, rows);
    log(`rows written to ${jsonFile}`);
  }
  const broken = rows.filter((r) => r.error);
  if (broken.length > 0) log(`${broken.length} figure(s) could not be measured (see ERROR above)`);
  return broken.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench crashed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
