/**
 * The core promise: the same SQL gives the same answer through `direct` (node-postgres over the
 * published port) and `exec` (docker exec … psql), over data built to trip either one up.
 */
import * as assert from 'node:assert/strict';
import { connectDocker } from '../../src/core/docker/client';
import { readContainerCredentials } from '../../src/core/engines/containerCredentials';
import { DirectTransport } from '../../src/core/transport/directTransport';
import { ExecTransport } from '../../src/core/transport/execTransport';
import type { QueryTarget } from '../../src/core/transport/types';
import type { QueryResult } from '../../src/shared/results';
import { PgFixture, removeRunContainers, requireDocker, startPostgres, waitForPostgresReady } from '../support/docker';

const SETUP = String.raw`
create table tricky (
  id serial primary key, t text, v varchar(20), n numeric(16,4), j json, jb jsonb, b bytea,
  a int[], ta text[], ts timestamptz, d date, f float8, bo boolean, u uuid, iv interval
);
insert into tricky (t, v, n, j, jb, b, a, ta, ts, d, f, bo, u, iv) values
  (null, '', 0, null, null, null, null, null, null, null, null, null, null, null),
  ('', 'NULL', -1.5, '{"a": [1, "x,y"]}', '{"b": null, "a": "é"}', '\x00ff10', '{1,2,NULL}', '{"a,b","c\"d",NULL,""}', '2026-11-24 10:00:00+02', '2026-02-28', 1.5e-10, true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 02:03:04'),
  ('NULL', '\N', 1e10, '[]', '[]', '', '{}', '{}', 'infinity', '0001-01-01', 'NaN', false, null, '-1 mon'),
  ('say "hi", ok', 'tab	here', 3.14159, '"str"', '"str"', 'a\\b', '{-1}', '{"  spaced  "}', '1999-12-31 23:59:59.999999+00', '2000-01-01', '-Infinity', null, null, '0'),
  (E'line1\nline2\r\nline3', ',', null, null, null, null, null, null, null, null, null, null, null, null),
  ('unicode: 日本語 — ümlaut — 🐘🚀 — zero​width', '🐘', 0.0001, null, '{"emoji": "🎉"}', null, null, null, null, null, null, null, null, null),
  ('__DOCKERDB_NULL__', '\\N', null, null, null, null, null, null, null, null, null, null, null, null),
  (repeat('long-text-', 10000), 'x', null, null, null, null, null, null, null, null, null, null, null, null)
`;

const QUERY = String.raw`
select * from tricky order by id;
select count(*) as c, sum(n) as s from tricky;
update tricky set f = f where id = 2;
delete from tricky where false;
set search_path = public;
create temp table if not exists scratch(x int);
insert into scratch values (1), (2) returning x, x * 2 as double;
select null::text as only_null, ''::text as only_empty where false;
select 1 as one, 'a' as "weird ""name"", with comma", 2 as one
`;

function comparable(r: QueryResult): Omit<QueryResult, 'transport' | 'transportReason' | 'ms'> {
  const { transport: _t, transportReason: _r, ms: _m, ...rest } = r;
  return rest;
}

describe('direct and exec transports give identical results', function () {
  this.timeout(120000);
  let fx: PgFixture;
  let target: QueryTarget;
  let direct: DirectTransport;
  let exec: ExecTransport;

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    fx = await startPostgres({ user: 'parity', db: 'paritydb' });
    await waitForPostgresReady(fx, 60000);
    const { docker } = await connectDocker();
    const credentials = await readContainerCredentials(docker, fx.id, 'postgres');
    assert.ok(credentials);
    target = { containerId: fx.id, containerName: fx.name, credentials, endpoint: { host: '127.0.0.1', port: fx.hostPort as number, containerPort: 5432, loopbackOnly: true, wildcard: false, family: 4 } };
    direct = new DirectTransport(target);
    exec = new ExecTransport(docker, target);
    const setup = await direct.run(SETUP);
    assert.equal(setup.error, null, JSON.stringify(setup.error));
  });

  after(async function () {
    this.timeout(60000);
    await direct?.dispose();
    await exec?.dispose();
    await removeRunContainers();
  });

  it('same statements, tags, columns, types, values (NULL vs empty vs look-alikes), notices', async () => {
    const a = await direct.run(QUERY);
    const b = await exec.run(QUERY);
    assert.equal(a.transport, 'direct');
    assert.equal(b.transport, 'exec');
    assert.equal(a.error, null, JSON.stringify(a.error));
    assert.deepEqual(comparable(b), comparable(a));
    const rows = a.results[0].rows;
    const t = a.results[0].columns.findIndex((c) => c.name === 't');
    assert.deepEqual(rows.slice(0, 3).map((r) => r[t]), [null, '', 'NULL']);
    assert.equal(rows[6][t], '__DOCKERDB_NULL__');
    assert.equal(rows[7][t]?.length, 100000);
    assert.deepEqual(a.results.map((r) => r.command), ['SELECT 8', 'SELECT 1', 'UPDATE 1', 'DELETE 0', 'SET', 'CREATE TABLE', 'INSERT 0 2', 'SELECT 0', 'SELECT 1']);
    assert.deepEqual(a.results[0].columns.map((c) => c.type).slice(1, 6), ['text', 'character varying(20)', 'numeric(16,4)', 'json', 'jsonb']);
  });

  it('same error, SQLSTATE, position and statement index; results before the error kept', async () => {
    const sql = 'select 1 as ok;\nselect 1 / 0 as boom;\nselect 3';
    const a = await direct.run(sql);
    const b = await exec.run(sql);
    assert.deepEqual(comparable(b), comparable(a));
    assert.equal(a.results.length, 1);
    assert.equal(a.error?.code, '22012');
    assert.equal(a.error?.statementIndex, 1);
    const syntax = 'select 1;\n  select * frm tricky';
    const c = await direct.run(syntax);
    const d = await exec.run(syntax);
    assert.deepEqual(comparable(d), comparable(c));
    assert.deepEqual([c.error?.code, c.error?.position, c.error?.statementIndex], ['42601', 10, 1]);
  });

  it('same truncation at the row limit', async () => {
    const sql = 'select g, md5(g::text) from generate_series(1, 2500) g';
    const a = await direct.run(sql, { rowLimit: 1000 });
    const b = await exec.run(sql, { rowLimit: 1000 });
    assert.deepEqual(comparable(b), comparable(a));
    assert.deepEqual([a.results[0].rows.length, a.results[0].rowCount, a.results[0].truncated], [1000, 2500, true]);
  });
});
