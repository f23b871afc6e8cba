import * as assert from 'node:assert/strict';
import { DatabaseError } from 'pg';
import { DirectConnectError, DirectTransport, StatementCollector, toQueryError } from '../../src/core/transport/directTransport';
import { tagRowCount } from '../../src/core/transport/types';
import { fallbackTypeName, TypeNames } from '../../src/core/transport/pgTypes';
import { classifyConnectError, describeConnectFailure, FailureContext } from '../../src/core/transport/probe';

const field = (name: string, oid: number, typmod = -1) => ({ name, dataTypeID: oid, dataTypeModifier: typmod });

describe('direct transport: reading protocol messages', () => {
  it('keeps rows in text form, counts every row and keeps only the first rowLimit', async () => {
    const q = new StatementCollector('select …', 2);
    q.handleRowDescription({ fields: [field('id', 23), field('note', 25)] });
    for (const row of [['1', null], ['2', ''], ['3', 'NULL'], ['4', 'x']]) q.handleDataRow({ fields: row });
    q.handleCommandComplete({ text: 'SELECT 4' });
    q.handleReadyForQuery();
    assert.equal(await q.done, null);
    assert.equal(q.collected.length, 1);
    const { result, fields } = q.collected[0];
    assert.deepEqual(result.rows, [
      ['1', null],
      ['2', ''],
    ]);
    assert.equal(result.rowCount, 4);
    assert.equal(result.truncated, true);
    assert.equal(result.command, 'SELECT 4');
    assert.deepEqual(fields, [
      { name: 'id', oid: 23, typmod: -1 },
      { name: 'note', oid: 25, typmod: -1 },
    ]);
  });

  it('reports each command of a multi-command string, with the server tag verbatim', async () => {
    const q = new StatementCollector('insert …; create …', 10);
    q.handleCommandComplete({ text: 'INSERT 0 3' });
    q.handleRowDescription({ fields: [field('id', 23)] });
    q.handleDataRow({ fields: ['7'] });
    q.handleCommandComplete({ text: 'INSERT 0 1' });
    q.handleCommandComplete({ text: 'CREATE TABLE' });
    q.handleReadyForQuery();
    await q.done;
    assert.deepEqual(
      q.collected.map((c) => [c.result.command, c.result.rowCount, c.result.rows.length, c.result.truncated, c.result.columns.length]),
      [
        ['INSERT 0 3', 3, 0, false, 0],
        ['INSERT 0 1', 1, 1, false, 1],
        ['CREATE TABLE', null, 0, false, 0],
      ],
    );
  });

  it('settles with the error, keeping the results completed before it', async () => {
    const q = new StatementCollector('x', 10);
    q.handleCommandComplete({ text: 'SET' });
    const err = new Error('boom');
    q.handleError(err);
    q.handleReadyForQuery();
    assert.equal(await q.done, err);
    assert.equal(q.collected.length, 1);
  });

  it('command tags to row counts', () => {
    assert.equal(tagRowCount('SELECT 3'), 3);
    assert.equal(tagRowCount('INSERT 0 12'), 12);
    assert.equal(tagRowCount('UPDATE 0'), 0);
    assert.equal(tagRowCount('DELETE 5'), 5);
    assert.equal(tagRowCount('COPY 9'), 9);
    assert.equal(tagRowCount('CREATE TABLE'), null);
    assert.equal(tagRowCount('SET'), null);
  });

  it('server errors keep SQLSTATE, 1-based position, detail and hint', () => {
    const e = new DatabaseError('syntax error at or near "selec"', 0, 'error');
    e.code = '42601';
    e.position = '15';
    e.hint = 'try again';
    assert.deepEqual(toQueryError(e, 2), { message: 'syntax error at or near "selec"', code: '42601', position: 15, statementIndex: 2, hint: 'try again' });
    assert.deepEqual(toQueryError(new Error('x'), null), { message: 'x', code: null, position: null, statementIndex: null });
  });

  it('a target without a published port is a DirectConnectError, before any connection', async () => {
    const t = new DirectTransport({
      containerId: 'c',
      containerName: 'db',
      endpoint: null,
      credentials: { engine: 'postgres', user: 'u', password: 'p4ssw0rd', database: 'd', passwordSource: 'POSTGRES_PASSWORD', trust: false },
    });
    await assert.rejects(t.run('select 1'), (err: DirectConnectError) => err instanceof DirectConnectError && err.reason === 'not-published' && /not published/.test(err.message));
  });
});

