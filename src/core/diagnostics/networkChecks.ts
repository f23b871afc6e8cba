/**
 * Between containers: can the database's siblings (same compose project first, then other
 * containers on its networks) resolve its name and reach its port? Exec `getent hosts` and a TCP
 * probe (pg_isready, nc or bash /dev/tcp, whichever the image has) in each sibling; a sibling of
 * the same compose project on no common network cannot resolve it at all (`dns-failure`).
 */
import type Docker from 'dockerode';
import type { CheckResult } from '../../shared/diagnostics';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, containerName } from '../docker/containers';
import { execInContainer, ExecResult } from '../docker/exec';
import { CheckOutcome, fail, pass, runCheck, skip } from './check';

/** Siblings probed at most (each costs one exec). */
const MAX_SIBLINGS = 3;
/** Networks without name resolution between containers. */
const NO_DNS = new Set(['bridge', 'host', 'none']);

/** Tries getent, then pg_isready / nc / bash for TCP. Host and port arrive as $1 and $2, never inside the script. */
const PROBE_SCRIPT = [
  'h="$1"; p="$2"',
  'if command -v getent >/dev/null 2>&1; then if r=$(getent hosts "$h"); then echo "RESOLVED $r"; else echo UNRESOLVED; fi; else echo NO-GETENT; fi',
  'if command -v pg_isready >/dev/null 2>&1; then pg_isready -h "$h" -p "$p" -t 2 >/dev/null 2>&1; c=$?; if [ $c -le 1 ]; then echo "TCP-OK pg_isready"; else echo "TCP-FAIL pg_isready exit $c"; fi',
  'elif command -v nc >/dev/null 2>&1; then if nc -z -w 2 "$h" "$p" >/dev/null 2>&1; then echo "TCP-OK nc"; else echo "TCP-FAIL nc"; fi',
  "elif command -v bash >/dev/null 2>&1; then if bash -c 'exec 3<>/dev/tcp/$0/$1' \"$h\" \"$p\" 2>/dev/null; then echo \"TCP-OK bash\"; else echo \"TCP-FAIL bash\"; fi",
  'else echo NO-TCP-TOOL; fi',
].join('\n');

export interface NetworkInfo {
  /** Network name → aliases of the database on it. */
  networks: Record<string, string[]>;
  project: string | null;
  service: string | null;
}

export interface Sibling {
  id: string;
  name: string;
  project: string | null;
  service: string | null;
  networks: string[];
  /** The sibling's compose depends_on label names the database's service. */
  dependsOnDb: boolean;
}

export interface RawListed {
  Id: string;
  Names?: string[];
  Labels?: Record<string, string> | null;
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
}

/** Running containers other than the database, same compose project and dependents first. */
export function pickSiblings(dbId: string, db: NetworkInfo, raw: readonly RawListed[]): Sibling[] {
  const out: Sibling[] = [];
  for (const r of raw) {
    if (r.Id === dbId || dbId.startsWith(r.Id) || r.Id.startsWith(dbId)) continue;
    const labels = r.Labels ?? {};
    const networks = Object.keys(r.NetworkSettings?.Networks ?? {});
    const project = labels[COMPOSE_PROJECT_LABEL] ?? null;
    const sameProject = db.project !== null && project === db.project;
    const shared = networks.some((n) => n in db.networks && !NO_DNS.has(n));
    if (!sameProject && !shared) continue;
    const dependsOnDb = db.service !== null && (labels['com.docker.compose.depends_on'] ?? '').split(',').some((d) => d.split(':')[0] === db.service);
    out.push({ id: r.Id, name: containerName(r), project, service: labels[COMPOSE_SERVICE_LABEL] ?? null, networks, dependsOnDb });
  }
  const score = (s: Sibling): number => (s.dependsOnDb ? 0 : s.project !== null && s.project === db.project ? 1 : 2);
  return out.sort((a, b) => score(a) - score(b) || a.name.localeCompare(b.name)).slice(0, MAX_SIBLINGS);
}

