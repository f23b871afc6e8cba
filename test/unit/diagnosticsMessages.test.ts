import * as assert from 'node:assert/strict';
import type { CheckOutcome } from '../../src/core/diagnostics/check';
import { containerOutcome, healthOutcome, logEvidence, portBindings, portOutcome, portOwnerOutcome, usableEndpoints } from '../../src/core/diagnostics/containerChecks';
import { probeOutcomes, sqlOutcomes } from '../../src/core/diagnostics/hostChecks';
import { pgIsReadyOutcome, psqlOutcome, splitInside } from '../../src/core/diagnostics/insideChecks';
import type { ExecResult } from '../../src/core/docker/exec';
import type { HostEndpoint } from '../../src/core/docker/endpoints';
import { toContainerSummary } from '../../src/core/docker/containers';
import type { DbCredentials } from '../../src/core/engines/credentials';

const SECRET = 'Pw9_s3cret-value';
const creds: DbCredentials = { engine: 'postgres', user: 'app', password: SECRET, database: 'shop', passwordSource: 'POSTGRES_PASSWORD', trust: false };
const ep: HostEndpoint = { host: '127.0.0.1', port: 55434, containerPort: 5432, loopbackOnly: true, wildcard: false, family: 4 };
const OFFICIAL_ERROR = `Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
`;
const exec = (exitCode: number, stdout: string, stderr = ''): ExecResult => ({ exitCode, stdout: Buffer.from(stdout), stderr, truncated: false, elapsedMs: 5 });

/** What happened and why (two sentences at least), and what to do; never the password. */
function assertHelpful(o: CheckOutcome, label: string): void {
  assert.ok(o.status === 'fail' || o.status === 'warn', `${label}: expected a problem, got ${o.status}`);
  const sentences = o.detail.split('\n')[0].split(/(?<=\.)\s+(?=\S)/).filter((s) => s.trim() !== '');
  assert.ok(sentences.length >= 2, `${label}: detail should say what and why: ${o.detail}`);
  assert.ok(o.fix && o.fix.length > 10, `${label}: no fix`);
  assert.ok(!`${o.detail} ${o.fix}`.includes(SECRET), `${label}: leaks the password`);
}

