/**
 * Proves that the fixture image dockerdb-fixture/postgres:15 is a faithful
 * stand-in for the official `postgres` image, and that the helpers in
 * test/support/docker.ts work against a real engine.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  FIXTURE_IMAGE,
  PgFixture,
  TEST_LABEL,
  TEST_RUN_ID,
  containerLogs,
  execIn,
  freePort,
  removeRunContainers,
  requireDocker,
  startPlainContainer,
  startPostgres,
  testDocker,
  waitForExit,
  waitForHealth,
  waitForPostgresReady,
} from '../support/docker';

async function tcpConnect(fx: PgFixture, password: string, database = fx.db): Promise<Client> {
  assert.ok(fx.hostPort, 'fixture has a published port');
  const client = new Client({
    host: '127.0.0.1',
    port: fx.hostPort,
    user: fx.user,
    password,
    database,
    connectionTimeoutMillis: 5000,
    query_timeout: 5000,
  });
  await client.connect();
  return client;
}

describe('postgres fixture image (integration)', function () {
  const cleanups: Array<() => Promise<void>> = [];

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
  });

  after(async function () {
    this.timeout(60000);
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await removeRunContainers();
  });

  describe('with POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB', function () {
    // Quotes, spaces, $ and backslash: the password must survive env -> initdb untouched.
    const password = `p@ss 'w"o$rd\\ ${Date.now()}`;
    let fx: PgFixture;
    let startedAt = 0;
    let healthAtStart: string | undefined;

    before(async function () {
      this.timeout(120000);
      startedAt = Date.now();
      fx = await startPostgres({ user: 'alice', password, db: 'shop', labels: { 'dockerdb.test.case': 'fixture' } });
      cleanups.push(() => fx.remove());
      const info = await testDocker().getContainer(fx.id).inspect();
      healthAtStart = info.State.Health?.Status;
    });

    it('is created from the fixture image, labelled for this run, published on 127.0.0.1', async function () {
      const info = await testDocker().getContainer(fx.id).inspect();
      assert.equal(info.Config.Image, FIXTURE_IMAGE);
      assert.equal(info.Config.Labels[TEST_LABEL], TEST_RUN_ID);
      assert.equal(info.Config.Labels['dockerdb.test.case'], 'fixture');
      assert.ok(info.Config.Env.includes('POSTGRES_USER=alice'));
      assert.ok(info.Config.Env.includes('POSTGRES_DB=shop'));
      const pgIds = `${execFileSync('id', ['-u', 'postgres']).toString().trim()}:${execFileSync('id', ['-g', 'postgres']).toString().trim()}`;
      assert.equal(info.Config.User, pgIds, 'runs as the host postgres uid:gid');
      const binding = info.NetworkSettings.Ports['5432/tcp']?.[0];
      assert.equal(binding?.HostIp, '127.0.0.1');
      assert.equal(Number(binding?.HostPort), fx.hostPort);
    });

    it('health goes starting -> healthy with pg_isready', async function () {
      this.timeout(60000);
      assert.equal(healthAtStart, 'starting');
      await waitForHealth(fx.id, 'healthy', 30000);
      console.log(`      (start -> healthy in ${Date.now() - startedAt} ms)`);
      await waitForPostgresReady(fx, 10000);
    });

    it('logs like the official image', async function () {
      const { all } = await containerLogs(fx.id);
      assert.match(all, /PostgreSQL init process complete; ready for start up\./);
      assert.match(all, /database system is ready to accept connections/);
      // the final server listens on all addresses
      assert.match(all, /listening on IPv4 address "0\.0\.0\.0", port 5432/);
      assert.ok(!all.includes(password), 'the password never appears in the logs');
    });

    it('accepts the right password over TCP from the host (user and database honoured)', async function () {
      const client = await tcpConnect(fx, password);
      try {
        const r = await client.query('select current_user, current_database()');
        assert.deepEqual(r.rows, [{ current_user: 'alice', current_database: 'shop' }]);
        const su = await client.query('select rolsuper from pg_roles where rolname = current_user');
        assert.equal(su.rows[0].rolsuper, true);
        const ver = await client.query('show server_version_num');
        assert.match(String(ver.rows[0].server_version_num), /^15\d{4}$/);
        const auth = await client.query(
          "select count(*)::int as n from pg_hba_file_rules where type = 'host' and 'all' = any(database) and 'all' = any(user_name) and address = 'all' and auth_method = 'scram-sha-256'",
        );
        assert.ok(auth.rows[0].n >= 1, 'pg_hba has host all all all scram-sha-256');
      } finally {
        await client.end();
      }
    });

    it('rejects a wrong password over TCP with SQLSTATE 28P01', async function () {
      await assert.rejects(tcpConnect(fx, 'definitely-wrong'), (e: unknown) => {
        assert.equal((e as { code?: string }).code, '28P01');
        return true;
      });
    });

    it('rejects a database that does not exist with SQLSTATE 3D000', async function () {
      await assert.rejects(tcpConnect(fx, password, 'nope'), (e: unknown) => {
        assert.equal((e as { code?: string }).code, '3D000');
        return true;
      });
    });

    it('trusts the local socket: docker exec psql needs no password', async function () {
      const r = await execIn(fx.id, ['psql', '-U', 'alice', '-d', 'shop', '-c', 'select 1']);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, /\?column\?\s*\n-+\n\s*1\n\(1 row\)/);
      const who = await execIn(fx.id, ['psql', '-U', 'alice', '-d', 'shop', '-XtAc', 'select current_user, current_database()']);
      assert.equal(who.stdout.trim(), 'alice|shop');
    });

    it('execIn passes stdin, env and reports exit codes and stderr', async function () {
      const viaStdin = await execIn(fx.id, ['psql', '-U', 'alice', '-d', 'shop', '-XtA', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
        stdin: "select 40 + 2;\nselect current_setting('application_name');\n",
        env: ['PGAPPNAME=fixture-test'],
      });
      assert.equal(viaStdin.exitCode, 0, viaStdin.stderr);
      assert.equal(viaStdin.stdout, '42\nfixture-test\n');

      const failing = await execIn(fx.id, ['sh', '-c', 'echo out; echo err >&2; exit 7']);
      assert.deepEqual(failing, { exitCode: 7, stdout: 'out\n', stderr: 'err\n' });

      const bad = await execIn(fx.id, ['psql', '-U', 'alice', '-d', 'shop', '-X', '-v', 'ON_ERROR_STOP=1', '-c', 'select * from no_such_table']);
      assert.notEqual(bad.exitCode, 0);
      assert.match(bad.stderr, /relation "no_such_table" does not exist/);
    });

    it('runs as the postgres user with the host binaries', async function () {
      const r = await execIn(fx.id, ['sh', '-c', 'id -un; command -v psql; echo "$PGDATA"']);
      assert.equal(r.stdout, 'postgres\n/usr/lib/postgresql/15/bin/psql\n/var/lib/postgresql/data\n');
    });
  });

  describe('variants', function () {
    it('uses postgres/postgres defaults and a random password when none are given', async function () {
      this.timeout(60000);
      const fx = await startPostgres();
      cleanups.push(() => fx.remove());
      assert.equal(fx.user, 'postgres');
      assert.equal(fx.db, 'postgres');
      assert.ok(fx.password.length >= 20);
      assert.match(fx.name, /^dockerdb-test-pg-[0-9a-f]+$/);
      await waitForPostgresReady(fx, 30000);
      const client = await tcpConnect(fx, fx.password);
      try {
        const r = await client.query('select current_user, current_database()');
        assert.deepEqual(r.rows, [{ current_user: 'postgres', current_database: 'postgres' }]);
      } finally {
        await client.end();
      }
    });

    it('honours *_FILE variables and runs /docker-entrypoint-initdb.d scripts', async function () {
      this.timeout(60000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-fixture-'));
      cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      fs.chmodSync(dir, 0o755);
      fs.writeFileSync(path.join(dir, 'pw'), 'from-a-file\n', { mode: 0o644 });
      fs.writeFileSync(path.join(dir, '01-schema.sql'), 'create table items(id int primary key, name text);\ninsert into items values (1, $$one$$);\n', { mode: 0o644 });
      fs.writeFileSync(path.join(dir, '02-more.sh'), 'psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "insert into items values (2, \'two\')"\n', { mode: 0o644 });
      const fx = await startPostgres({
        user: 'bob',
        password: '',
        db: 'inventory',
        env: { POSTGRES_PASSWORD_FILE: '/run/secrets-test/pw' },
        binds: [`${dir}:/docker-entrypoint-initdb.d:ro`, `${dir}:/run/secrets-test:ro`],
        health: 'none',
      });
      cleanups.push(() => fx.remove());
      await waitForPostgresReady(fx, 30000);
      const client = await tcpConnect(fx, 'from-a-file');
      try {
        const r = await client.query('select id, name from items order by id');
        assert.deepEqual(r.rows, [{ id: 1, name: 'one' }, { id: 2, name: 'two' }]);
      } finally {
        await client.end();
      }
      const { all } = await containerLogs(fx.id);
      assert.match(all, /running \/docker-entrypoint-initdb\.d\/01-schema\.sql/);
      assert.match(all, /sourcing \/docker-entrypoint-initdb\.d\/02-more\.sh/);
    });

    it('publishes on a requested host port, or not at all', async function () {
      this.timeout(60000);
      const port = await freePort();
      const fx = await startPostgres({ publish: { hostPort: port }, health: 'none' });
      cleanups.push(() => fx.remove());
      assert.equal(fx.hostPort, port);
      const hidden = await startPostgres({ publish: false, health: 'none' });
      cleanups.push(() => hidden.remove());
      assert.equal(hidden.hostPort, null);
      const info = await testDocker().getContainer(hidden.id).inspect();
      assert.deepEqual(info.HostConfig.PortBindings ?? {}, {});
    });

    it("goes unhealthy with health 'failing'", async function () {
      this.timeout(60000);
      const fx = await startPostgres({ health: 'failing', publish: false });
      cleanups.push(() => fx.remove());
      await waitForHealth(fx.id, 'unhealthy', 30000);
      const info = await testDocker().getContainer(fx.id).inspect();
      assert.equal(info.State.Running, true, 'still running, just unhealthy');
    });

    it('exits non-zero with the official error in its logs when POSTGRES_PASSWORD is missing', async function () {
      this.timeout(60000);
      const fx = await startPostgres({ password: '', publish: false, health: 'none' });
      cleanups.push(() => fx.remove());
      const info = await testDocker().getContainer(fx.id).inspect();
      assert.ok(!info.Config.Env.some((e) => e.startsWith('POSTGRES_PASSWORD=')));
      const code = await waitForExit(fx.id, 20000);
      assert.notEqual(code, 0);
      const logs = await containerLogs(fx.id);
      assert.match(logs.stderr, /Database is uninitialized and superuser password is not specified/);
      assert.match(logs.stderr, /POSTGRES_HOST_AUTH_METHOD=trust/);
    });

    it('startPlainContainer runs other commands in the same image', async function () {
      this.timeout(60000);
      const boom = await startPlainContainer({ cmd: ['sh', '-c', 'echo boom >&2; exit 3'] });
      cleanups.push(() => boom.remove());
      assert.equal(await waitForExit(boom.id, 20000), 3);
      assert.equal((await containerLogs(boom.id)).stderr, 'boom\n');

      const sleeper = await startPlainContainer({ cmd: ['sleep', '300'], health: { test: ['true'], intervalMs: 500 } });
      cleanups.push(() => sleeper.remove());
      await waitForHealth(sleeper.id, 'healthy', 20000);
      await sleeper.remove();
      await assert.rejects(testDocker().getContainer(sleeper.id).inspect(), (e: unknown) => {
        assert.equal((e as { statusCode?: number }).statusCode, 404);
        return true;
      });
    });
  });
});