/** The name the sibling should use: the compose service name inside a project, else the container name. */
export function nameToResolve(db: NetworkInfo, dbName: string, s: Sibling): string {
  return s.project !== null && s.project === db.project && db.service ? db.service : dbName;
}

export function probeOutcome(r: ExecResult, sibling: string, host: string, port: number): CheckOutcome {
  const out = r.stdout.toString('utf8');
  if (r.exitCode === 126 || r.exitCode === 127 || /executable file not found|no such file/i.test(r.stderr)) {
    return skip(`${sibling}'s image has no shell to run getent or a TCP probe in; not a failure.`);
  }
  const resolved = /^RESOLVED (\S+)/m.exec(out);
  const tcp = /^TCP-(OK|FAIL) (.*)$/m.exec(out);
  if (/^UNRESOLVED$/m.test(out)) {
    return fail(`${sibling} cannot resolve "${host}" (getent hosts found nothing). The two containers share no Docker network where that name exists, or the name is wrong.`, `Put ${sibling} on the database's network (compose: the same networks:) and use the service name "${host}".`, 'dns-failure');
  }
  const via = resolved ? `"${host}" resolves to ${resolved[1]}` : `"${host}" (no getent in the image)`;
  if (tcp?.[1] === 'OK') return pass(`From ${sibling}: ${via}, and port ${port} answers (${tcp[2]}).`);
  if (tcp?.[1] === 'FAIL') {
    return fail(`From ${sibling}: ${via}, but port ${port} does not answer (${tcp[2]}). PostgreSQL does not listen on the network address, or a network policy drops the traffic.`, `Check that PostgreSQL listens on all addresses (listen_addresses = '*') on port ${port}.`, 'tcp-unreachable');
  }
  return resolved ? pass(`From ${sibling}: ${via}; the image has no pg_isready, nc or bash to test port ${port} (not a failure).`) : skip(`${sibling}'s image has neither getent nor a TCP tool (pg_isready, nc, bash); not tested.`);
}

export interface NetworkContext {
  docker: Docker;
  dbId: string;
  dbName: string;
  info: NetworkInfo;
  port: number;
  timeoutMs: number;
  /** The engine's running containers (null: the list was not available). */
  runningList: Promise<readonly RawListed[] | null>;
}

export async function networkChecks(ctx: NetworkContext): Promise<CheckResult[]> {
  const spec = (id: string, title: string) => ({ id, title, layer: 'network' as const, timeoutMs: ctx.timeoutMs + 500 });
  const raw = await ctx.runningList;
  if (!raw) return [{ ...spec('network', 'Sibling containers'), status: 'skip', ms: 0, detail: 'The container list was not available.' }];
  const siblings = pickSiblings(ctx.dbId, ctx.info, raw);
  if (siblings.length === 0) return [{ ...spec('network', 'Sibling containers'), status: 'skip', ms: 0, detail: `No other running container shares a network or a compose project with ${ctx.dbName}.` }];
  return Promise.all(
    siblings.map((s) => {
      const host = nameToResolve(ctx.info, ctx.dbName, s);
      const title = `${s.name} → ${host}:${ctx.port}`;
      const common = s.networks.filter((n) => n in ctx.info.networks && !NO_DNS.has(n));
      if (common.length === 0) {
        return runCheck(spec(`network:${s.name}`, title), async () =>
          fail(
            `${s.name} (same compose project${ctx.info.project ? ` "${ctx.info.project}"` : ''}) is on ${s.networks.join(', ') || 'no network'}, ${ctx.dbName} on ${Object.keys(ctx.info.networks).join(', ')}: they share no network, so "${host}" does not resolve there.`,
            `Attach both services to one network (compose networks:), or remove the custom networks: so both use the project's default network.`,
            'other-network',
          ),
        );
      }
      return runCheck(spec(`network:${s.name}`, title), async () => probeOutcome(await execInContainer(ctx.docker, s.id, ['sh', '-c', PROBE_SCRIPT, 'sh', host, String(ctx.port)], { timeoutMs: ctx.timeoutMs, maxOutputBytes: 16 * 1024 }), s.name, host, ctx.port));
    }),
  );
}
