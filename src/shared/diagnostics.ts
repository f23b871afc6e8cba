/**
 * The diagnosis report of one database container (`dockerdb doctor`, later the diagnostics panel).
 * Plain data only.
 */

/**
 * Where a problem sits, from the engine outwards to the database. `forwarding` is the verdict for
 * "the host port accepts, PostgreSQL never answers, yet inside the container it answers".
 */
export type DiagnosisLayer =
  | 'engine'
  | 'container'
  | 'health'
  | 'port'
  | 'tcp'
  | 'forwarding'
  | 'protocol'
  | 'auth'
  | 'database'
  | 'inside'
  | 'none';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id, e.g. `engine`, `tcp:127.0.0.1`, `inside.pg_isready`. */
  id: string;
  title: string;
  layer: DiagnosisLayer;
  status: CheckStatus;
  ms: number;
  /** What was seen and, on warn/fail, why it probably happened (one sentence each). */
  detail: string;
  /** What to do next, on warn/fail. */
  fix?: string;
  /** Machine-readable cause: a SQLSTATE (28P01), a probe reason (timeout-after-accept), a state (exited). */
  code?: string;
}

export type VerdictStatus = 'ok' | 'degraded' | 'broken';

export interface Verdict {
  status: VerdictStatus;
  /** The first layer (engine outwards) that is broken or degraded; `none` when all is well. */
  layer: DiagnosisLayer;
  summary: string;
  fix: string;
}

export interface DiagnosisReport {
  /** The name or id the user asked about. */
  container: string;
  /** ISO time the run started. */
  startedAt: string;
  ms: number;
  checks: CheckResult[];
  verdict: Verdict;
}

/** Layers in the order the verdict walks them. */
export const LAYER_ORDER: readonly DiagnosisLayer[] = ['engine', 'container', 'health', 'port', 'tcp', 'forwarding', 'protocol', 'auth', 'database', 'inside'];
