/**
 * The verdict of a diagnosis: which transport works, `ok` | `degraded` | `down`, the root cause
 * (the first broken layer walking from the engine outwards), a summary and fix steps for a person.
 * Pure: check results in, assessment out.
 *
 * - `ok`: the published port answers `SELECT 1` with the container's credentials and no check
 *   names a root cause.
 * - `degraded`: queries work, but not the way they should: the direct path is broken and docker
 *   exec works (transport `exec`), or the direct path works but something around it is wrong
 *   (transport `direct`): an unhealthy health check, a sibling container that cannot resolve the
 *   database (`dns-failure`), a workspace setting that points elsewhere (`config-mismatch`), another
 *   container on the same host port (`port-conflict`).
 * - `down`: neither the published port nor docker exec can run a query.
 */
import type { CheckResult, DiagnosisLayer, RootCause, Verdict, WorkingTransport } from '../../shared/diagnostics';
import { LAYER_ORDER } from '../../shared/diagnostics';
import { rootCauseOf } from './rootCause';

export interface Assessment {
  verdict: Verdict;
  rootCause: RootCause;
  transport: WorkingTransport;
  summary: string;
  fixSteps: string[];
}

/** Layers whose warnings only come from softenPartialFailures (another address works): they name no root cause. */
const ADDRESS_LAYERS: readonly DiagnosisLayer[] = ['tcp', 'protocol', 'auth', 'database'];
const HOST_SIDE: readonly DiagnosisLayer[] = ['tcp', 'protocol'];

function rank(layer: DiagnosisLayer): number {
  const i = LAYER_ORDER.indexOf(layer);
  return i < 0 ? LAYER_ORDER.length : i;
}

function byLayer(checks: readonly CheckResult[]): CheckResult[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c.layer) - rank(b.c.layer) || a.i - b.i)
    .map(({ c }) => c);
}

/** "127.0.0.1:55434" from an id like "protocol:127.0.0.1:55434". */
export function addressOf(check: CheckResult): string {
  const i = check.id.indexOf(':');
  return i < 0 ? '' : check.id.slice(i + 1);
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

export function workingTransport(checks: readonly CheckResult[]): WorkingTransport {
  if (checks.some((c) => c.layer === 'database' && c.status === 'pass')) return 'direct';
  if (checks.some((c) => c.id === 'inside.psql' && c.status === 'pass')) return 'exec';
  return 'none';
}

/** The check that names the root cause: the first failure by layer (a failure inside the container explains a silent host port), else the first warning that names one. */
function rootCheck(checks: readonly CheckResult[]): { check: CheckResult; cause: RootCause } | null {
  const ordered = byLayer(checks);
  const fails = ordered.filter((c) => c.status === 'fail');
  const insideFail = fails.find((c) => c.layer === 'inside' && rootCauseOf(c));
  for (const c of fails) {
    if (HOST_SIDE.includes(c.layer) && insideFail) return { check: insideFail, cause: rootCauseOf(insideFail) as RootCause };
    const cause = rootCauseOf(c);
    if (cause) return { check: c, cause };
  }
  for (const c of ordered) {
    if (c.status !== 'warn' || ADDRESS_LAYERS.includes(c.layer)) continue;
    const cause = rootCauseOf(c);
    if (cause) return { check: c, cause };
  }
  const unnamed = fails[0];
  return unnamed ? { check: unnamed, cause: unnamed.layer === 'engine' ? 'engine-unreachable' : 'connection-refused' } : null;
}

function summaryOf(root: { check: CheckResult; cause: RootCause }, checks: readonly CheckResult[], transport: WorkingTransport, container: string): string {
  const c = root.check;
  let text = firstLine(c.detail);
  if (root.cause === 'handshake-timeout' && transport === 'exec') {
    text = `Host port ${addressOf(c)} accepts connections but PostgreSQL never answers; inside the container the database answers. The port forwarding (docker-proxy/iptables/firewall) is broken, not the database.`;
  }
  const owner = c.code === 'port-taken' ? checks.find((x) => x.id === 'port-owner' && (x.status === 'fail' || x.status === 'warn')) : undefined;
  if (owner) text = `${text} ${firstLine(owner.detail)}`;
  const works = checks.find((x) => x.layer === 'database' && x.status === 'pass');
  if (transport === 'exec') return `${text} Queries still work through docker exec into ${container}.`;
  if (transport === 'direct' && works) return `${text} The database itself answers on ${addressOf(works)}.`;
  return transport === 'none' && checks.some((x) => x.id === 'inside.psql') ? `${text} No path to the database works: neither the published port nor docker exec.` : text;
}

function fixStepsOf(root: { check: CheckResult }, checks: readonly CheckResult[], transport: WorkingTransport, container: string): string[] {
  const steps: string[] = [];
  const add = (s: string | undefined): void => {
    if (s && !steps.includes(s)) steps.push(s);
  };
  const owner = root.check.code === 'port-taken' ? checks.find((x) => x.id === 'port-owner' && x.status !== 'pass' && x.status !== 'skip') : undefined;
  add(owner?.fix);
  add(root.check.fix);
  for (const c of byLayer(checks)) if (c.status === 'fail' && rootCauseOf(c)) add(c.fix);
  if (transport === 'exec') add(`Meanwhile, query through docker exec: dockerdb query ${container} --via exec (the editor switches to it by itself).`);
  return steps.slice(0, 5);
}

export function assess(checks: readonly CheckResult[], container = 'the container'): Assessment {
  const transport = workingTransport(checks);
  const root = rootCheck(checks);
  if (!root) {
    const reached = checks.find((c) => c.layer === 'database' && c.status === 'pass');
    const summary = reached
      ? `All checks passed: PostgreSQL answers on ${addressOf(reached)} with the container's credentials${checks.some((c) => c.id === 'inside.psql' && c.status === 'pass') ? ', and inside the container' : ''}.`
      : 'All checks that apply passed.';
    return { verdict: 'ok', rootCause: 'ok', transport, summary, fixSteps: [] };
  }
  const verdict: Verdict = transport === 'none' ? 'down' : 'degraded';
  return { verdict, rootCause: root.cause, transport, summary: summaryOf(root, checks, transport, container), fixSteps: fixStepsOf(root, checks, transport, container) };
}

/**
 * When one address works end to end, failures on the other addresses only degrade the service
 * (e.g. ::1 not forwarded while 127.0.0.1 works).
 */
export function softenPartialFailures(checks: CheckResult[]): CheckResult[] {
  const working = new Set(checks.filter((c) => c.layer === 'database' && c.status === 'pass').map(addressOf));
  if (working.size === 0) return checks;
  const good = [...working][0];
  return checks.map((c) =>
    c.status === 'fail' && ADDRESS_LAYERS.includes(c.layer) && !working.has(addressOf(c))
      ? { ...c, status: 'warn', fix: `Connect to ${good}, which works; ${c.fix ? c.fix.charAt(0).toLowerCase() + c.fix.slice(1) : ''}`.trim() }
      : c,
  );
}
