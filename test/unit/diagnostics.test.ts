import * as assert from 'node:assert/strict';
import type { CheckResult, DiagnosisReport } from '../../src/shared/diagnostics';
import { ROOT_CAUSES } from '../../src/shared/diagnostics';
import { rootCauseOf } from '../../src/core/diagnostics/rootCause';
import { runCheck } from '../../src/core/diagnostics/check';
import { assess, softenPartialFailures } from '../../src/core/diagnostics/verdict';
import { exitCodeFor, formatReport } from '../../src/cli/commands/doctor';
import { diagnoseAll } from '../../src/core/diagnostics/diagnoseAll';

function c(id: string, layer: CheckResult['layer'], status: CheckResult['status'], code?: string): CheckResult {
  const r: CheckResult = { id, title: id, layer, status, ms: 1, detail: `${id} is ${status}. Because.` };
  if (status === 'fail' || status === 'warn') r.fix = `Fix ${id}.`;
  if (code) r.code = code;
  return r;
}

const A = '127.0.0.1:55434';
const healthyBase = (): CheckResult[] => [
  c('engine', 'engine', 'pass'),
  c('container', 'container', 'pass'),
  c('health', 'health', 'pass'),
  c('port', 'port', 'pass'),
  c('port-owner', 'port', 'pass'),
];
const host = (tcp: CheckResult['status'], proto: CheckResult['status'], auth: CheckResult['status'], db: CheckResult['status'], code?: string, addr = A): CheckResult[] => [
  c(`tcp:${addr}`, 'tcp', tcp),
  c(`protocol:${addr}`, 'protocol', proto, proto === 'fail' ? code : undefined),
  c(`auth:${addr}`, 'auth', auth, auth === 'fail' ? code : undefined),
  c(`database:${addr}`, 'database', db, db === 'fail' ? code : undefined),
];
const inside = (s: CheckResult['status']): CheckResult[] => [c('inside.pg_isready', 'inside', s), c('inside.psql', 'inside', s), c('inside.listener', 'inside', 'pass')];

