/**
 * The exec transport against a real PostgreSQL 15 container: psql inside it through docker exec.
 */
import * as assert from 'node:assert/strict';
import { ContainerUnavailableError } from '../../src/core/docker/exec';
import { ExecConnectError, ExecTransport, ExecTransportOptions } from '../../src/core/transport/execTransport';
import type { QueryTarget } from '../../src/core/transport/types';
import { execIn, PgFixture, removeRunContainers, requireDocker, startPlainContainer, startPostgres, testDocker, waitForPostgresReady } from '../support/docker';

function targetOf(fx: PgFixture, over: Partial<QueryTarget['credentials']> = {}): QueryTarget {
  return {
    containerId: fx.id,
    containerName: fx.name,
    credentials: { engine: 'postgres', user: fx.user, password: fx.password, database: fx.db, passwordSource: 'POSTGRES_PASSWORD', trust: false, ...over },
    endpoint: null,
  };
}

async function psqlValue(fx: PgFixture, sql: string): Promise<string> {
  const r = await execIn(fx.id, ['psql', '-X', '-A', '-t', '-U', fx.user, '-d', fx.db, '-c', sql]);
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout.trim();
}

describe('exec transport (docker exec psql) against a real PostgreSQL', function () {
  let fx: PgFixture;
  let exec: ExecTransport;
  const transport = (options?: ExecTransportOptions): ExecTransport => new ExecTransport(testDocker(), targetOf(fx), options);

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    fx = await startPostgres({ user: 'app', db: 'shop', publish: false });
    await waitForPostgresReady(fx, 60000);
    exec = transport();
  });

  after(async function () {
    this.timeout(60000);
    await removeRunContainers();
  });

  it('runs several statements in one exec with the command tags, columns and rows the server gives', async () => {
    const r = await exec.run(
      `create table items (id serial primary key, name varchar(20) not null, price numeric(10,2));
       insert into items (name, price) values ('a', 1.5), ('b', null) returning id, name;
       update items set price = 2 where name = 'b';
       set search_path = public;
       select id, name, price from items order by id;
       select * from items where false;
       delete from items where id < 0;
       select`,
      { reason: 'testing' },
    );
    assert.equal(r.error, null);
    assert.equal(r.transport, 'exec');
    assert.equal(r.transportReason, 'testing');
    assert.equal(r.database, 'shop');
    assert.equal(r.user, 'app');
    assert.ok(r.ms > 0);
    assert.deepEqual(
      r.results.map((s) => [s.command, s.rowCount]),
      [['CREATE TABLE', null], ['INSERT 0 2', 2], ['UPDATE 1', 1], ['SET', null], ['SELECT 2', 2], ['SELECT 0', 0], ['DELETE 0', 0], ['SELECT 1', 1]],
    );
    assert.deepEqual(r.results[1].rows, [['1', 'a'], ['2', 'b']]);
    assert.deepEqual(r.results[4].columns, [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'character varying(20)' },
      { name: 'price', type: 'numeric(10,2)' },
    ]);
    assert.deepEqual(r.results[4].rows, [['1', 'a', '1.50'], ['2', 'b', '2.00']]);
    assert.deepEqual(r.results[5].rows, []);
    assert.equal(r.results[5].columns.length, 3);
    assert.deepEqual(r.results[7], { command: 'SELECT 1', columns: [], rows: [[]], rowCount: 1, truncated: false });
  });

  it('returns values in PostgreSQL text form, NULL apart from empty and look-alike text', async () => {
    const big = 'x'.repeat(100 * 1024);
    const markerLike = `#DDB${'0'.repeat(32)}`;
    const nullLike = `N${'f'.repeat(32)}`;
    const r = await exec.run(`set timezone = 'UTC';
      select null::text as a, ''::text as b, 'NULL' as c, '${markerLike}' as d, '${nullLike}' as e,
        'say "hi", ok' as f, E'tab\\there\\nnew line\\r\\n' as g, 'émoji 😀 中文' as h, repeat('x', 102400) as i,
        '\\x00ff'::bytea as j, '{"a": [1, null]}'::json as k, '{"b": 2, "a": 1}'::jsonb as l,
        array[1, null, 3] as m, array['a,b', null, 'c"d', ''] as n, 12345.6789::numeric(12,3) as o,
        '2024-01-02 03:04:05.123456+02'::timestamptz as p, interval '1 day 2 hours' as q, true as r`);
    assert.equal(r.error, null);
    assert.deepEqual(r.results[1].rows, [
      [null, '', 'NULL', markerLike, nullLike, 'say "hi", ok', 'tab\there\nnew line\r\n', 'émoji 😀 中文', big, '\\x00ff', '{"a": [1, null]}', '{"a": 1, "b": 2}', '{1,NULL,3}', '{"a,b",NULL,"c\\"d",""}', '12345.679', '2024-01-02 01:04:05.123456+00', '1 day 02:00:00', 't'],
    ]);
    assert.deepEqual(
      r.results[1].columns.map((c) => c.type),
      ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bytea', 'json', 'jsonb', 'integer[]', 'text[]', 'numeric(12,3)', 'timestamp with time zone', 'interval', 'boolean'],
    );
  });

  it('reports a syntax error with its SQLSTATE, position and statement, after the statements before it', async () => {
    const r = await exec.run("select 1;\nselect 'a',\n  2 frm x y");
    assert.equal(r.results.length, 1);
    assert.deepEqual(r.error, { message: 'syntax error at or near "x"', code: '42601', position: 21, statementIndex: 1 });
    const long = await exec.run(`select '${'a'.repeat(200)}' as v, nocol from (select 1) s`);
    assert.equal(long.error?.code, '42703');
    assert.equal(long.error?.position, 217);
    // An unterminated quote swallows the rest of psql's input; the error still quotes only the SQL.
    const open = await exec.run("select 1; select 'abc");
    assert.deepEqual(open.error, { message: 'unterminated quoted string at or near "\'abc"', code: '42601', position: 8, statementIndex: 1 });
  });

  it('keeps the first result when the second statement fails at run time, with DETAIL, and stops there', async () => {
    const r = await exec.run('create table uniq (id int primary key); insert into uniq values (1), (1); create table not_reached ()');
    assert.deepEqual(r.results.map((s) => s.command), ['CREATE TABLE']);
    assert.equal(r.error?.code, '23505');
    assert.equal(r.error?.statementIndex, 1);
    assert.equal(r.error?.detail, 'Key (id)=(1) already exists.');
    assert.match(r.error?.message ?? '', /duplicate key value violates unique constraint "uniq_pkey"/);
    assert.equal(await psqlValue(fx, "select to_regclass('not_reached') is null"), 't');
  });

  it('collects notices', async () => {
    const r = await exec.run("drop table if exists nope_x; do $$ begin raise notice 'hello %', 42; end $$");
    assert.equal(r.error, null);
    assert.deepEqual(r.notices, [
      { severity: 'NOTICE', message: 'table "nope_x" does not exist, skipping', code: '00000' },
      { severity: 'NOTICE', message: 'hello 42', code: '00000' },
    ]);
    assert.deepEqual(r.results.map((s) => s.command), ['DROP TABLE', 'DO']);
  });

  it('cancels a running statement on the server within about a second and runs nothing after it', async () => {
    const ac = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = Date.now();
      ac.abort();
    }, 1000);
    const r = await exec.run('select 1; select pg_sleep(30); create table after_cancel ()', { signal: ac.signal });
    const took = Date.now() - abortedAt;
    assert.ok(took < 2000, `returned ${took} ms after the abort`);
    assert.deepEqual(r.error, { message: 'canceling statement due to user request', code: '57014', position: null, statementIndex: 1 });
    assert.deepEqual(r.results.map((s) => s.command), ['SELECT 1']);
    assert.equal(await psqlValue(fx, "select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()"), '0');
    assert.equal(await psqlValue(fx, "select to_regclass('after_cancel') is null"), 't');
  });

  it('applies statementTimeoutMs on the server', async () => {
    const r = await exec.run('select pg_sleep(5)', { statementTimeoutMs: 300 });
    assert.equal(r.error?.code, '57014');
    assert.equal(r.error?.message, 'canceling statement due to statement timeout');
  });

  it('keeps rowLimit rows and counts the rest', async () => {
    const r = await exec.run('select g, md5(g::text) from generate_series(1, 5000) g', { rowLimit: 10 });
    assert.equal(r.results[0].rows.length, 10);
    assert.deepEqual(r.results[0].rows[9][0], '10');
    assert.equal(r.results[0].rowCount, 5000);
    assert.equal(r.results[0].truncated, true);
    assert.equal(r.results[0].command, 'SELECT 5000');
  });

  it('cuts output over the cap, says so, and runs no further statement', async () => {
    const small = transport({ maxOutputBytes: 64 * 1024 });
    const r = await small.run("select repeat('y', 1000) from generate_series(1, 1000); create table after_cap ()");
    assert.equal(r.outputCapped, true);
    assert.ok(r.notices.some((n) => n.severity === 'WARNING' && /limit of 64 KiB in statement 1/.test(n.message)), JSON.stringify(r.notices));
    assert.equal(r.error?.statementIndex, 0);
    assert.equal(r.results[0].truncated, true);
    assert.ok(r.results[0].rows.length > 10 && r.results[0].rows.length < 1000, `${r.results[0].rows.length} rows`);
    assert.equal(await psqlValue(fx, "select to_regclass('after_cap') is null"), 't');
  });

  it('refuses COPY FROM STDIN before running anything', async () => {
    const r = await exec.run('create table copy_target (a int); copy copy_target from stdin');
    assert.equal(r.error?.code, '0A000');
    assert.equal(r.error?.statementIndex, 1);
    assert.deepEqual(r.results, []);
    assert.equal(await psqlValue(fx, "select to_regclass('copy_target') is null"), 't');
  });

  it('keeps the password out of the exec argv and out of messages', async () => {
    const running = exec.run('select pg_sleep(1.5); select nocol');
    await new Promise((resolve) => setTimeout(resolve, 700));
    const info = await testDocker().getContainer(fx.id).inspect();
    const argvs = await Promise.all((info.ExecIDs ?? []).map(async (id) => (await testDocker().getExec(id).inspect()).ProcessConfig));
    const psql = argvs.filter((p) => p.entrypoint === 'psql');
    assert.ok(psql.length > 0, 'the running psql exec is listed');
    for (const p of psql) {
      assert.ok(!p.arguments.some((a) => a.includes(fx.password)), `argv: ${JSON.stringify(p.arguments)}`);
      assert.ok(!p.arguments.some((a) => /pg_sleep|select/i.test(a)), 'no SQL in argv');
    }
    const r = await running;
    assert.equal(r.error?.code, '42703');
    assert.ok(!JSON.stringify(r).includes(fx.password));
  });

  it('rejects clearly when psql cannot log in or the container is gone', async () => {
    const wrong = new ExecTransport(testDocker(), targetOf(fx, { user: 'nobody' }));
    await assert.rejects(wrong.run('select 1'), (e: Error) => e instanceof ExecConnectError && /could not log in as "nobody"/.test(e.message) && !e.message.includes(fx.password));
    const gone = new ExecTransport(testDocker(), { ...targetOf(fx), containerId: 'dockerdb-no-such-container', containerName: 'ghost' });
    await assert.rejects(gone.run('select 1'), (e: Error) => e instanceof ContainerUnavailableError && /ghost no longer exists/.test(e.message));
  });

  it('says the server is not ready (not that psql is missing) while the container has no server yet', async () => {
    // Same image, psql present, no server started: what a container being created or recreated looks like.
    const bare = await startPlainContainer({ cmd: ['sleep', '120'] });
    const t = new ExecTransport(testDocker(), { ...targetOf(fx), containerId: bare.id, containerName: bare.name });
    await assert.rejects(t.run('select 1'), (e: Error) => e instanceof ExecConnectError && e.reason === 'not-ready' && e.message.includes(`PostgreSQL inside ${bare.name} is not accepting connections yet`) && !/not found/.test(e.message));
  });

  it('says the container stopped when it stops mid-query', async () => {
    const other = await startPostgres({ publish: false });
    await waitForPostgresReady(other, 60000);
    const t = new ExecTransport(testDocker(), targetOf(other));
    setTimeout(() => void testDocker().getContainer(other.id).stop({ t: 1 }).catch(() => undefined), 1000);
    const started = Date.now();
    const r = await t.run('select 1; select pg_sleep(30)');
    assert.ok(Date.now() - started < 15000);
    assert.deepEqual(r.results.map((s) => s.command), ['SELECT 1']);
    assert.equal(r.error?.statementIndex, 1);
    assert.match(r.error?.message ?? '', new RegExp(`Container ${other.name} stopped while statement 2 was running`));
  });
});
