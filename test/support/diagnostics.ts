/** Helpers shared by the diagnostics integration tests: print a report's outcome, find a check. */
import * as assert from 'node:assert/strict';
import type { CheckResult, DiagnosisReport } from '../../src/shared/diagnostics';

export function showReport(label: string, r: DiagnosisReport): void {
  const slow = r.checks.filter((c) => c.ms >= 100).map((c) => `${c.id} ${c.ms} ms`);
  console.log(`      [${label}] ${r.ms} ms → ${r.verdict}/${r.rootCause}/${r.transport}${slow.length ? ` (slowest: ${slow.join(', ')})` : ''}`);
}

export function findCheck(r: DiagnosisReport, idPrefix: string): CheckResult {
  const c = r.checks.find((x) => x.id.startsWith(idPrefix));
  assert.ok(c, `no check ${idPrefix} in ${r.checks.map((x) => x.id).join(', ')}`);
  return c;
}