describe('diagnostics: messages', () => {
  it('an exited container quotes the error line and shows the last log lines', () => {
    const o = containerOutcome({ Name: '/db', State: { Status: 'exited', ExitCode: 1 } }, OFFICIAL_ERROR, 'db');
    assertHelpful(o, 'exited');
    assert.match(o.detail, /exit code 1/);
    assert.match(o.detail, /"Error: Database is uninitialized and superuser password is not specified\."/);
    assert.match(o.detail, /Last log lines:\n {2}Error: Database is uninitialized/);
    assert.equal(o.code, 'exited');
    assert.equal(logEvidence('a\n\n  LOG: x\n2024 FATAL:  role "x" does not exist\n').errorLine, '2024 FATAL:  role "x" does not exist');
  });

  it('states of the container each get their own explanation', () => {
    assertHelpful(containerOutcome({ Name: '/db', RestartCount: 4, State: { Status: 'restarting', ExitCode: 1 } }, OFFICIAL_ERROR, 'db'), 'restarting');
    assertHelpful(containerOutcome({ Name: '/db', RestartCount: 2, State: { Status: 'running' }, HostConfig: { RestartPolicy: { Name: 'always' } } }, 'x', 'db'), 'restarted');
    const taken = containerOutcome({ Name: '/db', State: { Status: 'created', Error: 'Bind for 0.0.0.0:5432 failed: port is already allocated' } }, '', 'db');
    assertHelpful(taken, 'created');
    assert.equal(taken.code, 'port-taken');
    const proxy = containerOutcome({ Name: '/db', State: { Status: 'created', Error: 'driver failed programming external connectivity on endpoint db (483af95e): Error starting userland proxy: listen tcp4 127.0.0.1:45999: bind: address already in use' } }, '', 'db');
    assert.match(proxy.detail, /^db was created but never started \(Error starting userland proxy: listen tcp4 127\.0\.0\.1:45999: bind: address already in use\)\./);
    assertHelpful(containerOutcome({ Name: '/db', State: { Status: 'exited', ExitCode: 137, OOMKilled: true } }, '', 'db'), 'oom');
    assertHelpful(containerOutcome({ Name: '/db', State: { Status: 'paused' } }, null, 'db'), 'paused');
    assert.equal(containerOutcome({ Name: '/db', State: { Status: 'running' } }, null, 'db').status, 'pass');
  });

  it('health: unhealthy and starting warn with the last output; no health check is skipped', () => {
    const u = healthOutcome({ Name: '/db', State: { Health: { Status: 'unhealthy', FailingStreak: 5, Log: [{ ExitCode: 1, Output: 'no response\n' }] } } }, 'db');
    assertHelpful(u, 'unhealthy');
    assert.match(u.detail, /5 health checks in a row failed \(last exit 1: no response\)/);
    assertHelpful(healthOutcome({ State: { Health: { Status: 'starting' } } }, 'db'), 'starting');
    assert.equal(healthOutcome({ State: {} }, 'db').status, 'skip');
  });

  it('port: not published advises docker exec; bindings become loopback addresses per family', () => {
    const o = portOutcome([], 5432, 'db');
    assertHelpful(o, 'not published');
    assert.match(o.fix ?? '', /docker exec/);
    const b = portBindings({ State: { Status: 'running' }, NetworkSettings: { Ports: { '5432/tcp': [{ HostIp: '0.0.0.0', HostPort: '5432' }, { HostIp: '::', HostPort: '5432' }] } } }, 5432);
    assert.deepEqual(usableEndpoints(b, 5432).map((e) => `${e.host}:${e.port}`), ['127.0.0.1:5432', '::1:5432']);
    assert.match(portOutcome(b, 5432, 'db').detail, /0\.0\.0\.0:5432 \(every interface\), \[::\]:5432 \(every interface\)/);
    assert.match(portOutcome([{ hostIp: '127.0.0.1', hostPort: 5433 }], 5432, 'db').detail, /this machine only/);
    // A stopped container: the configured bindings.
    assert.deepEqual(portBindings({ State: { Status: 'created' }, HostConfig: { PortBindings: { '5432/tcp': [{ HostIp: '', HostPort: '5432' }] } } }, 5432), [{ hostIp: '0.0.0.0', hostPort: 5432 }]);
  });

  it('port owner: another container on the same host port is named', () => {
    const other = toContainerSummary({ Id: 'b'.repeat(64), Names: ['/other_db'], State: 'running', Status: 'Up', Ports: [{ IP: '0.0.0.0', PrivatePort: 5432, PublicPort: 5432, Type: 'tcp' }] });
    const o = portOwnerOutcome('a'.repeat(64), [{ hostIp: '0.0.0.0', hostPort: 5432 }], [other], false);
    assertHelpful(o, 'port owner');
    assert.equal(o.status, 'fail');
    assert.match(o.detail, /other_db \(0\.0\.0\.0:5432\)/);
    assert.equal(portOwnerOutcome('b'.repeat(64), [{ hostIp: '0.0.0.0', hostPort: 5432 }], [other], true).status, 'pass');
    const program = portOwnerOutcome('a'.repeat(64), [{ hostIp: '127.0.0.1', hostPort: 6000 }], [other], false, true);
    assertHelpful(program, 'port taken by a program');
    assert.match(program.fix ?? '', /ss -ltnp 'sport = :6000'/);
    assert.equal(portOutcome([{ hostIp: '127.0.0.1', hostPort: 6000 }], 5432, 'db', false).status, 'skip');
  });

  it('port owner: the program holding the port is named from /proc; a local server shadowing the container is a warning', () => {
    const held = portOwnerOutcome('a'.repeat(64), [{ hostIp: '127.0.0.1', hostPort: 6000 }], [], false, true, [{ address: '127.0.0.1', family: 4, pid: 812, command: 'postgres' }]);
    assertHelpful(held, 'held by a known program');
    assert.match(held.detail, /another program on this machine holds it: postgres \(pid 812\) on 127\.0\.0\.1\./);
    assert.equal(held.fix, 'Stop that program (postgres, pid 812), or publish the container on another host port.');
    const bindings = [{ hostIp: '127.0.0.1', hostPort: 5432 }];
    const shadow = portOwnerOutcome('a'.repeat(64), bindings, [], true, false, [{ address: '::1', family: 6, pid: 900, command: 'postgres' }]);
    assert.deepEqual([shadow.status, shadow.code], ['warn', 'host-listener']);
    assert.match(shadow.detail, /postgres \(pid 900\) on \[::1\] listens on host port 5432\. Clients that connect to localhost may reach that server instead/);
    assert.equal(portOwnerOutcome('a'.repeat(64), bindings, [], true, false, [{ address: '127.0.0.1', family: 4 }]).status, 'pass', 'an unknown owner on our own address is the forwarding itself');
    assert.equal(portOwnerOutcome('a'.repeat(64), bindings, [], true, false, [{ address: '127.0.0.1', family: 4, pid: 5, command: 'docker-proxy' }]).status, 'pass');
  });

  it('IPv4 and IPv6 localhost are probed separately: a wildcard IPv4 binding without an IPv6 one also gets ::1; 127.0.0.1 only does not', () => {
    assert.deepEqual(usableEndpoints([{ hostIp: '0.0.0.0', hostPort: 5432 }], 5432).map((e) => `${e.host}:${e.port}/${e.family}`), ['127.0.0.1:5432/4', '::1:5432/6']);
    assert.deepEqual(usableEndpoints([{ hostIp: '127.0.0.1', hostPort: 5432 }], 5432).map((e) => e.host), ['127.0.0.1']);
  });

  it('host side: every probe failure is classified at the right layer', () => {
    const refused = probeOutcomes(ep, { ok: false, reason: 'refused', message: '', ms: 1 }, 1500);
    assertHelpful(refused.tcp, 'refused');
    assert.equal(refused.protocol, null);
    assertHelpful(probeOutcomes(ep, { ok: false, reason: 'timeout-connect', message: '', ms: 1 }, 1500).tcp, 'timeout-connect');
    const silent = probeOutcomes(ep, { ok: false, reason: 'timeout-after-accept', message: '', ms: 1 }, 1500);
    assert.equal(silent.tcp.status, 'pass');
    assertHelpful(silent.protocol as CheckOutcome, 'silent');
    assert.equal(silent.protocol?.code, 'timeout-after-accept');
    assert.match(silent.protocol?.detail ?? '', /accepted the TCP connection but PostgreSQL never answered within 1500 ms/);
    assertHelpful(probeOutcomes(ep, { ok: false, reason: 'reset', message: '', ms: 1 }, 1500).protocol as CheckOutcome, 'reset');
    assertHelpful(probeOutcomes(ep, { ok: false, reason: 'other', message: 'x: the server on this port does not speak the PostgreSQL protocol (it answered 0x48)', ms: 1 }, 1500).protocol as CheckOutcome, 'not pg');
    assert.equal(probeOutcomes(ep, { ok: false, reason: 'auth', message: '', ms: 1 }, 1500).answered, true);
  });

  it('login and SELECT 1: 28P01, 28000, 3D000, 57P03, 53300', () => {
    const ctx = { container: 'db', credentials: creds };
    const ans = (code: string | null, ok = false) => ({ ok, code, message: `failed ${SECRET}`, ms: 3 });
    const wrong = sqlOutcomes(ep, ctx, ans('28P01'));
    assertHelpful(wrong.auth, '28P01');
    assert.match(wrong.auth.detail, /rejected the password of user "app" from POSTGRES_PASSWORD \(28P01\)/);
    assert.match(wrong.auth.fix ?? '', /ALTER USER app PASSWORD/);
    assertHelpful(sqlOutcomes(ep, { container: 'db', credentials: { ...creds, password: null } }, ans('28P01')).auth, 'no password');
    assertHelpful(sqlOutcomes(ep, ctx, ans('28000')).auth, '28000');
    const missing = sqlOutcomes(ep, ctx, ans('3D000'));
    assert.equal(missing.auth.status, 'pass');
    assertHelpful(missing.database, '3D000');
    assert.match(missing.database.detail, /Database "shop" does not exist/);
    assertHelpful(sqlOutcomes(ep, ctx, ans('57P03')).database, '57P03');
    assertHelpful(sqlOutcomes(ep, ctx, ans('53300')).database, '53300');
    const ok = sqlOutcomes(ep, ctx, ans(null, true));
    assert.deepEqual([ok.auth.status, ok.database.status], ['pass', 'pass']);
  });

  it('inside: pg_isready exit codes and psql errors', () => {
    assert.equal(pgIsReadyOutcome(exec(0, '/var/run/postgresql:5432 - accepting connections\n'), { container: 'db' }).status, 'pass');
    assertHelpful(pgIsReadyOutcome(exec(1, '/var/run/postgresql:5432 - rejecting connections\n'), { container: 'db' }), 'rejecting');
    assertHelpful(pgIsReadyOutcome(exec(2, '/var/run/postgresql:5432 - no response\n'), { container: 'db' }), 'no response');
    assert.equal(pgIsReadyOutcome(exec(127, '', 'exec: "pg_isready": executable file not found in $PATH'), { container: 'db' }).status, 'skip');
    const ctx = { container: 'db', credentials: creds };
    assert.equal(psqlOutcome(exec(0, '1\n'), ctx).status, 'pass');
    const nodb = psqlOutcome(exec(2, '', 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "shop" does not exist\n'), ctx);
    assertHelpful(nodb, 'psql no db');
    assert.equal(nodb.code, '3D000');
    assertHelpful(psqlOutcome(exec(2, '', `psql: error: boom ${SECRET}\n`), ctx), 'psql other');
  });

  it('inside: one exec\'s output split into the three checks; an incomplete output is not used', () => {
    const out = '@@pg_isready\n/var/run/postgresql:5432 - accepting connections\n@@exit 0\n@@psql\npsql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "shop" does not exist\n@@exit 2\n@@listener\n  sl  local_address\n@@exit 0\n';
    const parts = splitInside(out, 42);
    assert.ok(parts);
    assert.deepEqual([parts.pg_isready.exitCode, parts.psql.exitCode, parts.listener.exitCode], [0, 2, 0]);
    assert.equal(pgIsReadyOutcome(parts.pg_isready, { container: 'db' }).status, 'pass');
    const psql = psqlOutcome(parts.psql, { container: 'db', credentials: creds });
    assert.deepEqual([psql.status, psql.code], ['fail', '3D000'], 'a missing socket file is not a missing program');
    assert.equal(splitInside('@@pg_isready\nx\n@@exit 0\n', 1), null);
    const full = psqlOutcome(exec(2, '', 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  sorry, too many clients already\n'), { container: 'db', credentials: creds });
    assert.deepEqual([full.status, full.code], ['fail', '53300']);
    const starting = psqlOutcome(exec(2, '', 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  the database system is starting up\n'), { container: 'db', credentials: creds });
    assert.deepEqual([starting.status, starting.code], ['fail', '57P03']);
  });
});
