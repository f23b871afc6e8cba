import * as assert from 'node:assert/strict';
import { nameToResolve, NetworkInfo, pickSiblings, probeOutcome } from '../../src/core/diagnostics/networkChecks';
import type { ExecResult } from '../../src/core/docker/exec';

const db: NetworkInfo = { networks: { shop_default: ['db', 'abc123'] }, project: 'shop', service: 'db' };
const raw = (id: string, name: string, networks: string[], labels: Record<string, string> = {}) => ({ Id: id, Names: [`/${name}`], Labels: labels, NetworkSettings: { Networks: Object.fromEntries(networks.map((n) => [n, {}])) } });
const exec = (exitCode: number, stdout: string, stderr = ''): ExecResult => ({ exitCode, stdout: Buffer.from(stdout), stderr, truncated: false, elapsedMs: 3 });

describe('diagnostics: between containers', () => {
  it('picks dependents of the database first, then its compose project, then others on its networks; never itself or the default bridge', () => {
    const list = [
      raw('dbid', 'shop-db-1', ['shop_default'], { 'com.docker.compose.project': 'shop' }),
      raw('o1', 'other', ['shop_default']),
      raw('o2', 'stranger', ['bridge']),
      raw('w1', 'shop-worker-1', ['shop_default'], { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'worker' }),
      raw('a1', 'shop-api-1', ['shop_backend'], { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'api', 'com.docker.compose.depends_on': 'db:service_healthy:false' }),
    ];
    const s = pickSiblings('dbid', db, list);
    assert.deepEqual(s.map((x) => x.name), ['shop-api-1', 'shop-worker-1', 'other']);
    assert.equal(nameToResolve(db, 'shop-db-1', s[0]), 'db');
    assert.equal(nameToResolve(db, 'shop-db-1', s[2]), 'shop-db-1');
  });

  it('classifies the probe: unresolved is dns-failure, resolved and answering passes, resolved and silent fails', () => {
    const unresolved = probeOutcome(exec(0, 'UNRESOLVED\nTCP-FAIL pg_isready exit 2\n'), 'api', 'db', 5432);
    assert.deepEqual([unresolved.status, unresolved.code], ['fail', 'dns-failure']);
    assert.match(unresolved.detail, /api cannot resolve "db"/);
    const ok = probeOutcome(exec(0, 'RESOLVED 172.18.0.2      db\nTCP-OK pg_isready\n'), 'api', 'db', 5432);
    assert.equal(ok.status, 'pass');
    assert.match(ok.detail, /"db" resolves to 172\.18\.0\.2, and port 5432 answers \(pg_isready\)/);
    const silent = probeOutcome(exec(0, 'RESOLVED 172.18.0.2 db\nTCP-FAIL nc\n'), 'api', 'db', 5432);
    assert.deepEqual([silent.status, silent.code], ['fail', 'tcp-unreachable']);
  });

  it('images without the tools are skipped (or pass on what could be tested), not failed', () => {
    assert.equal(probeOutcome(exec(127, '', 'OCI runtime exec failed: exec: "sh": executable file not found in $PATH'), 'distroless', 'db', 5432).status, 'skip');
    assert.equal(probeOutcome(exec(0, 'NO-GETENT\nNO-TCP-TOOL\n'), 'tiny', 'db', 5432).status, 'skip');
    const resolvedOnly = probeOutcome(exec(0, 'RESOLVED 172.18.0.2 db\nNO-TCP-TOOL\n'), 'tiny', 'db', 5432);
    assert.equal(resolvedOnly.status, 'pass');
    assert.match(resolvedOnly.detail, /no pg_isready, nc or bash to test port 5432/);
    assert.equal(probeOutcome(exec(0, 'NO-GETENT\nTCP-OK bash\n'), 'b', 'db', 5432).status, 'pass');
  });
});
