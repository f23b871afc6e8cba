/**
 * `diagnoseContainer` when every connection slot is taken: a real server with max_connections=4
 * and no reserved slots, filled by this test's own clients.
 */
import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import { connectDocker } from '../../src/core/docker/client';
import { diagnoseContainer } from '../../src/core/diagnostics/runner';
import { PgFixture, removeRunContainers, requireDocker, startPostgres, waitForPostgresReady } from '../support/docker';
import { findCheck, showReport } from '../support/diagnostics';

describe('diagnostics: too many connections', function () {
  this.timeout(120000);
  let fx: PgFixture;
  const clients: Client[] = [];

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    fx = await startPostgres({ cmd: ['-c', 'max_connections=4', '-c', 'superuser_reserved_connections=0'] });
    await waitForPostgresReady(fx, 60000);
  });

  after(async function () {
    this.timeout(60000);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await removeRunContainers();
  });

  it('every slot taken: too-many-connections (53300) on the host and inside, down', async () => {
    let refused = false;
    for (let i = 0; i < 8 && !refused; i++) {
      const c = new Client({ host: '127.0.0.1', port: fx.hostPort as number, user: fx.user, password: fx.password, database: fx.db, connectionTimeoutMillis: 5000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        clients.push(c);
      } catch (e) {
        assert.match((e as Error).message, /too many clients|remaining connection slots/, 'only a full server may refuse here');
        refused = true;
      }
    }
    assert.ok(refused && clients.length >= 1, `the server is full (${clients.length} connections held)`);
    const r = await diagnoseContainer(fx.name, { connected: await connectDocker() });
    showReport('too many connections', r);
    assert.deepEqual([r.verdict, r.rootCause, r.transport], ['down', 'too-many-connections', 'none'], JSON.stringify(r.checks, null, 1));
    assert.equal(findCheck(r, 'database:').code, '53300');
    assert.equal(findCheck(r, 'inside.psql').code, '53300');
    assert.match(r.fixSteps[0], /max_connections/);
  });
});
