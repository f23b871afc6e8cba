import * as assert from 'node:assert/strict';
import type { DiagnosisReport } from '../../src/shared/diagnostics';
import { formatDiagnosisMarkdown, formatLocation, markdownCell } from '../../src/shared/diagnosticsMarkdown';
import { verdictBadge } from '../../src/shared/diagnosisText';
import { redact } from '../../src/core/util/redact';

const PASSWORD = 'Pw9_s3cr3t-value';

const degraded: DiagnosisReport = {
  container: 'shop-legacy-1',
  verdict: 'degraded',
  rootCause: 'handshake-timeout',
  transport: 'exec',
  summary: 'Host port 127.0.0.1:55434 accepts connections but PostgreSQL never answers; inside the container the database answers.',
  fixSteps: ['Restart the container (docker restart) to recreate the port forwarding.', 'Check firewall rules\n(iptables -S).'],
  checks: [
    { id: 'engine', title: 'Docker engine', layer: 'engine', status: 'pass', ms: 4, detail: 'Engine 20.10.24 (API 1.41) answered at unix:///var/run/docker.sock.' },
    { id: 'protocol:127.0.0.1:55434', title: 'PostgreSQL startup | 127.0.0.1', layer: 'protocol', status: 'fail', ms: 1501, detail: 'Accepted, then silence.', fix: 'Restart the container.', code: 'timeout-after-accept' },
    { id: 'config:.env:3', title: 'DATABASE_URL in .env', layer: 'config', status: 'warn', ms: 2, detail: `DATABASE_URL=postgres://app:${PASSWORD}@localhost:5433/app uses port 5433`, fix: 'Use port 55434.', location: { file: '/work/app/.env', line: 3 } },
    { id: 'inside.pg_isready', title: 'pg_isready inside', layer: 'inside', status: 'skip', ms: 0, detail: '' },
  ],
  ms: 1530,
  startedAt: '2026-11-24T19:00:00.000Z',
};

describe('diagnosis report as Markdown', () => {
  const md = formatDiagnosisMarkdown(degraded, { extensionVersion: '0.1.0', engineVersion: '20.10.24 (API 1.41)', editor: 'VS Code 1.100.3', platform: 'linux x64', workspaceFolders: ['/work/app'] });

  it('starts with the verdict, the root cause code and the working transport', () => {
    const lines = md.split('\n');
    assert.equal(lines[0], '## Docker DB diagnosis: shop-legacy-1 — DEGRADED');
    assert.ok(lines.includes('- **Verdict:** degraded'));
    assert.ok(lines.includes('- **Root cause:** `handshake-timeout` (port forwarding broken (handshake timed out))'));
    assert.ok(lines.includes('- **Working transport:** exec (docker exec … psql)'));
    assert.ok(lines.includes(degraded.summary));
  });

  it('numbers the fix steps, one line each', () => {
    assert.match(md, /### Fix steps\n\n1\. Restart the container \(docker restart\) to recreate the port forwarding\.\n2\. Check firewall rules \(iptables -S\)\.\n/);
  });

  it('has one table row per check, pipes escaped, the config location relative to the workspace', () => {
    const rows = md.split('\n').filter((l) => /^\| (✅|⚠️|❌|➖)/.test(l));
    assert.equal(rows.length, degraded.checks.length);
    assert.equal(rows[1], '| ❌ fail | PostgreSQL startup \\| 127.0.0.1 | protocol | 1501 | Accepted, then silence. | Restart the container. |');
    assert.match(rows[2], /\(\.env:3\) \| Use port 55434\. \|$/);
    assert.ok(!md.includes('/work/app/.env'), 'no absolute path of a workspace file');
    // Every row has the same number of cells as the header.
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    const header = md.split('\n').find((l) => l.startsWith('| Status |'))!;
    for (const r of rows) assert.equal(cells(r), cells(header), r);
  });

  it('ends with the environment', () => {
    assert.match(md, /### Environment\n\n- Docker DB 0\.1\.0\n- Docker engine 20\.10\.24 \(API 1\.41\)\n- VS Code 1\.100\.3\n- OS linux x64\n$/);
    const noEngine = formatDiagnosisMarkdown({ ...degraded, checks: [] }, { extensionVersion: '0.1.0' });
    assert.match(noEngine, /- Docker engine not reachable\n$/);
  });

  it('after redaction, carries no password from a detail', () => {
    assert.ok(md.includes(PASSWORD), 'the raw formatter keeps details as they are');
    const safe = redact(md, [PASSWORD]);
    assert.ok(!safe.includes(PASSWORD));
    assert.match(safe, /postgres:\/\/app:\*\*\*@localhost:5433\/app/);
  });

  it('an ok report has no fix steps section', () => {
    const ok = formatDiagnosisMarkdown({ ...degraded, verdict: 'ok', rootCause: 'ok', transport: 'direct', fixSteps: [] }, { extensionVersion: '0.1.0' });
    assert.ok(!ok.includes('### Fix steps'));
    assert.match(ok, /— OK\n/);
  });

  it('cells are one line and cut when long; locations outside the workspace stay absolute', () => {
    assert.equal(markdownCell('a\nb\r\n\nc'), 'a b c');
    assert.equal(markdownCell(''), ' ');
    assert.equal(markdownCell('x'.repeat(500), 10), `${'x'.repeat(9)}…`);
    assert.equal(formatLocation({ file: '/etc/app/.env', line: 2, column: 5 }, ['/work/app']), '/etc/app/.env:2:5');
    assert.equal(formatLocation({ file: '/work/application/.env', line: 2 }, ['/work/app']), '/work/application/.env:2');
  });

  it('the tree badge names the verdict and, when degraded to exec, says so', () => {
    assert.equal(verdictBadge(degraded), 'degraded: exec only');
    assert.equal(verdictBadge({ verdict: 'down', rootCause: 'auth-failed', transport: 'none' }), 'down: authentication failed');
    assert.equal(verdictBadge({ verdict: 'ok', rootCause: 'ok', transport: 'direct' }), 'diagnosis ok');
  });
});
