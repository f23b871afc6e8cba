import * as assert from 'node:assert/strict';
import type { DiagnosisReport } from '../../src/shared/diagnostics';
import { isDiagnosisReport, parseDiagnosticsHostMessage, parseDiagnosticsWebviewMessage, reportNamesLocation } from '../../src/shared/diagnosticsProtocol';

const report: DiagnosisReport = {
  container: 'db',
  verdict: 'degraded',
  rootCause: 'config-mismatch',
  transport: 'exec',
  summary: 'The .env file names port 5433.',
  fixSteps: ['Use port 55432.'],
  checks: [
    { id: 'engine', title: 'Docker engine', layer: 'engine', status: 'pass', ms: 3, detail: 'ok' },
    { id: 'config:.env:3', title: '.env', layer: 'config', status: 'fail', ms: 1, detail: 'wrong port', fix: 'Use 55432.', code: 'wrong-port', location: { file: '/w/.env', line: 3 } },
  ],
  ms: 40,
  startedAt: '2026-11-24T19:00:00.000Z',
};

describe('Diagnose Connection panel protocol', () => {
  it('the host accepts the webview messages it knows, with request ids; extra fields are dropped', () => {
    assert.deepEqual(parseDiagnosticsWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseDiagnosticsWebviewMessage({ type: 'rerun', requestId: 1 }), { type: 'rerun', requestId: 1 });
    assert.deepEqual(parseDiagnosticsWebviewMessage({ type: 'copyMarkdown', requestId: 2, text: 'ignored' }), { type: 'copyMarkdown', requestId: 2 });
    assert.deepEqual(parseDiagnosticsWebviewMessage({ type: 'openLocation', requestId: 3, location: { file: '/w/.env', line: 3, evil: 1 } }), {
      type: 'openLocation',
      requestId: 3,
      location: { file: '/w/.env', line: 3 },
    });
  });

  it('the host drops malformed webview messages', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'copy', requestId: 1, text: 'x' },
      { type: 'rerun' },
      { type: 'rerun', requestId: -1 },
      { type: 'copyMarkdown', requestId: 1.5 },
      { type: 'openLocation', requestId: 1 },
      { type: 'openLocation', requestId: 1, location: { file: '', line: 1 } },
      { type: 'openLocation', requestId: 1, location: { file: '/w/.env', line: 0 } },
      { type: 'openLocation', requestId: 1, location: { file: '/w/.env', line: '3' } },
      { type: 'openLocation', requestId: 1, location: { file: 'x'.repeat(5000), line: 1 } },
    ]) {
      assert.equal(parseDiagnosticsWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  it('the webview accepts a well-formed report and the other host messages', () => {
    assert.deepEqual(parseDiagnosticsHostMessage({ type: 'report', seq: 1, report }), { type: 'report', seq: 1, report });
    assert.deepEqual(parseDiagnosticsHostMessage({ type: 'running', container: 'db' }), { type: 'running', container: 'db' });
    assert.deepEqual(parseDiagnosticsHostMessage({ type: 'failed', container: 'db', message: 'boom' }), { type: 'failed', container: 'db', message: 'boom' });
    assert.deepEqual(parseDiagnosticsHostMessage({ type: 'response', requestId: 4, ok: false, message: 'no' }), { type: 'response', requestId: 4, ok: false, message: 'no' });
  });

  it('the webview drops reports with a field it would misread', () => {
    const withCheck = (patch: Record<string, unknown>) => ({ ...report, checks: [{ ...report.checks[0], ...patch }] });
    for (const bad of [
      { ...report, verdict: 'broken' },
      { ...report, rootCause: 'gremlins' },
      { ...report, transport: 'ssh' },
      { ...report, fixSteps: [1] },
      { ...report, ms: -1 },
      { ...report, checks: 'none' },
      withCheck({ status: 'ok' }),
      withCheck({ detail: null }),
      withCheck({ fix: 3 }),
      withCheck({ location: { file: '/w/.env' } }),
    ]) {
      assert.equal(isDiagnosisReport(bad), false, JSON.stringify(bad).slice(0, 120));
      assert.equal(parseDiagnosticsHostMessage({ type: 'report', seq: 1, report: bad }), undefined);
    }
    assert.equal(parseDiagnosticsHostMessage({ type: 'report', seq: -1, report }), undefined);
    assert.equal(parseDiagnosticsHostMessage({ type: 'response', requestId: 1, ok: 'yes' }), undefined);
    assert.equal(parseDiagnosticsHostMessage({ type: 'eval' }), undefined);
  });

  it('the host opens only a location the current report names', () => {
    assert.equal(reportNamesLocation(report, { file: '/w/.env', line: 3 }), true);
    assert.equal(reportNamesLocation(report, { file: '/w/.env', line: 4 }), false);
    assert.equal(reportNamesLocation(report, { file: '/etc/shadow', line: 1 }), false);
  });
});
