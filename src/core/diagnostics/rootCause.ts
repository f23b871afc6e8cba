/**
 * Which root-cause code a single failed or warning check stands for. Pure: one check in, one
 * code (or null: the check names no root cause by itself, e.g. a log signature) out.
 *
 * How the codes of the issue map onto the checks:
 * - engine → `engine-unreachable`; container → `container-missing`, `container-not-running`,
 *   `crash-loop`, `port-conflict` (Docker could not bind the host port at start);
 * - health → `starting`, `unhealthy`; port → `port-not-published`, `port-conflict` (another
 *   container or program holds the host port);
 * - tcp → `connection-refused`, `tcp-timeout`; protocol → `handshake-timeout` (accepted, then
 *   silence: the forwarding is broken), `connection-refused` (accepted, then closed: docker-proxy's
 *   dial to the container was refused), `port-conflict` (something else than PostgreSQL answers);
 * - auth → `auth-failed`; database → `database-missing`, `starting`, `too-many-connections`;
 * - inside → the same codes seen through docker exec;
 * - network → `dns-failure` (a sibling cannot resolve or reach the database);
 * - config → `config-mismatch`.
 */
import type { CheckResult, RootCause } from '../../shared/diagnostics';

const BY_CODE: Readonly<Record<string, RootCause>> = {
  unreachable: 'engine-unreachable',
  'not-found': 'container-missing',
  'crash-loop': 'crash-loop',
  restarting: 'crash-loop',
  exited: 'container-not-running',
  dead: 'container-not-running',
  created: 'container-not-running',
  paused: 'container-not-running',
  'port-taken': 'port-conflict',
  'port-taken-host': 'port-conflict',
  'port-shared': 'port-conflict',
  'not-postgres': 'port-conflict',
  'host-listener': 'port-conflict',
  starting: 'starting',
  unhealthy: 'unhealthy',
  'not-published': 'port-not-published',
  refused: 'connection-refused',
  reset: 'connection-refused',
  'timeout-connect': 'tcp-timeout',
  'timeout-after-accept': 'handshake-timeout',
  '28P01': 'auth-failed',
  '28000': 'auth-failed',
  '3D000': 'database-missing',
  '57P03': 'starting',
  '53300': 'too-many-connections',
  rejecting: 'starting',
  'no-response': 'connection-refused',
  'not-listening': 'connection-refused',
  'loopback-only': 'connection-refused',
  'dns-failure': 'dns-failure',
  'other-network': 'dns-failure',
  'tcp-unreachable': 'connection-refused',
};

/** The root cause a failing or warning check names, or null when it names none by itself. */
export function rootCauseOf(check: CheckResult): RootCause | null {
  if (check.status !== 'fail' && check.status !== 'warn') return null;
  if (check.layer === 'config') return 'config-mismatch';
  if (check.layer === 'logs') return null;
  const byCode = check.code ? BY_CODE[check.code] : undefined;
  if (byCode) return byCode;
  if (check.status === 'warn') return null;
  switch (check.layer) {
    case 'engine':
      return 'engine-unreachable';
    case 'container':
      return 'container-not-running';
    case 'health':
      return 'unhealthy';
    case 'tcp':
      return 'connection-refused';
    case 'forwarding':
    case 'protocol':
      return 'handshake-timeout';
    case 'auth':
      return 'auth-failed';
    case 'network':
      return 'dns-failure';
    default:
      return null;
  }
}
