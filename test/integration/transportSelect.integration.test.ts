import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { RawContainer, toContainerSummary } from '../../src/core/docker/containers';
import { hostEndpoints } from '../../src/core/docker/endpoints';
import { readContainerCredentials } from '../../src/core/engines/containerCredentials';
import { DirectConnectError, DirectTransport } from '../../src/core/transport/directTransport';
import { probePostgres } from '../../src/core/transport/probe';
import { TransportSelectionError, TransportSelector } from '../../src/core/transport/select';
import type { QueryTarget, QueryTransport } from '../../src/core/transport/types';
import { execIn, freePort, PgFixture, removeRunContainers, requireDocker, startPostgres, TEST_RUN_ID, testDocker, waitForPostgresReady } from '../support/docker';

/** The target the extension would build: container list → summary → published endpoint, credentials from inspect. */
async function targetOf(fx: PgFixture): Promise<QueryTarget> {
  const docker = testDocker();
  const [raw] = (await docker.listContainers({ all: true, filters: { id: [fx.id] } })) as unknown as RawContainer[];
  const summary = toContainerSummary(raw);
  const credentials = await readContainerCredentials(docker, fx.id, 'postgres');
  assert.ok(credentials);
  return { containerId: fx.id, containerName: fx.name, credentials, endpoint: hostEndpoints(summary)[0] ?? null };
}

const added: string[][] = [];
function blackHole(ip: string): string[] {
  // The comment names this run, so cleanup deletes exactly our rule.
  const rule = ['OUTPUT', '-d', ip, '-p', 'tcp', '--dport', '5432', '-m', 'comment', '--comment', `dockerdb-test-${TEST_RUN_ID}`, '-j', 'DROP'];
  execFileSync('iptables', ['-I', ...rule]);
  added.push(rule);
  return rule;
}
function unBlackHole(rule: string[]): void {
  const i = added.indexOf(rule);
  if (i >= 0) added.splice(i, 1);
  execFileSync('iptables', ['-D', ...rule]);
}

const noExec = (): QueryTransport => {
  throw new Error('exec transport not expected here');
};

