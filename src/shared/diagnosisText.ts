/**
 * Short words for a diagnosis, shared by the tree badge, the status-bar tooltip, the report
 * webview and the Markdown copy, so every surface says the same thing.
 */
import type { DiagnosisReport, RootCause, WorkingTransport } from './diagnostics';

const CAUSES: Record<RootCause, string> = {
  'engine-unreachable': 'Docker engine unreachable',
  'container-missing': 'container missing',
  'container-not-running': 'container not running',
  'crash-loop': 'crash loop',
  starting: 'still starting',
  unhealthy: 'unhealthy',
  'port-not-published': 'port not published',
  'port-conflict': 'host port conflict',
  'connection-refused': 'connection refused',
  'tcp-timeout': 'TCP connect timed out',
  'handshake-timeout': 'port forwarding broken (handshake timed out)',
  'auth-failed': 'authentication failed',
  'database-missing': 'database missing',
  'too-many-connections': 'too many connections',
  'dns-failure': 'service name does not resolve',
  'config-mismatch': 'workspace configuration mismatch',
  ok: 'no problem found',
};

/** "port forwarding broken (handshake timed out)" for `handshake-timeout`. */
export function describeRootCause(cause: RootCause): string {
  return CAUSES[cause];
}

/** "direct (published port)", "exec (docker exec psql)", "none". */
export function describeTransport(transport: WorkingTransport): string {
  return transport === 'direct' ? 'direct (published port)' : transport === 'exec' ? 'exec (docker exec … psql)' : 'none';
}

/** The tree's badge: "ok", "degraded: exec only", "down: auth failed". */
export function verdictBadge(report: Pick<DiagnosisReport, 'verdict' | 'rootCause' | 'transport'>): string {
  if (report.verdict === 'ok') return 'diagnosis ok';
  if (report.verdict === 'degraded') return report.transport === 'exec' ? 'degraded: exec only' : `degraded: ${describeRootCause(report.rootCause)}`;
  return `down: ${describeRootCause(report.rootCause)}`;
}

/** "degraded: exec only — root cause handshake-timeout, transport exec, diagnosed 19:05:31" for tooltips. */
export function verdictLine(report: DiagnosisReport): string {
  return `${verdictBadge(report)} — root cause ${report.rootCause}, transport ${report.transport}, diagnosed ${new Date(report.startedAt).toLocaleTimeString()}`;
}