describe('diagnostics: verdict, root cause and transport', () => {
  it('all passing is ok over the direct transport, with nothing to fix', () => {
    const a = assess([...healthyBase(), ...host('pass', 'pass', 'pass', 'pass'), ...inside('pass')]);
    assert.deepEqual([a.verdict, a.rootCause, a.transport], ['ok', 'ok', 'direct']);
    assert.match(a.summary, /127\.0\.0\.1:55434/);
    assert.deepEqual(a.fixSteps, []);
  });

  it('black-holed port: accepted-then-silent while exec answers is handshake-timeout, degraded, exec', () => {
    const a = assess([...healthyBase(), ...host('pass', 'fail', 'skip', 'skip', 'timeout-after-accept'), ...inside('pass')], 'legacy');
    assert.deepEqual([a.verdict, a.rootCause, a.transport], ['degraded', 'handshake-timeout', 'exec']);
    assert.equal(
      a.summary,
      'Host port 127.0.0.1:55434 accepts connections but PostgreSQL never answers; inside the container the database answers. The port forwarding (docker-proxy/iptables/firewall) is broken, not the database. Queries still work through docker exec into legacy.',
    );
    assert.equal(a.fixSteps[0], 'Fix protocol:127.0.0.1:55434.');
    assert.match(a.fixSteps[a.fixSteps.length - 1], /dockerdb query legacy --via exec/);
  });

  it('accepted-then-closed is connection-refused; refused and connect timeout have their own codes', () => {
    assert.equal(assess([...healthyBase(), ...host('pass', 'fail', 'skip', 'skip', 'reset'), ...inside('pass')]).rootCause, 'connection-refused');
    const refused = [...healthyBase(), c('tcp:x', 'tcp', 'fail', 'refused'), ...inside('pass')];
    assert.deepEqual([assess(refused).rootCause, assess(refused).verdict], ['connection-refused', 'degraded']);
    assert.equal(assess([...healthyBase(), c('tcp:x', 'tcp', 'fail', 'timeout-connect'), ...inside('pass')]).rootCause, 'tcp-timeout');
  });

  it('silent host port and a failing database inside: the inside failure is the root cause, and nothing works', () => {
    const checks = [...healthyBase(), ...host('pass', 'fail', 'skip', 'skip', 'timeout-after-accept'), c('inside.pg_isready', 'inside', 'fail', 'rejecting'), c('inside.psql', 'inside', 'fail', 'exit-2')];
    const a = assess(checks, 'db');
    assert.deepEqual([a.verdict, a.rootCause, a.transport], ['down', 'starting', 'none']);
    assert.match(a.summary, /^inside\.pg_isready is fail\. Because\. No path to the database works/);
    assert.equal(a.fixSteps[0], 'Fix inside.pg_isready.');
  });

  it('walks the layers in order: the first broken one wins, whatever the check order', () => {
    const checks = [...host('pass', 'pass', 'fail', 'skip', '28P01'), c('container', 'container', 'fail', 'exited'), c('engine', 'engine', 'pass')];
    assert.deepEqual([assess(checks).rootCause, assess(checks).verdict], ['container-not-running', 'down']);
    const auth = assess([...healthyBase(), ...host('pass', 'pass', 'fail', 'skip', '28P01'), ...inside('pass')]);
    assert.deepEqual([auth.verdict, auth.rootCause, auth.transport], ['degraded', 'auth-failed', 'exec']);
    assert.equal(assess([...healthyBase(), ...host('pass', 'pass', 'pass', 'fail', '3D000'), ...inside('fail')]).rootCause, 'database-missing');
    assert.equal(assess([...healthyBase(), ...host('pass', 'pass', 'pass', 'fail', '53300'), ...inside('pass')]).rootCause, 'too-many-connections');
    assert.equal(assess([...healthyBase(), ...host('pass', 'pass', 'pass', 'fail', '57P03'), ...inside('pass')]).rootCause, 'starting');
    assert.deepEqual(
      [assess([c('engine', 'engine', 'fail', 'unreachable'), c('container', 'container', 'skip')]).rootCause, assess([c('engine', 'engine', 'pass'), c('container', 'container', 'fail', 'not-found')]).rootCause],
      ['engine-unreachable', 'container-missing'],
    );
  });

  it('health still starting explains a refused host port and a failing login: starting', () => {
    const base = [...healthyBase().filter((x) => x.id !== 'health'), c('health', 'health', 'warn', 'starting')];
    const a = assess([...base, ...host('pass', 'fail', 'skip', 'skip', 'reset'), ...inside('pass')]);
    assert.deepEqual([a.verdict, a.rootCause, a.transport], ['degraded', 'starting', 'exec']);
    assert.equal(a.fixSteps[0], 'Fix health.');
    const stopped = assess([c('engine', 'engine', 'pass'), c('container', 'container', 'fail', 'exited'), c('health', 'health', 'warn', 'starting')]);
    assert.equal(stopped.rootCause, 'container-not-running', 'a broken container layer comes first');
    assert.equal(assess([...base, ...host('pass', 'pass', 'pass', 'pass'), ...inside('pass'), c('network:app', 'network', 'fail', 'dns-failure')]).rootCause, 'dns-failure', 'starting does not explain a sibling on another network');
    assert.equal(assess([...base, ...host('pass', 'pass', 'pass', 'fail', '53300'), ...inside('pass')]).rootCause, 'too-many-connections', 'nor a full server');
  });

  it('a failure that names no cause (an exec that timed out) does not decide while a transport works', () => {
    const slowExec = [c('inside.pg_isready', 'inside', 'fail', 'exec-failed'), c('inside.psql', 'inside', 'fail', 'exec-failed'), c('inside.listener', 'inside', 'fail', 'exec-failed')];
    const a = assess([...healthyBase(), ...host('pass', 'pass', 'pass', 'pass'), ...slowExec]);
    assert.deepEqual([a.verdict, a.rootCause, a.transport], ['ok', 'ok', 'direct']);
    assert.match(a.summary, /^PostgreSQL answers on 127\.0\.0\.1:55434 with the container's credentials, but 3 check\(s\) failed without breaking it: inside\.pg_isready is fail\./);
    assert.deepEqual(a.fixSteps, ['Fix inside.pg_isready.', 'Fix inside.psql.', 'Fix inside.listener.']);
    const none = assess([...healthyBase(), ...host('pass', 'fail', 'skip', 'skip', 'weird'), ...slowExec]);
    assert.deepEqual([none.verdict, none.transport], ['down', 'none']);
    assert.ok(ROOT_CAUSES.includes(none.rootCause) && none.rootCause !== 'ok');
  });

  it('a restarting container or one that exited after restarts is a crash loop', () => {
    assert.equal(assess([c('engine', 'engine', 'pass'), c('container', 'container', 'fail', 'restarting')]).rootCause, 'crash-loop');
    assert.equal(assess([c('engine', 'engine', 'pass'), c('container', 'container', 'fail', 'crash-loop')]).rootCause, 'crash-loop');
    const onceRestarted = [...healthyBase().filter((x) => x.id !== 'container'), c('container', 'container', 'warn', 'restarted'), ...host('pass', 'pass', 'pass', 'pass'), ...inside('pass')];
    assert.deepEqual([assess(onceRestarted).verdict, assess(onceRestarted).rootCause], ['ok', 'ok'], 'one earlier restart is a warning, not a root cause');
  });

  it('a container that could not start on a taken port: port-conflict, naming who holds the port', () => {
    const a = assess([c('engine', 'engine', 'pass'), c('container', 'container', 'fail', 'port-taken'), c('port', 'port', 'skip'), c('port-owner', 'port', 'fail', 'port-taken-host')]);
    assert.deepEqual([a.verdict, a.rootCause, a.transport], ['down', 'port-conflict', 'none']);
    assert.equal(a.summary, 'container is fail. Because. port-owner is fail. Because.');
    assert.deepEqual(a.fixSteps.slice(0, 2), ['Fix port-owner.', 'Fix container.']);
  });

  it('not published: degraded over exec; unhealthy with a working port: degraded over direct; a failure inside too: still direct', () => {
    const notPublished = assess([...healthyBase().filter((x) => x.id !== 'port'), c('port', 'port', 'warn', 'not-published'), ...inside('pass')]);
    assert.deepEqual([notPublished.verdict, notPublished.rootCause, notPublished.transport], ['degraded', 'port-not-published', 'exec']);
    assert.equal(notPublished.fixSteps[0], 'Fix port.');
    const unhealthy = [...healthyBase().filter((x) => x.id !== 'health'), c('health', 'health', 'warn', 'unhealthy'), ...host('pass', 'pass', 'pass', 'pass'), ...inside('pass')];
    const u = assess(unhealthy);
    assert.deepEqual([u.verdict, u.rootCause, u.transport], ['degraded', 'unhealthy', 'direct']);
    assert.match(u.summary, /The database itself answers on 127\.0\.0\.1:55434\.$/);
    assert.equal(assess([...unhealthy, c('inside.x', 'inside', 'fail', 'not-listening')]).transport, 'direct');
  });

  it('the database is fine but a sibling cannot resolve it, or the workspace points elsewhere: degraded, direct, named', () => {
    const ok = [...healthyBase(), ...host('pass', 'pass', 'pass', 'pass'), ...inside('pass')];
    const dns = assess([...ok, c('network:app', 'network', 'fail', 'dns-failure')]);
    assert.deepEqual([dns.verdict, dns.rootCause, dns.transport], ['degraded', 'dns-failure', 'direct']);
    const config = assess([...ok, c('config:.env:3', 'config', 'fail', 'wrong-port'), c('logs', 'logs', 'warn', 'auth-failures')]);
    assert.deepEqual([config.verdict, config.rootCause, config.transport], ['degraded', 'config-mismatch', 'direct']);
    assert.deepEqual(config.fixSteps, ['Fix config:.env:3.']);
    const logsOnly = assess([...ok, c('logs', 'logs', 'warn', 'auth-failures')]);
    assert.deepEqual([logsOnly.verdict, logsOnly.rootCause], ['ok', 'ok'], 'a log signature explains, it is not a root cause by itself');
  });

  it('a failing address is only a warning when another address works end to end, and names no root cause', () => {
    const checks = softenPartialFailures([...healthyBase(), ...host('pass', 'pass', 'pass', 'pass'), ...host('fail', 'skip', 'skip', 'skip', 'refused', '[::1]:55434'), ...inside('pass')]);
    const v6 = checks.find((x) => x.id === 'tcp:[::1]:55434');
    assert.equal(v6?.status, 'warn');
    assert.match(v6?.fix ?? '', /^Connect to 127\.0\.0\.1:55434, which works/);
    assert.deepEqual([assess(checks).verdict, assess(checks).rootCause], ['ok', 'ok']);
    const none = [...host('fail', 'skip', 'skip', 'skip', 'refused')];
    assert.deepEqual(softenPartialFailures(none), none);
  });

  it('every code the rules produce is one of the issue\'s root causes', () => {
    const codes = ['unreachable', 'not-found', 'crash-loop', 'restarting', 'exited', 'created', 'port-taken', 'starting', 'unhealthy', 'not-published', 'refused', 'timeout-connect', 'timeout-after-accept', '28P01', '3D000', '53300', 'dns-failure'];
    for (const code of codes) {
      const r = rootCauseOf(c('x', 'container', 'fail', code));
      assert.ok(r && ROOT_CAUSES.includes(r), `${code} → ${String(r)}`);
    }
    assert.equal(rootCauseOf(c('x', 'inside', 'pass', 'refused')), null);
  });
});

describe('diagnostics: runner pieces and CLI output', () => {
  it('a check that hangs fails at its own budget, and a throwing check fails with the message', async () => {
    const t0 = Date.now();
    const r = await runCheck({ id: 'x', title: 'Slow thing', layer: 'inside', timeoutMs: 50 }, () => new Promise(() => undefined));
    assert.ok(Date.now() - t0 < 500);
    assert.equal(r.status, 'fail');
    assert.equal(r.code, 'timeout');
    assert.match(r.detail, /did not finish within 50 ms/);
    const e = await runCheck({ id: 'y', title: 'Broken', layer: 'inside', timeoutMs: 50 }, async () => {
      throw new Error('boom');
    });
    assert.equal(e.status, 'fail');
    assert.match(e.detail, /boom/);
  });

  it('prints the verdict on top, one line per check with ✓ ! ✗, then numbered fix steps; exit codes 0 / 1 / 2, the worst of several', () => {
    const checks = [c('engine', 'engine', 'pass'), c('health', 'health', 'warn'), c('protocol:x', 'protocol', 'fail', 'timeout-after-accept'), c('auth:x', 'auth', 'skip'), { ...c('config:.env:3', 'config', 'fail'), location: { file: '/w/.env', line: 3 } }];
    const report: DiagnosisReport = { container: 'db', startedAt: new Date(0).toISOString(), ms: 12, checks, ...assess(checks, 'db') };
    const text = formatReport(report);
    assert.match(text.split('\n')[0], /^db: DOWN \(handshake-timeout\), transport none — 12 ms$/);
    assert.match(text, /^✓ engine +engine is pass\. Because\. +\(1 ms\)$/m);
    assert.match(text, /^! health /m);
    assert.match(text, /^✗ protocol:x /m);
    assert.match(text, /^✗ config:\.env:3 .* \[\/w\/\.env:3\]/m);
    assert.match(text, /^ {4}→ Fix protocol:x\.$/m);
    assert.doesNotMatch(text, /auth:x/);
    assert.match(text, /\(1 check skipped\)/);
    assert.match(text, /^Fix steps:\n {2}1\. Fix protocol:x\.\n {2}2\. Fix config:\.env:3\.$/m);
    assert.match(formatReport(report, { verbose: true }), /^- auth:x/m);
    assert.deepEqual([exitCodeFor('ok'), exitCodeFor('degraded'), exitCodeFor('down')], [0, 1, 2]);
    assert.deepEqual([exitCodeFor(['ok', 'degraded', 'ok']), exitCodeFor(['degraded', 'down']), exitCodeFor([])], [1, 2, 0]);
  });
});

describe('diagnoseAll without an engine', () => {
  it('returns one report naming the unreachable engine, with one engine check', async () => {
    const reports = await diagnoseAll({ connect: { setting: 'unix:///tmp/dockerdb-no-such-engine.sock' } });
    assert.equal(reports.length, 1);
    assert.equal(reports[0].container, '(any database container)');
    assert.equal(reports[0].rootCause, 'engine-unreachable');
    assert.equal(reports[0].verdict, 'down');
    assert.deepEqual(reports[0].checks.map((k) => `${k.id}:${k.status}`), ['engine:fail', 'container:skip', 'health:skip', 'port:skip', 'port-owner:skip']);
    assert.match(reports[0].checks[0].detail, /dockerdb-no-such-engine\.sock/);
  });
});