describe('column type names', () => {
  it('resolves uncached pairs in one query and caches them', async () => {
    const calls: number[][] = [];
    const names = new TypeNames(async (oids, typmods) => {
      calls.push(oids);
      return oids.map((o, i) => `t${o}(${typmods[i]})`);
    });
    assert.equal(await names.resolve([{ oid: 23, typmod: -1 }, { oid: 1043, typmod: 24 }, { oid: 23, typmod: -1 }]), true);
    assert.equal(await names.resolve([{ oid: 23, typmod: -1 }]), true);
    assert.deepEqual(calls, [[23, 1043]]);
    assert.equal(names.name(1043, 24), 't1043(24)');
  });

  it('falls back to the built-in names when the lookup fails, and retries next time', async () => {
    let fail = true;
    const names = new TypeNames(async (oids) => {
      if (fail) throw new Error('current transaction is aborted');
      return oids.map(() => 'looked-up');
    });
    assert.equal(await names.resolve([{ oid: 1043, typmod: 24 }]), false);
    assert.equal(names.name(1043, 24), 'character varying(20)');
    fail = false;
    assert.equal(await names.resolve([{ oid: 1043, typmod: 24 }]), true);
    assert.equal(names.name(1043, 24), 'looked-up');
  });

  it('built-in fallback names follow format_type', () => {
    assert.equal(fallbackTypeName(23, -1), 'integer');
    assert.equal(fallbackTypeName(1700, (10 << 16) + 2 + 4), 'numeric(10,2)');
    assert.equal(fallbackTypeName(1184, 3), 'timestamp(3) with time zone');
    assert.equal(fallbackTypeName(1007, -1), 'integer[]');
    assert.equal(fallbackTypeName(99999, -1), 'oid 99999');
  });
});

describe('connection failures, said plainly', () => {
  const ctx: FailureContext = {
    endpoint: { host: '127.0.0.1', port: 55434, containerPort: 5432, loopbackOnly: true, wildcard: false, family: 4 },
    user: 'app',
    database: 'shop',
    credentials: { password: 'hunter2-secret', passwordSource: 'POSTGRES_PASSWORD' },
    timeoutMs: 1500,
  };
  const sqlstate = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('classifies server and socket errors', () => {
    assert.equal(classifyConnectError(sqlstate('28P01', 'password authentication failed for user "app"'), true).reason, 'auth');
    assert.equal(classifyConnectError(sqlstate('3D000', 'database "shop" does not exist'), true).reason, 'no-database');
    assert.equal(classifyConnectError(sqlstate('ECONNREFUSED', 'connect ECONNREFUSED'), false).reason, 'refused');
    assert.equal(classifyConnectError(new Error('timeout expired'), false).reason, 'timeout-connect');
    assert.equal(classifyConnectError(new Error('timeout expired'), true).reason, 'timeout-after-accept');
    assert.equal(classifyConnectError(new Error('Connection terminated unexpectedly'), true).reason, 'reset');
    assert.equal(classifyConnectError(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), true).reason, 'auth');
  });

  it('messages say what happened, why and what to do, and never the password', () => {
    const auth = describeConnectFailure({ reason: 'auth', code: '28P01', detail: 'password authentication failed for user "app" hunter2-secret' }, ctx);
    assert.match(auth, /rejected the login of user "app" \(28P01\): the password from POSTGRES_PASSWORD differs/);
    assert.ok(!auth.includes('hunter2-secret'));
    const other = describeConnectFailure({ reason: 'other', code: null, detail: 'weird hunter2-secret' }, ctx);
    assert.ok(!other.includes('hunter2-secret'), other);
    assert.match(describeConnectFailure({ reason: 'timeout-after-accept', code: null, detail: '' }, ctx), /127\.0\.0\.1:55434 accepted the TCP connection but the database never answered .*port forwarding \(docker-proxy\/iptables\) is broken, not the database/);
    assert.match(describeConnectFailure({ reason: 'auth', code: null, detail: '' }, { ...ctx, credentials: { password: null, passwordSource: null } }), /none is known/);
  });
});
