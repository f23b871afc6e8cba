/**
 * `diagnoseContainer` beyond one container: a crash loop, IPv4 and IPv6 probed separately,
 * siblings on other networks (dns-failure), a workspace .env with a wrong port (config-mismatch),
 * and `dockerdb doctor` spawned from dist/cli.js (exit codes, the JSON shape).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { connectDocker, ConnectedDocker } from '../../src/core/docker/client';
import { diagnoseContainer } from '../../src/core/diagnostics/runner';
import { ROOT_CAUSES } from '../../src/shared/diagnostics';
import { createTestNetwork, FIXTURE_IMAGE, fixtureHostConfig, freePort, PgFixture, removeRunContainers, removeTestNetworks, requireDocker, startPlainContainer, startPostgres, testDocker, TEST_LABEL, TEST_RUN_ID, waitForHealth, waitForPostgresReady } from '../support/docker';
import { findCheck, showReport } from '../support/diagnostics';

const run = promisify(execFile);
const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const PROJECT = `dockerdb-diag-${TEST_RUN_ID}`.toLowerCase().replace(/[^a-z0-9_-]/g, '');

/** A container whose start fails (no POSTGRES_PASSWORD) under restart policy "always". */
async function startCrashLoop(): Promise<string> {
  const name = `dockerdb-test-crashloop-${TEST_RUN_ID}`;
  const c = await testDocker().createContainer({ name, Image: FIXTURE_IMAGE, Labels: { [TEST_LABEL]: TEST_RUN_ID }, HostConfig: { ...fixtureHostConfig(), RestartPolicy: { Name: 'always' } } });
  await c.start();
  const deadline = Date.now() + 60000;
  for (let i = 0; i < 120 && Date.now() < deadline; i++) {
    const info = await c.inspect();
    if ((info.RestartCount ?? 0) >= 2 && info.State.Status !== 'running') return name;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the crash-looping container did not restart twice within 60 s');
}

/** Runs dist/cli.js doctor; resolves with the exit code and output whatever the code. */
async function doctor(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [cli, 'doctor', ...args], { encoding: 'utf8', cwd, timeout: 60000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('diagnostics: crash loop, address families, siblings, workspace, CLI', function () {
  this.timeout(180000);
  let connected: ConnectedDocker;
  let db: PgFixture;
  let dual: PgFixture;
  let crashLoop: string;
  let emptyDir: string;
  let envDir: string;
  let worker: string;
  let api: string;

  before(async function () {
    this.timeout(180000);
    await requireDocker(this);
    connected = await connectDocker();
    const [inner, outer] = await Promise.all([createTestNetwork(`dockerdb-test-inner-${TEST_RUN_ID}`), createTestNetwork(`dockerdb-test-outer-${TEST_RUN_ID}`)]);
    const compose = (service: string, extra: Record<string, string> = {}) => ({ 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': service, ...extra });
    db = await startPostgres({ labels: compose('db'), user: 'app', db: 'shop' });
    await testDocker().getNetwork(inner.id).connect({ Container: db.id, EndpointConfig: { Aliases: ['db'] } });
    dual = await startPostgres();
    crashLoop = await startCrashLoop();
    const [w, a] = await Promise.all([
      startPlainContainer({ cmd: ['sleep', '600'], network: inner.name, labels: compose('worker') }),
      startPlainContainer({ cmd: ['sleep', '600'], network: outer.name, labels: compose('api', { 'com.docker.compose.depends_on': 'db:service_healthy:false' }) }),
      waitForPostgresReady(db, 60000),
      waitForHealth(db.id, 'healthy'),
    ]);
    [worker, api] = [w.name, a.name];
    emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-diag-empty-'));
    envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-diag-env-'));
  });

  after(async function () {
    this.timeout(60000);
    await removeRunContainers();
    await removeTestNetworks().catch((e: Error) => console.warn(`    could not remove test networks: ${e.message}`));
    for (const d of [emptyDir, envDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('crash loop (restart policy always, failing start): crash-loop, down, exit code and the log line', async () => {
    const r = await diagnoseContainer(crashLoop, { connected });
    showReport('crash loop', r);
    assert.deepEqual([r.verdict, r.rootCause, r.transport], ['down', 'crash-loop', 'none'], JSON.stringify(r.checks, null, 1));
    assert.match(r.summary, /crash-looping|is restarting/);
    assert.match(findCheck(r, 'container').detail, /Database is uninitialized and superuser password is not specified/);
    assert.equal(findCheck(r, 'logs').code, 'no-password');
  });

  it('a sibling of the same compose project on another network: dns-failure, degraded, direct; the one on the same network resolves "db"', async () => {
    const r = await diagnoseContainer(db.name, { connected });
    showReport('siblings', r);
    assert.deepEqual([r.verdict, r.rootCause, r.transport], ['degraded', 'dns-failure', 'direct'], JSON.stringify(r.checks, null, 1));
    assert.deepEqual(r.checks.filter((c) => c.layer === 'network').map((c) => c.id), [`network:${api}`, `network:${worker}`], 'the dependent first');
    const apiCheck = findCheck(r, `network:${api}`);
    assert.deepEqual([apiCheck.status, apiCheck.code], ['fail', 'other-network']);
    assert.match(apiCheck.detail, /they share no network, so "db" does not resolve there/);
    const workerCheck = findCheck(r, `network:${worker}`);
    assert.equal(workerCheck.status, 'pass', workerCheck.detail);
    assert.match(workerCheck.detail, /"db" resolves to \d+\.\d+\.\d+\.\d+, and port 5432 answers \(pg_isready\)/);
    assert.ok(r.fixSteps.some((s) => /same network|networks:/.test(s)));
  });

  it('published on 127.0.0.1 only: reachable, ok; no IPv6 address is probed', async () => {
    await waitForPostgresReady(dual, 60000);
    // Ready is not yet healthy: a health check still starting is reported as `starting`.
    await waitForHealth(dual.id, 'healthy', 90000);
    const r = await diagnoseContainer(dual.name, { connected });
    showReport('127.0.0.1 only', r);
    assert.deepEqual([r.verdict, r.rootCause, r.transport], ['ok', 'ok', 'direct']);
    assert.deepEqual(r.checks.filter((c) => c.layer === 'tcp').map((c) => c.id), [`tcp:127.0.0.1:${dual.hostPort}`]);
  });

  it('a .env whose DATABASE_URL has the wrong port: config-mismatch with file and line, degraded, direct', async () => {
    const wrong = await freePort();
    fs.writeFileSync(path.join(envDir, '.env'), `# local settings\nDATABASE_URL=postgres://postgres:${dual.password}@localhost:${wrong}/postgres\n`);
    const r = await diagnoseContainer(dual.name, { connected, workspaceFolders: [envDir] });
    showReport('.env wrong port', r);
    assert.deepEqual([r.verdict, r.rootCause, r.transport], ['degraded', 'config-mismatch', 'direct'], JSON.stringify(r.checks.filter((x) => x.layer === 'config'), null, 1));
    const c = findCheck(r, 'config:.env:2');
    assert.deepEqual([c.status, c.code, c.location], ['fail', 'wrong-port', { file: path.join(envDir, '.env'), line: 2 }]);
    assert.match(c.detail, new RegExp(`localhost:${wrong}, where no container publishes PostgreSQL; ${dual.name} publishes it on host port ${dual.hostPort}`));
    assert.equal(r.fixSteps[0], `Change the port in DATABASE_URL to ${dual.hostPort}.`);
    assert.ok(!JSON.stringify(r).includes(dual.password), 'the report never contains the password');
    const other = await diagnoseContainer(db.name, { connected, workspaceFolders: [envDir] });
    assert.equal(other.checks.filter((x) => x.layer === 'config' && x.status === 'fail').length, 0, 'a URL for another user/database is not about this container');
    fs.writeFileSync(path.join(envDir, '.env'), `DATABASE_URL=postgres://postgres:${dual.password}@127.0.0.1:${dual.hostPort}/postgres\n`);
    const fixed = await diagnoseContainer(dual.name, { connected, workspaceFolders: [envDir] });
    assert.deepEqual([fixed.verdict, fixed.rootCause, findCheck(fixed, 'config').status], ['ok', 'ok', 'pass']);
  });

  it('dockerdb doctor (dist/cli.js): exit 0 / 1 / 2 and the issue\'s JSON shape; an array without a container', async function () {
    if (!fs.existsSync(cli)) assert.fail(`${cli} is missing: run "npm run build" first`);
    const ok = await doctor([dual.name, '--json'], emptyDir);
    assert.equal(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as Record<string, unknown>;
    assert.deepEqual([report.container, report.verdict, report.rootCause, report.transport], [dual.name, 'ok', 'ok', 'direct']);
    assert.equal(typeof report.ms, 'number');
    for (const c of report.checks as Array<Record<string, unknown>>) {
      assert.ok(['pass', 'warn', 'fail', 'skip'].includes(c.status as string), String(c.status));
      assert.equal(typeof c.id, 'string');
      assert.equal(typeof c.ms, 'number');
      assert.equal(typeof c.detail, 'string');
      assert.ok('fix' in c, `${String(c.id)} has no fix field`);
    }
    const degraded = await doctor([db.name], emptyDir);
    assert.equal(degraded.code, 1, degraded.stdout);
    assert.match(degraded.stdout, new RegExp(`^${db.name}: DEGRADED \\(dns-failure\\), transport direct — \\d+ ms$`, 'm'));
    assert.match(degraded.stdout, /^Fix steps:\n {2}1\. /m);
    const down = await doctor([crashLoop, '--json'], emptyDir);
    assert.equal(down.code, 2, down.stdout);
    assert.equal((JSON.parse(down.stdout) as { rootCause: string }).rootCause, 'crash-loop');
    const all = await doctor(['--json'], emptyDir);
    const reports = JSON.parse(all.stdout) as Array<{ container: string; verdict: 'ok' | 'degraded' | 'down'; rootCause: string }>;
    assert.ok(Array.isArray(reports));
    assert.ok(reports.some((x) => x.container === dual.name) && reports.some((x) => x.container === crashLoop));
    for (const x of reports) assert.ok((ROOT_CAUSES as readonly string[]).includes(x.rootCause), x.rootCause);
    assert.equal(all.code, Math.max(...reports.map((x) => ({ ok: 0, degraded: 1, down: 2 })[x.verdict])), 'exit code = the worst verdict');
  });
});
