import * as assert from 'node:assert/strict';
import type { CheckResult, DiagnosisReport } from '../../src/shared/diagnostics';
import { runCheck } from '../../src/core/diagnostics/check';
import { computeVerdict, softenPartialFailures } from '../../src/core/diagnostics/verdict';
import { exitCodeFor, formatReport } from '../../src/cli/commands/doctor';

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

describe('diagnostics: verdict', () => {
  it('all passing is ok, with nothing to fix', () => {
    const v = computeVerdict([...healthyBase(), ...host('pass', 'pass', 'pass', 'pass'), ...inside('pass')]);
    assert.equal(v.status, 'ok');
    assert.equal(v.layer, 'none');
    assert.match(v.summary, /127\.0\.0\.1:55434/);
  });

  it('black-holed port: accepted-then-silent while inside answers is the forwarding, not the database', () => {
    const v = computeVerdict([...healthyBase(), ...host('pass', 'fail', 'skip', 'skip', 'timeout-after-accept'), ...inside('pass')], 'legacy');
    assert.equal(v.status, 'broken');
    assert.equal(v.layer, 'forwarding');
    assert.equal(
      v.summary,
      'Host port 127.0.0.1:55434 accepts connections but PostgreSQL never answers; inside the container the database answers. The port forwarding (docker-proxy/iptables) is broken, not the database.',
    );
    assert.match(v.fix, /[Rr]estart the container/);
    assert.match(v.fix, /firewall/);
    assert.match(v.fix, /docker exec/);
  });

  it('accepted-then-closed while inside answers is also the forwarding', () => {
    const v = computeVerdict([...healthyBase(), ...host('pass', 'fail', 'skip', 'skip', 'reset'), ...inside('pass')]);
    assert.equal(v.layer, 'forwarding');
    assert.match(v.summary, /closes them/);
  });

  it('silent host port and a silent database inside: the database is the root cause', () => {
    const checks = [...healthyBase(), ...host('pass', 'fail', 'skip', 'skip', 'timeout-after-accept'), ...inside('fail')];
    const v = computeVerdict(checks, 'db');
    assert.equal(v.layer, 'inside');
    assert.match(v.summary, /inside db it does not answer either/);
    assert.equal(v.fix, 'Fix inside.pg_isready.');
  });

  it('walks the layers in order: the first broken one wins, whatever the check order', () => {
    const checks = [...host('pass', 'pass', 'fail', 'skip', '28P01'), c('container', 'container', 'fail', 'exited'), c('engine', 'engine', 'pass')];
    assert.equal(computeVerdict(checks).layer, 'container');
    assert.equal(computeVerdict([...healthyBase(), ...host('pass', 'pass', 'fail', 'skip', '28P01'), ...inside('pass')]).layer, 'auth');
    assert.equal(computeVerdict([...healthyBase(), ...host('pass', 'pass', 'pass', 'fail', '3D000'), ...inside('pass')]).layer, 'database');
    assert.equal(computeVerdict([c('engine', 'engine', 'fail'), c('container', 'container', 'skip')]).layer, 'engine');
  });

  it('a container that could not start on a taken port: the verdict names who holds the port', () => {
    const v = computeVerdict([c('engine', 'engine', 'pass'), c('container', 'container', 'fail', 'port-taken'), c('port', 'port', 'skip'), c('port-owner', 'port', 'fail', 'port-shared')]);
    assert.equal(v.layer, 'container');
    assert.equal(v.summary, 'container is fail. Because. port-owner is fail. Because.');
    assert.equal(v.fix, 'Fix port-owner.');
  });

  it('warnings alone degrade; a failure anywhere breaks', () => {
    const notPublished = [...healthyBase().filter((x) => x.id !== 'port'), c('port', 'port', 'warn', 'not-published'), ...inside('pass')];
    const v = computeVerdict(notPublished);
    assert.deepEqual([v.status, v.layer, v.fix], ['degraded', 'port', 'Fix port.']);
    const unhealthy = [...healthyBase().filter((x) => x.id !== 'health'), c('health', 'health', 'warn', 'unhealthy'), ...host('pass', 'pass', 'pass', 'pass'), ...inside('pass')];
    assert.deepEqual([computeVerdict(unhealthy).status, computeVerdict(unhealthy).layer], ['degraded', 'health']);
    assert.equal(computeVerdict([...unhealthy, c('inside.x', 'inside', 'fail')]).status, 'broken');
  });

  it('a failing address is only a warning when another address works end to end', () => {
    const checks = softenPartialFailures([...healthyBase(), ...host('pass', 'pass', 'pass', 'pass'), ...host('fail', 'skip', 'skip', 'skip', 'refused', '[::1]:55434'), ...inside('pass')]);
    const v6 = checks.find((x) => x.id === 'tcp:[::1]:55434');
    assert.equal(v6?.status, 'warn');
    assert.match(v6?.fix ?? '', /^Connect to 127\.0\.0\.1:55434, which works/);
    assert.equal(computeVerdict(checks).status, 'degraded');
    const none = [...host('fail', 'skip', 'skip', 'skip', 'refused')];
    assert.deepEqual(softenPartialFailures(none), none);
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

  it('prints one line per check with ✓ ! ✗, the fixes, then the verdict; exit codes 0 / 3 / 1', () => {
    const checks = [c('engine', 'engine', 'pass'), c('health', 'health', 'warn'), c('protocol:x', 'protocol', 'fail'), c('auth:x', 'auth', 'skip')];
    const report: DiagnosisReport = { container: 'db', startedAt: new Date(0).toISOString(), ms: 12, checks, verdict: computeVerdict(checks) };
    const text = formatReport(report);
    assert.match(text, /^✓ engine +engine is pass\. Because\. +\(1 ms\)$/m);
    assert.match(text, /^! health /m);
    assert.match(text, /^✗ protocol:x /m);
    assert.match(text, /^ {4}→ Fix protocol:x\.$/m);
    assert.doesNotMatch(text, /auth:x/);
    assert.match(text, /\(1 check skipped\)/);
    assert.match(text, /Verdict: BROKEN \(layer: protocol\)/);
    assert.match(formatReport(report, { verbose: true }), /^- auth:x/m);
    assert.deepEqual([exitCodeFor('ok'), exitCodeFor('degraded'), exitCodeFor('broken')], [0, 3, 1]);
  });
});