describe('Transport selection against real containers', function () {
  this.timeout(120000);
  let healthy: PgFixture;
  let unpublished: PgFixture;
  let changedPassword: PgFixture;
  let stopped: PgFixture;
  const selector = new TransportSelector();

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    [healthy, unpublished, changedPassword, stopped] = await Promise.all([
      startPostgres(),
      startPostgres({ publish: false }),
      startPostgres(),
      startPostgres({ publish: { hostPort: await freePort() } }),
    ]);
    await Promise.all([healthy, unpublished, changedPassword, stopped].map((fx) => waitForPostgresReady(fx, 60000)));
  });

  after(async function () {
    this.timeout(60000);
    for (const rule of [...added]) {
      try {
        unBlackHole(rule);
      } catch {
        // already gone
      }
    }
    await selector.dispose();
    await removeRunContainers();
  });

  it('a healthy published port: the probe answers quickly and auto picks direct', async () => {
    const target = await targetOf(healthy);
    assert.equal(target.endpoint?.host, '127.0.0.1');
    const probe = await probePostgres(target.endpoint, target.credentials);
    assert.ok(probe.ok, JSON.stringify(probe));
    assert.ok(probe.ms < 1000, `probe took ${probe.ms} ms`);
    const choice = await selector.choose(target, 'auto');
    assert.equal(choice.kind, 'direct');
    assert.match(choice.reason, /^host port 127\.0\.0\.1:\d+ answered in \d+ ms$/);
    const transport = selector.transportFor(target, choice.kind, noExec);
    const r = await transport.run('SELECT current_user', { reason: choice.reason });
    assert.equal(r.transport, 'direct');
    assert.equal(r.transportReason, choice.reason);
    assert.deepEqual(r.results[0].rows, [['postgres']]);
    assert.equal(selector.transportFor(target, 'direct', noExec), transport);
  });

  it('an unpublished port: auto picks exec without probing; forcing direct is a clear error', async () => {
    const target = await targetOf(unpublished);
    assert.equal(target.endpoint, null);
    const started = Date.now();
    const choice = await selector.choose(target, 'auto');
    assert.equal(choice.kind, 'exec');
    assert.match(choice.reason, /port 5432 is not published on the host/);
    assert.ok(Date.now() - started < 100);
    await assert.rejects(selector.choose(target, 'direct'), TransportSelectionError);
  });

  it('a refused port (stale endpoint of a stopped container, or nothing listening): exec, at once', async () => {
    const target = await targetOf(stopped);
    await testDocker().getContainer(stopped.id).stop({ t: 2 });
    const probe = await probePostgres(target.endpoint, target.credentials);
    assert.equal(probe.ok, false);
    assert.equal(!probe.ok && probe.reason, 'refused');
    assert.ok(probe.ms < 500, `probe took ${probe.ms} ms`);
    const choice = await selector.choose(target, 'auto');
    assert.equal(choice.kind, 'exec');
    assert.match(choice.reason, /^nothing accepted a connection on host port 127\.0\.0\.1:\d+; running psql inside the container/);
    const nobody = await probePostgres({ ...(target.endpoint as NonNullable<QueryTarget['endpoint']>), port: await freePort() }, target.credentials);
    assert.equal(!nobody.ok && nobody.reason, 'refused');
  });

  it('a black-holed port (docker-proxy accepts, the backend dial is dropped): exec within the budget', async () => {
    const target = await targetOf(healthy);
    const networks = (await testDocker().getContainer(healthy.id).inspect()).NetworkSettings.Networks;
    const ip = Object.values(networks)[0]?.IPAddress;
    assert.ok(ip, 'container IP');
    const rule = blackHole(ip);
    try {
      const started = Date.now();
      const probe = await probePostgres(target.endpoint, target.credentials, { budgetMs: 1500 });
      const took = Date.now() - started;
      assert.ok(took < 2500, `probe took ${took} ms`);
      assert.equal(!probe.ok && probe.reason, 'timeout-after-accept');
      assert.match(!probe.ok ? probe.message : '', /accepted the TCP connection but the database never answered.*port forwarding \(docker-proxy\/iptables\) is broken, not the database/);

      selector.invalidate(healthy.id);
      const chose = Date.now();
      const choice = await selector.choose(target, 'auto');
      assert.ok(Date.now() - chose < 2500);
      assert.equal(choice.kind, 'exec');
      assert.match(choice.reason, /^host port 127\.0\.0\.1:\d+ accepted the connection but never answered; running psql inside the container \(docker exec\)$/);

      // Forcing direct does not hang either: the connect timeout turns it into a clear error.
      const direct = new DirectTransport(target, { connectTimeoutMs: 1500 });
      const connecting = Date.now();
      await assert.rejects(direct.run('SELECT 1'), (err: DirectConnectError) => err instanceof DirectConnectError && err.reason === 'timeout-after-accept');
      assert.ok(Date.now() - connecting < 3000);
      await direct.dispose();
    } finally {
      unBlackHole(rule);
    }
    selector.invalidate(healthy.id);
    assert.equal((await selector.choose(target, 'auto')).kind, 'direct');
  });

  it('a password that no longer matches over TCP: exec (the local socket is trusted), keeping the reason', async () => {
    const r = await execIn(changedPassword.id, ['psql', '-v', 'ON_ERROR_STOP=1', '-U', 'postgres', '-c', "ALTER USER postgres PASSWORD 'changed-after-init'"]);
    assert.equal(r.exitCode, 0, r.stderr);
    const target = await targetOf(changedPassword);
    const probe = await probePostgres(target.endpoint, target.credentials);
    assert.equal(!probe.ok && probe.reason, 'auth');
    assert.ok(!probe.ok && !probe.message.includes(changedPassword.password));
    const choice = await selector.choose(target, 'auto');
    assert.equal(choice.kind, 'exec');
    assert.match(choice.reason, /^PostgreSQL on host port 127\.0\.0\.1:\d+ rejected the login of user "postgres"; running psql inside the container/);
    assert.match(choice.detail ?? '', /the password from POSTGRES_PASSWORD differs from the one stored in the database/);
  });
});
