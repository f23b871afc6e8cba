import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectDocker } from '../../src/core/docker/client';
import { ContainerUnavailableError, execInContainer } from '../../src/core/docker/exec';
import { waitUntilHealthy, WaitError } from '../../src/core/docker/wait';
import { readContainerCredentials } from '../../src/core/engines/containerCredentials';
import { removeRunContainers, requireDocker, startPlainContainer, startPostgres } from '../support/docker';
import type Docker from 'dockerode';

describe('exec, wait and credentials against real containers', function () {
  this.timeout(120000);
  let docker: Docker;
  const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-secrets-'));

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    docker = (await connectDocker()).docker;
  });

  after(async function () {
    this.timeout(60000);
    await removeRunContainers();
    fs.rmSync(secrets, { recursive: true, force: true });
  });

  it('waits until healthy, and fails fast with the health output when unhealthy', async () => {
    const [good, bad] = await Promise.all([startPostgres(), startPostgres({ health: 'failing' })]);
    const progress: string[] = [];
    const ok = await waitUntilHealthy(docker, good.name, { timeoutMs: 60000, onProgress: (p) => progress.push(p.health) });
    assert.equal(ok.status, 'healthy');
    assert.equal(ok.name, good.name);
    assert.ok(progress.includes('starting'), `saw ${progress.join(',')}`);
    await assert.rejects(waitUntilHealthy(docker, bad.id, { timeoutMs: 60000 }), (err: WaitError) => {
      assert.equal(err.reason, 'unhealthy');
      assert.match(err.message, /is unhealthy\. Last health check: exit 1/);
      return true;
    });
  });

  it('reports an exited container with its exit code and last log lines', async () => {
    // A health check keeps it "starting" until it dies, so the wait cannot see it as ready first.
    const crash = await startPlainContainer({ cmd: ['sh', '-c', 'sleep 0.5; echo "FATAL: config file missing" >&2; exit 4'], health: { test: ['CMD', 'true'], intervalMs: 30000 } });
    await assert.rejects(waitUntilHealthy(docker, crash.id, { timeoutMs: 30000 }), (err: WaitError) => {
      assert.equal(err.reason, 'exited');
      assert.match(err.message, /exited with code 4/);
      assert.match(err.message, /FATAL: config file missing/);
      return true;
    });
  });

  it('times out, and can be cancelled', async () => {
    const slow = await startPlainContainer({ cmd: ['sleep', '300'], health: { test: ['CMD', 'sh', '-c', 'sleep 100'], intervalMs: 30000 } });
    await assert.rejects(waitUntilHealthy(docker, slow.id, { timeoutMs: 1200 }), (err: WaitError) => err.reason === 'timeout' && /not healthy after 1 s/.test(err.message));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await assert.rejects(waitUntilHealthy(docker, slow.id, { timeoutMs: 30000, signal: controller.signal }), (err: WaitError) => err.reason === 'cancelled');
    assert.ok(Date.now() - started < 3000);
    await assert.rejects(waitUntilHealthy(docker, 'dockerdb-no-such-container-xyz', { timeoutMs: 2000 }), (err: WaitError) => err.reason === 'gone');
  });

  it('exec passes stdin and env, demultiplexes, caps output, and names a stopped container', async () => {
    const c = await startPlainContainer({ cmd: ['sleep', '300'] });
    const r = await execInContainer(docker, c.id, ['sh', '-c', 'cat; echo "err:$SECRET_X" >&2; exit 5'], { stdin: 'from stdin', env: { SECRET_X: 'v1' } });
    assert.deepEqual([r.exitCode, r.stdout.toString(), r.stderr, r.truncated], [5, 'from stdin', 'err:v1\n', false]);
    const big = await execInContainer(docker, c.id, ['sh', '-c', 'head -c 3000000 /dev/zero'], { maxOutputBytes: 100000 });
    assert.equal(big.stdout.length, 100000);
    assert.equal(big.truncated, true);
    const inspect = await docker.getContainer(c.id).inspect();
    assert.ok(!JSON.stringify(inspect).includes('v1'), 'exec env is not kept in the container config');
    await docker.getContainer(c.id).stop({ t: 0 });
    await assert.rejects(execInContainer(docker, c.id, ['true']), (err: ContainerUnavailableError) => err.reason === 'not running' && /is not running/.test(err.message));
    await c.remove();
    await assert.rejects(execInContainer(docker, c.id, ['true']), (err: ContainerUnavailableError) => err.reason === 'gone');
  });

  it('reads credentials from the environment and *_FILE secrets inside the container', async () => {
    fs.writeFileSync(path.join(secrets, 'pw'), 'file-secret-pw\n');
    fs.chmodSync(secrets, 0o755);
    fs.chmodSync(path.join(secrets, 'pw'), 0o644);
    const plain = await startPostgres({ user: 'app', password: 'env-pw', db: 'shop', health: 'none' });
    const filed = await startPostgres({ password: '', env: { POSTGRES_PASSWORD_FILE: '/run/secrets/pw' }, binds: [`${secrets}:/run/secrets:ro`], health: 'none' });
    const a = await readContainerCredentials(docker, plain.id);
    assert.deepEqual([a?.engine, a?.user, a?.password, a?.database, a?.warnings], ['postgres', 'app', 'env-pw', 'shop', []]);
    const b = await readContainerCredentials(docker, filed.id);
    assert.deepEqual([b?.user, b?.password, b?.passwordSource, b?.warnings], ['postgres', 'file-secret-pw', 'POSTGRES_PASSWORD_FILE', []]);
    const app = await startPlainContainer({ cmd: ['sleep', '300'], labels: { 'dockerdb.engine': 'none' } });
    assert.equal(await readContainerCredentials(docker, app.id), null, 'not a database: no credentials');
  });
});
