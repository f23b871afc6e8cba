/**
 * The verdict: the first broken (else degraded) layer, walking from the engine to the database.
 * Pure: synthetic check results in, one verdict out.
 */
import type { CheckResult, DiagnosisLayer } from '../../shared/diagnostics';

/** The layer walk's result, before it is mapped to the report's verdict and root cause. */
export interface LayerVerdict {
  status: 'ok' | 'degraded' | 'broken';
  layer: DiagnosisLayer;
  summary: string;
  fix: string;
}
import { LAYER_ORDER } from '../../shared/diagnostics';

function rank(layer: DiagnosisLayer): number {
  const i = LAYER_ORDER.indexOf(layer);
  return i < 0 ? LAYER_ORDER.length : i;
}

function firstByLayer(checks: readonly CheckResult[], status: CheckResult['status']): CheckResult | undefined {
  return checks
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.status === status)
    .sort((a, b) => rank(a.c.layer) - rank(b.c.layer) || a.i - b.i)[0]?.c;
}

/** "127.0.0.1:55434" from an id like "protocol:127.0.0.1:55434". */
export function addressOf(check: CheckResult): string {
  const i = check.id.indexOf(':');
  return i < 0 ? '' : check.id.slice(i + 1);
}

const FORWARDING_FIX = 'Restart the container (docker restart) to recreate the port forwarding, check firewall rules (iptables -S, nft list ruleset) for rules dropping traffic to the container, or query through docker exec meanwhile.';

export function computeVerdict(checks: readonly CheckResult[], container = 'the container'): LayerVerdict {
  const inside = checks.filter((c) => c.layer === 'inside');
  const insideFail = inside.find((c) => c.status === 'fail');
  const insideOk = !insideFail && inside.some((c) => c.status === 'pass');
  const broken = firstByLayer(checks, 'fail');
  if (broken) {
    const hostSide = broken.layer === 'tcp' || broken.layer === 'protocol';
    if (hostSide && insideFail) {
      return {
        status: 'broken',
        layer: 'inside',
        summary: `PostgreSQL does not answer on host port ${addressOf(broken)}, and inside ${container} it does not answer either: ${insideFail.detail}`,
        fix: insideFail.fix ?? '',
      };
    }
    if (broken.layer === 'protocol' && insideOk && (broken.code === 'timeout-after-accept' || broken.code === 'reset')) {
      const how = broken.code === 'reset' ? 'accepts connections and closes them' : 'accepts connections but PostgreSQL never answers';
      return {
        status: 'broken',
        layer: 'forwarding',
        summary: `Host port ${addressOf(broken)} ${how}; inside the container the database answers. The port forwarding (docker-proxy/iptables) is broken, not the database.`,
        fix: FORWARDING_FIX,
      };
    }
    const owner = broken.code === 'port-taken' ? checks.find((c) => c.id === 'port-owner' && c.status === 'fail') : undefined;
    if (owner) return { status: 'broken', layer: broken.layer, summary: `${broken.detail} ${owner.detail}`, fix: owner.fix ?? broken.fix ?? '' };
    return { status: 'broken', layer: broken.layer, summary: broken.detail, fix: broken.fix ?? '' };
  }
  const degraded = firstByLayer(checks, 'warn');
  if (degraded) return { status: 'degraded', layer: degraded.layer, summary: degraded.detail, fix: degraded.fix ?? '' };
  const reached = checks.find((c) => c.layer === 'database' && c.status === 'pass');
  return {
    status: 'ok',
    layer: 'none',
    summary: reached ? `All checks passed: PostgreSQL answers on ${addressOf(reached)} with the container's credentials, and inside the container.` : 'All checks that apply passed.',
    fix: 'Nothing to do.',
  };
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
    c.status === 'fail' && ['tcp', 'protocol', 'auth', 'database'].includes(c.layer) && !working.has(addressOf(c))
      ? { ...c, status: 'warn', fix: `Connect to ${good}, which works; ${c.fix ? c.fix.charAt(0).toLowerCase() + c.fix.slice(1) : ''}`.trim() }
      : c,
  );
}
