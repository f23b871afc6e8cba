import * as assert from 'node:assert/strict';
import { DirectConnectError, DirectTransport } from '../../src/core/transport/directTransport';
import { BUILTIN_TYPE_NAMES, fallbackTypeName } from '../../src/core/transport/pgTypes';
import type { QueryTarget } from '../../src/core/transport/types';
import { freePort, PgFixture, removeRunContainers, requireDocker, startPostgres, testDocker, waitForPostgresReady } from '../support/docker';

function targetOf(fx: PgFixture, over: { password?: string; database?: string; port?: number } = {}): QueryTarget {
  return {
    containerId: fx.id,
    containerName: fx.name,
    credentials: { engine: 'postgres', user: fx.user, password: over.password ?? fx.password, database: fx.db, passwordSource: 'POSTGRES_PASSWORD', trust: false },
    endpoint: { host: '127.0.0.1', port: over.port ?? (fx.hostPort as number), containerPort: 5432, loopbackOnly: true, wildcard: false, family: 4 },
    database: over.database,
  };
}

describe('DirectTransport against a real PostgreSQL container', function () {
  this.timeout(120000);
  let fx: PgFixture;
  let t: DirectTransport;

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    fx = await startPostgres();
    await waitForPostgresReady(fx, 60000);
    t = new DirectTransport(targetOf(fx));
  });

  after(async function () {
    this.timeout(60000);
    await t?.dispose();
    await removeRunContainers();
  });

  it('runs statements one by one with server command tags, and the session persists to the next run', async () => {
    const r = await t.run(
      `SELECT 1 AS one;
       CREATE TEMP TABLE items (id serial PRIMARY KEY, name text);
       INSERT INTO items (name) VALUES ('a'), ('b') RETURNING id, name;
       UPDATE items SET name = upper(name);
       SET application_name = 'dockerdb-session-test'`,
    );
    assert.equal(r.error, null);
    assert.equal(r.transport, 'direct');
    assert.deepEqual(
      r.results.map((s) => [s.command, s.rowCount]),
      [
        ['SELECT 1', 1],
        ['CREATE TABLE', null],
        ['INSERT 0 2', 2],
        ['UPDATE 2', 2],
        ['SET', null],
      ],
    );
    assert.deepEqual(r.results[2].rows, [
      ['1', 'a'],
      ['2', 'b'],
    ]);
    assert.deepEqual(r.results[2].columns, [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text' },
    ]);
    const next = await t.run('SELECT name FROM items ORDER BY id; SHOW application_name');
    assert.equal(next.error, null);
    assert.deepEqual(next.results[0].rows, [['A'], ['B']]);
    assert.deepEqual(next.results[1].rows, [['dockerdb-session-test']]);
  });

  it("returns every value in PostgreSQL's text form, and format_type's column type names", async () => {
    const r = await t.run(`SET TimeZone = 'UTC';
      SELECT NULL::text AS n, ''::text AS empty, 'NULL' AS word, 'it''s "q"' AS quotes, 'a,b' AS comma,
             E'a\\tb' AS tab, E'l1\\nl2' AS nl, 'héllo ✓ 🐘' AS uni, '\\xdeadbeef'::bytea AS b,
             '{"a": [1, 2]}'::json AS j, '{"b":1,"a":[1,2]}'::jsonb AS jb, ARRAY[1, NULL, 3] AS arr,
             ARRAY['x y', '"q"', NULL]::text[] AS tarr, 12345.6789::numeric(12,4) AS num,
             '2024-01-02 03:04:05.678+02'::timestamptz AS ts, 'x'::varchar(20) AS vc, true AS bool,
             1.5::float8 AS f8, interval '1 day 2 hours' AS iv, '2024-01-02'::date AS d, 'ab'::char(3) AS ch`);
    assert.equal(r.error, null);
    const s = r.results[1];
    assert.equal(s.command, 'SELECT 1');
    const got = Object.fromEntries(s.columns.map((c, i) => [c.name, [c.type, s.rows[0][i]]]));
    assert.deepEqual(got, {
      n: ['text', null],
      empty: ['text', ''],
      word: ['text', 'NULL'],
      quotes: ['text', 'it\'s "q"'],
      comma: ['text', 'a,b'],
      tab: ['text', 'a\tb'],
      nl: ['text', 'l1\nl2'],
      uni: ['text', 'héllo ✓ 🐘'],
      b: ['bytea', '\\xdeadbeef'],
      j: ['json', '{"a": [1, 2]}'],
      jb: ['jsonb', '{"a": [1, 2], "b": 1}'],
      arr: ['integer[]', '{1,NULL,3}'],
      tarr: ['text[]', '{"x y","\\"q\\"",NULL}'],
      num: ['numeric(12,4)', '12345.6789'],
      ts: ['timestamp with time zone', '2024-01-02 01:04:05.678+00'],
      vc: ['character varying(20)', 'x'],
      bool: ['boolean', 't'],
      f8: ['double precision', '1.5'],
      iv: ['interval', '1 day 02:00:00'],
      d: ['date', '2024-01-02'],
      ch: ['character(3)', 'ab '],
    });
  });

  it('the built-in fallback type names match format_type on the server', async () => {
    const oids = Object.keys(BUILTIN_TYPE_NAMES).join(',');
    const r = await t.run(`SELECT o::int, format_type(o, -1) FROM unnest('{${oids}}'::oid[]) AS o`);
    assert.equal(r.error, null);
    for (const [oid, name] of r.results[0].rows) assert.equal(BUILTIN_TYPE_NAMES[Number(oid)], name, `oid ${oid}`);
    const pairs: Array<[number, number]> = [[1043, 24], [1042, 7], [1700, (10 << 16) + 2 + 4], [1184, 3], [1114, 0], [1083, 2], [1266, 6], [1560, 5], [1562, 8]];
    const m = await t.run(`SELECT format_type(p[1]::oid, p[2]) FROM (VALUES ${pairs.map(([o, m]) => `(ARRAY[${o}, ${m}])`).join(', ')}) AS v(p)`);
    assert.deepEqual(
      m.results[0].rows.map((row) => row[0]),
      pairs.map(([o, tm]) => fallbackTypeName(o, tm)),
    );
  });

  it('a syntax error reports the statement index and a position relative to that statement', async () => {
    const r = await t.run('SELECT 1;\n\n   SELECT x FROM nowhere_table; SELECT 3');
    assert.equal(r.results.length, 1);
    assert.deepEqual(r.error, { message: 'relation "nowhere_table" does not exist', code: '42P01', position: 15, statementIndex: 1 });
    const syntax = await t.run('SELECT 1; SELEC 2');
    assert.equal(syntax.error?.code, '42601');
    assert.equal(syntax.error?.position, 1);
    assert.equal(syntax.error?.statementIndex, 1);
  });

  it('a runtime error stops the run and keeps the results before it; earlier statements stay committed', async () => {
    const r = await t.run("CREATE TEMP TABLE kept (x int); INSERT INTO kept VALUES (1); SELECT 'first' AS a; SELECT 1/0; SELECT 'never'");
    assert.deepEqual(
      r.results.map((s) => s.command),
      ['CREATE TABLE', 'INSERT 0 1', 'SELECT 1'],
    );
    assert.equal(r.error?.code, '22012');
    assert.equal(r.error?.statementIndex, 3);
    assert.equal((await t.run('SELECT count(*) FROM kept')).results[0].rows[0][0], '1');
  });

  it('keeps the first rowLimit rows and counts them all', async () => {
    const r = await t.run('SELECT g, repeat($$x$$, 100) FROM generate_series(1, 200000) g', { rowLimit: 10 });
    assert.equal(r.results[0].rows.length, 10);
    assert.equal(r.results[0].rowCount, 200000);
    assert.equal(r.results[0].truncated, true);
    assert.equal(r.results[0].rows[9][0], '10');
  });

  it('collects notices and warnings', async () => {
    const r = await t.run("DO $$ BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'careful'; END $$");
    assert.deepEqual(r.notices, [
      { severity: 'NOTICE', message: 'hello 42', code: '00000' },
      { severity: 'WARNING', message: 'careful', code: '01000' },
    ]);
    assert.equal(r.results[0].command, 'DO');
  });

  it('statementTimeoutMs sets statement_timeout for that run only', async () => {
    const started = Date.now();
    const r = await t.run('SELECT pg_sleep(5)', { statementTimeoutMs: 300 });
    assert.equal(r.error?.code, '57014');
    assert.match(r.error?.message ?? '', /statement timeout/);
    assert.ok(Date.now() - started < 2500);
    assert.deepEqual((await t.run('SHOW statement_timeout')).results[0].rows, [['0']]);
  });

  it('cancel stops the backend within ~2 s, keeps finished results, and keeps the session', async () => {
    const pid = (await t.run('SELECT pg_backend_pid()')).results[0].rows[0][0];
    const ac = new AbortController();
    const running = t.run("SELECT 'done' AS first; SELECT pg_sleep(30) /* cancel-me */", { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 500));
    const aborted = Date.now();
    ac.abort();
    const r = await running;
    const took = Date.now() - aborted;
    assert.ok(took < 2000, `took ${took} ms`);
    assert.deepEqual(r.error, { message: 'canceling statement due to user request', code: '57014', position: null, statementIndex: 1 });
    assert.deepEqual(r.results[0].rows, [['done']]);
    const other = new DirectTransport(targetOf(fx));
    try {
      const left = await other.run("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%cancel-me%' AND pid <> pg_backend_pid()");
      assert.deepEqual(left.results[0].rows, [['0']]);
    } finally {
      await other.dispose();
    }
    assert.deepEqual((await t.run('SELECT pg_backend_pid()')).results[0].rows, [[pid]]);
  });

  it('a wrong password is a DirectConnectError with 28P01 and never shows a password', async () => {
    const wrong = new DirectTransport(targetOf(fx, { password: 'Wrong-Pass-123' }));
    await assert.rejects(wrong.run('SELECT 1'), (err: DirectConnectError) => {
      assert.ok(err instanceof DirectConnectError);
      assert.equal(err.code, '28P01');
      assert.equal(err.reason, 'auth');
      assert.match(err.message, /rejected the login of user "postgres" \(28P01\)/);
      assert.ok(!err.message.includes('Wrong-Pass-123') && !err.message.includes(fx.password));
      return true;
    });
    await wrong.dispose();
  });

  it('a missing database and a closed port are DirectConnectErrors too', async () => {
    const noDb = new DirectTransport(targetOf(fx, { database: 'no_such_db' }));
    await assert.rejects(noDb.run('SELECT 1'), (err: DirectConnectError) => err.code === '3D000' && err.reason === 'no-database' && /Database "no_such_db" does not exist/.test(err.message));
    const closed = new DirectTransport(targetOf(fx, { port: await freePort() }));
    await assert.rejects(closed.run('SELECT 1'), (err: DirectConnectError) => err.reason === 'refused' && /connection refused/.test(err.message));
  });

  it('a container stopped mid-query gives a clear error, and the next run after restart reconnects', async () => {
    const port = await freePort();
    const fx2 = await startPostgres({ publish: { hostPort: port } });
    await waitForPostgresReady(fx2, 60000);
    const t2 = new DirectTransport(targetOf(fx2));
    try {
      assert.equal((await t2.run('SELECT 1')).error, null);
      const running = t2.run('SELECT 1; SELECT pg_sleep(30)');
      await new Promise((r) => setTimeout(r, 300));
      await testDocker().getContainer(fx2.id).stop({ t: 2 });
      const r = await running;
      assert.equal(r.results.length, 1);
      assert.equal(r.error?.statementIndex, 1);
      assert.match(r.error?.message ?? '', /^Lost the connection to PostgreSQL at 127\.0\.0\.1:\d+ while running statement 2 .*run again to reconnect\.$/);
      await testDocker().getContainer(fx2.id).start();
      await waitForPostgresReady(fx2, 60000);
      const again = await t2.run('SELECT 42');
      assert.equal(again.error, null);
      assert.deepEqual(again.results[0].rows, [['42']]);
    } finally {
      await t2.dispose();
    }
  });
});
