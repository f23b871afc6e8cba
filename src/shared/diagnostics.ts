/**
 * The diagnosis report of one database container: `dockerdb doctor --json`, the Diagnose
 * Connection webview and the tree's verdict badge all read this shape. Plain data only.
 */

/**
 * Where a check sits, from the engine outwards to the database and around it. Used to order the
 * report and to walk layers for the verdict.
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
  | 'network'
  | 'config'
  | 'logs'
  | 'none';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** `ok`: every path works. `degraded`: the direct path is broken but exec works (queries still run). `down`: no path works. */
export type Verdict = 'ok' | 'degraded' | 'down';

/** The root cause the verdict names; `ok` when nothing is wrong. */
export type RootCause =
  | 'engine-unreachable'
  | 'container-missing'
  | 'container-not-running'
  | 'crash-loop'
  | 'starting'
  | 'unhealthy'
  | 'port-not-published'
  | 'port-conflict'
  | 'connection-refused'
  | 'tcp-timeout'
  | 'handshake-timeout'
  | 'auth-failed'
  | 'database-missing'
  | 'too-many-connections'
  | 'dns-failure'
  | 'config-mismatch'
  | 'ok';

export const ROOT_CAUSES: readonly RootCause[] = [
  'engine-unreachable',
  'container-missing',
  'container-not-running',
  'crash-loop',
  'starting',
  'unhealthy',
  'port-not-published',
  'port-conflict',
  'connection-refused',
  'tcp-timeout',
  'handshake-timeout',
  'auth-failed',
  'database-missing',
  'too-many-connections',
  'dns-failure',
  'config-mismatch',
  'ok',
];

/** The transport that works for queries right now: the published port, docker exec, or neither. */
export type WorkingTransport = 'direct' | 'exec' | 'none';

/** A place in a workspace file (1-based line), e.g. the `.env` line holding a wrong `DATABASE_URL`. */
export interface SourceLocation {
  /** Absolute path. */
  file: string;
  line: number;
  /** 1-based column, when known. */
  column?: number;
}

export interface CheckResult {
  /** Stable id, e.g. `engine`, `tcp:127.0.0.1:55432`, `inside.pg_isready`, `config:.env:3`. */
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
  /** The workspace file and line the finding is about (config checks). */
  location?: SourceLocation;
}

export interface DiagnosisReport {
  /** The name (or id, when it has no name) of the container diagnosed. */
  container: string;
  verdict: Verdict;
  rootCause: RootCause;
  transport: WorkingTransport;
  /** One or two sentences: what is wrong and where, for a person. */
  summary: string;
  /** Fix steps written for a person, in the order to try them; empty when the verdict is ok. */
  fixSteps: string[];
  checks: CheckResult[];
  /** Wall time of the whole run. */
  ms: number;
  /** ISO time the run started. */
  startedAt: string;
}

/** Layers in the order the report lists them and the verdict walks them. */
export const LAYER_ORDER: readonly DiagnosisLayer[] = ['engine', 'container', 'health', 'port', 'tcp', 'forwarding', 'protocol', 'auth', 'database', 'inside', 'network', 'config', 'logs'];
