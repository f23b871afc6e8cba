import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { connectDocker } from '../../src/core/docker/client';
import { contextDirName } from '../../src/core/docker/endpoint';
import { listContainers } from '../../src/core/docker/containers';
import type { ContainerSummary } from '../../src/shared/containers';
import { PgFixture, removeRunContainers, requireDocker, startPlainContainer, startPostgres, waitForExit, waitForHealth } from '../support/docker';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

describe('container model and dockerdb ps against a real engine', function () {
  this.timeout(120000);
  let healthy: PgFixture;
  let unhealthy: PgFixture;
  let composed: PgFixture;
  let crashed: { id: string; name: string };
  let plain: { id: string; name: string };

  before(async function () {
    this.timeout(180000);
    await requireDocker(this);
    [healthy, unhealthy, composed, crashed, plain] = await Promise.all([
      startPostgres({ name: `dockerdb-it-healthy-${process.pid}` }),
      startPostgres({ name: `dockerdb-it-unhealthy-${process.pid}`, health: 'failing' }),
      startPostgres({
        name: `dockerdb-it-shop_db_1-${process.pid}`,
        publish: false,
        health: 'none',
        labels: { 'com.docker.compose.project': `shop${process.pid}`, 'com.docker.compose.service': 'db' },
      }),
      startPlainContainer({ name: `dockerdb-it-crash-${process.pid}`, cmd: ['sh', '-c', 'echo "FATAL: boom" >&2; exit 3'] }),
      startPlainContainer({ name: `dockerdb-it-plain.with_odd-chars-${process.pid}`, cmd: ['sleep', '300'] }),
    ]);
    await Promise.all([waitForHealth(healthy.id, 'healthy', 60000), waitForHealth(unhealthy.id, 'unhealthy', 60000), waitForExit(crashed.id, 30000)]);
  });

  after(async function () {
    this.timeout(60000);
    await removeRunContainers();
  });

  function find(list: Array<Pick<ContainerSummary, 'id'>>, id: string): ContainerSummary {
    const found = list.find((c) => c.id === id);
    assert.ok(found, `container ${id.slice(0, 12)} not listed`);
    return found as ContainerSummary;
  }

  it('connects to the engine through the CLI-style endpoint resolution', async () => {
    const connected = await connectDocker({ timeoutMs: 5000 });
    assert.match(connected.apiVersion, /^1\.\d+$/);
  });

  it('follows a Docker context from config.json to the real engine', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-ctx-'));
    try {
      const metaDir = path.join(dir, 'contexts', 'meta', contextDirName('it-context'));
      fs.mkdirSync(metaDir, { recursive: true });
      fs.writeFileSync(path.join(metaDir, 'meta.json'), JSON.stringify({ Name: 'it-context', Endpoints: { docker: { Host: 'unix:///var/run/docker.sock' } } }));
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ currentContext: 'it-context' }));
      const connected = await connectDocker({ env: { DOCKER_CONFIG: dir }, timeoutMs: 5000 });
      assert.equal(connected.endpoint.source, 'currentContext');
      assert.equal(connected.endpoint.context, 'it-context');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists state, health, engine, ports and compose labels with one list call', async () => {
    const { docker } = await connectDocker({ timeoutMs: 5000 });
    let listCalls = 0;
    let inspectCalls = 0;
    const counting = new Proxy(docker, {
      get(target, prop, receiver) {
        if (prop === 'listContainers') listCalls++;
        if (prop === 'getContainer') inspectCalls++;
        return Reflect.get(target, prop, receiver);
      },
    });
    const list = await listContainers(counting, { all: true });
    assert.equal(listCalls, 1);
    assert.equal(inspectCalls, 0);

    const h = find(list, healthy.id);
    assert.deepEqual([h.state, h.health, h.engine, h.composeProject], ['running', 'healthy', 'postgres', null]);
    assert.deepEqual(h.ports, [{ hostIp: '127.0.0.1', hostPort: healthy.hostPort, containerPort: 5432, protocol: 'tcp' }]);

    const u = find(list, unhealthy.id);
    assert.deepEqual([u.state, u.health], ['running', 'unhealthy']);

    const c = find(list, composed.id);
    assert.deepEqual([c.health, c.composeProject, c.composeService, c.ports], ['none', `shop${process.pid}`, 'db', []]);
    assert.deepEqual(c.exposedPorts, [5432]);

    const x = find(list, crashed.id);
    assert.deepEqual([x.state, x.exitCode], ['exited', 3]);

    const p = find(list, plain.id);
    assert.equal(p.name, plain.name);

    const runningOnly = await listContainers(docker);
    assert.ok(!runningOnly.some((r) => r.id === crashed.id), 'stopped containers are listed only with all');
  });

  it('dockerdb ps --json prints the documented array for the real containers', async () => {
    const { stdout } = await run(process.execPath, [cli, 'ps', '--json', '--all'], { encoding: 'utf8' });
    const list = JSON.parse(stdout) as Array<ContainerSummary & Record<string, unknown>>;
    assert.ok(Array.isArray(list));
    const h = find(list, healthy.id);
    for (const key of ['id', 'name', 'image', 'state', 'health', 'engine', 'composeProject', 'composeService', 'ports']) {
      assert.ok(key in h, `missing ${key}`);
    }
    assert.deepEqual([h.name, h.image, h.state, h.health, h.engine], [healthy.name, 'dockerdb-fixture/postgres:15', 'running', 'healthy', 'postgres']);
    assert.deepEqual(h.ports, [{ hostIp: '127.0.0.1', hostPort: healthy.hostPort, containerPort: 5432, protocol: 'tcp' }]);
    assert.equal(find(list, unhealthy.id).health, 'unhealthy');
    assert.equal(find(list, composed.id).composeService, 'db');
  });

  it('dockerdb ps prints a table naming the containers', async () => {
    const { stdout } = await run(process.execPath, [cli, 'ps'], { encoding: 'utf8' });
    const line = stdout.split('\n').find((l) => l.startsWith(`${unhealthy.name} `));
    assert.ok(line, stdout);
    assert.match(line, /postgres\s+running\s+unhealthy\s+127\.0\.0\.1:\d+→5432\/tcp/);
  });

  it('dockerdb ps --engine/--health filter the list', async () => {
    const { stdout } = await run(process.execPath, [cli, 'ps', '--json', '--all', '--engine', 'postgres', '--health', 'unhealthy'], { encoding: 'utf8' });
    const list = JSON.parse(stdout) as ContainerSummary[];
    assert.ok(list.some((c) => c.id === unhealthy.id));
    assert.ok(list.every((c) => c.health === 'unhealthy' && c.engine === 'postgres'));
  });

  it('dockerdb wait exits 0 for a healthy container and 1 with the last health output for an unhealthy one', async () => {
    const ok = await run(process.execPath, [cli, 'wait', healthy.name, '--timeout', '30'], { encoding: 'utf8' });
    assert.match(ok.stdout, new RegExp(`^${healthy.name} is healthy`));
    await assert.rejects(run(process.execPath, [cli, 'wait', unhealthy.name, '--timeout', '30'], { encoding: 'utf8' }), (err: { code?: number; stderr?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr ?? '', /is unhealthy\. Last health check: exit 1/);
      return true;
    });
    await assert.rejects(run(process.execPath, [cli, 'wait', crashed.name, '--timeout', '30'], { encoding: 'utf8' }), (err: { code?: number; stderr?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr ?? '', /exited with code 3[\s\S]*FATAL: boom/);
      return true;
    });
  });

  it('dockerdb ps exits non-zero with a clear message when the engine is unreachable', async () => {
    await assert.rejects(
      run(process.execPath, [cli, 'ps', '--json'], { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'unix:///tmp/dockerdb-no-such-engine.sock' } }),
      (err: { code?: number; stdout?: string; stderr?: string }) => {
        assert.equal(err.code, 1);
        assert.equal(err.stdout, '');
        assert.match(err.stderr ?? '', /No Docker engine answered\. Tried unix:\/\/\/tmp\/dockerdb-no-such-engine\.sock \(from DOCKER_HOST\): the socket does not exist\./);
        return true;
      },
    );
  });
});
