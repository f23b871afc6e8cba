/**
 * One check = an id, a title, a layer, a time budget and a function. A check never throws and
 * never outlives its budget: errors and timeouts become failed results.
 */
import type { CheckResult, CheckStatus, DiagnosisLayer } from '../../shared/diagnostics';
import { TimeoutError, withTimeout } from '../util/timeout';

export interface CheckSpec {
  id: string;
  title: string;
  layer: DiagnosisLayer;
  timeoutMs: number;
}

/** What a check function returns; the runner adds id, title, layer and ms. */
export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  fix?: string;
  code?: string;
}

export function pass(detail: string, code?: string): CheckOutcome {
  return code ? { status: 'pass', detail, code } : { status: 'pass', detail };
}

export function warn(detail: string, fix: string, code?: string): CheckOutcome {
  return code ? { status: 'warn', detail, fix, code } : { status: 'warn', detail, fix };
}

export function fail(detail: string, fix: string, code?: string): CheckOutcome {
  return code ? { status: 'fail', detail, fix, code } : { status: 'fail', detail, fix };
}

export function skip(detail: string): CheckOutcome {
  return { status: 'skip', detail };
}

/** A result for a check that was not run, e.g. because an earlier layer failed. */
export function skipped(spec: Omit<CheckSpec, 'timeoutMs'>, detail: string): CheckResult {
  return { id: spec.id, title: spec.title, layer: spec.layer, status: 'skip', ms: 0, detail };
}

/** Runs `fn` within the spec's budget. */
export async function runCheck(spec: CheckSpec, fn: () => Promise<CheckOutcome>): Promise<CheckResult> {
  const started = Date.now();
  let outcome: CheckOutcome;
  try {
    outcome = await withTimeout(fn(), spec.timeoutMs, 'timeout');
  } catch (err) {
    outcome =
      err instanceof TimeoutError
        ? fail(`${spec.title} did not finish within ${spec.timeoutMs} ms. The Docker engine or the container is slow to answer, or hangs.`, 'Run the diagnosis again; if it keeps timing out, restart the container.', 'timeout')
        : fail(`${spec.title} could not be checked: ${(err as Error)?.message ?? String(err)}`, 'Look at the error above; it names what failed.', 'error');
  }
  return { id: spec.id, title: spec.title, layer: spec.layer, ms: Date.now() - started, ...outcome };
}
