/**
 * Checks on what the Engine API says about the container: state, restarts, health, published
 * port and who else publishes that host port. Pure functions over inspect/list data.
 */
import type { ContainerSummary } from '../../shared/containers';
import type { HostEndpoint } from '../docker/endpoints';
import { formatEndpoint } from '../docker/endpoints';
import { CheckOutcome, fail, pass, skip, warn } from './check';
import { describeOwner, PortOwner } from './hostPortOwner';

/** The subset of `GET /containers/{id}/json` the checks read. */
export interface InspectInfo {
  Id?: string;
  Name?: string;
  RestartCount?: number;
  State?: {
    Status?: string;
    ExitCode?: number;
    Error?: string;
    OOMKilled?: boolean;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status?: string; FailingStreak?: number; Log?: Array<{ ExitCode?: number; Output?: string }> };
  };
  HostConfig?: { PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null; RestartPolicy?: { Name?: string } };
  NetworkSettings?: { Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null };
}

export function nameOf(info: InspectInfo, fallback: string): string {
  return (info.Name ?? fallback).replace(/^\//, '');
}

/** The last non-empty log lines, and the first line that reads like an error. */
export function logEvidence(logs: string, max = 12): { lines: string[]; errorLine: string | null } {
  const lines = logs.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const errorLine = lines.find((l) => /^\s*(error|fatal|panic)\b|\b(ERROR|FATAL|PANIC):/i.test(l))?.trim() ?? null;
  return { lines: lines.slice(-max), errorLine };
}

function withLogs(text: string, logs: string | null): string {
  if (logs === null) return text;
  const { lines } = logEvidence(logs);
  return lines.length > 0 ? `${text}\nLast log lines:\n${lines.map((l) => `  ${l}`).join('\n')}` : `${text} The container wrote no log lines.`;
}

/** From this many restarts on, a running container counts as crash-looping. */
const CRASH_LOOP_RESTARTS = 2;

/** State, exit code, restarts; `logs` is the tail of the container's logs when it is not running well. */
export function containerOutcome(info: InspectInfo, logs: string | null, ref: string): CheckOutcome {
  const name = nameOf(info, ref);
  const state = info.State?.Status ?? 'unknown';
  const restarts = info.RestartCount ?? 0;
  const exit = info.State?.ExitCode ?? 0;
  const policy = info.HostConfig?.RestartPolicy?.Name ?? '';
  const errorLine = logs !== null ? logEvidence(logs).errorLine : null;
  const quoted = errorLine ? `: "${errorLine}"` : '';
  // "driver failed programming external connectivity on endpoint x (hash): Error starting userland proxy: ..." → the last part.
  const shortError = (info.State?.Error ?? '').replace(/^driver failed programming external connectivity on endpoint \S+ \([0-9a-f]+\): /, '');
  const engineError = shortError ? ` (${shortError})` : '';
  switch (state) {
    case 'running':
      if (restarts > 0) {
        return warn(withLogs(`${name} is running but Docker restarted it ${restarts} time(s) (restart policy ${info.HostConfig?.RestartPolicy?.Name || 'none'}). It crashed before and may be crash-looping${quoted}.`, logs), `Read the error in its logs (docker logs ${name}) and fix what makes it exit.`, restarts >= CRASH_LOOP_RESTARTS ? 'crash-loop' : 'restarted');
      }
      return pass(`${name} is running (since ${info.State?.StartedAt ?? '?'}), never restarted.`);
    case 'restarting':
      return fail(withLogs(`${name} is restarting (restart ${restarts}, last exit code ${exit}). It exits at start and its restart policy starts it again${quoted}.`, logs), `Fix the error in its logs (docker logs ${name}); PostgreSQL cannot answer while it crash-loops.`, 'restarting');
    case 'exited':
    case 'dead': {
      const why = info.State?.OOMKilled
        ? 'It ran out of memory (OOM-killed).'
        : exit === 0
          ? 'It was stopped (exit code 0).'
          : exit === 137 || exit === 143
            ? 'It was killed or stopped by a signal.'
            : `It stopped by itself${quoted || ' with an error'}.`;
      const looping = restarts > 0 && policy !== 'no' && policy !== '' && exit !== 0;
      const text = looping ? `${name} is crash-looping: it exited with exit code ${exit}${engineError} after ${restarts} restart(s) by its restart policy (${policy}). ${why}` : `${name} ${state === 'exited' ? 'has exited' : 'is dead'} with exit code ${exit}${engineError}. ${why}`;
      return fail(withLogs(text, logs), `Fix the error in the log lines, then start it again (docker start ${name}).`, looping ? 'crash-loop' : state);
    }
    case 'created': {
      const taken = /port is already allocated|address already in use/i.test(info.State?.Error ?? '');
      return fail(
        `${name} was created but never started${engineError}. ${taken ? 'Its host port is already taken by another container or program.' : 'Docker could not start it, or nobody started it.'}`,
        taken ? 'Free the host port (see the port checks for who holds it) or publish on another port, then start it.' : `Start it (docker start ${name}) and read the error Docker prints.`,
        taken ? 'port-taken' : 'created',
      );
    }
    case 'paused':
      return fail(`${name} is paused. A paused container answers nothing.`, `Unpause it (docker unpause ${name}).`, 'paused');
    default:
      return fail(`${name} is in state "${state}". Docker is removing it or it is broken.`, 'Recreate the container.', state);
  }
}

export function healthOutcome(info: InspectInfo, ref: string): CheckOutcome {
  const name = nameOf(info, ref);
  const h = info.State?.Health;
  if (!h || !h.Status || h.Status === 'none') return skip(`${name} defines no health check.`);
  const last = h.Log?.[h.Log.length - 1];
  const out = last ? `exit ${last.ExitCode ?? '?'}: ${(last.Output ?? '').trim().split('\n').slice(-3).join(' ') || '(no output)'}` : 'no health-check output yet';
  if (h.Status === 'healthy') return pass(`healthy (last check ${out}).`);
  if (h.Status === 'starting') {
    return warn(`${name} is still starting (last check ${out}). PostgreSQL may still be initialising its data directory.`, `Wait until it is healthy (dockerdb wait ${name}) and diagnose again.`, 'starting');
  }
  return warn(
    `${name} is unhealthy: ${h.FailingStreak ?? '?'} health checks in a row failed (last ${out}). Either the database does not answer, or the health command itself is wrong.`,
    `Run the health command by hand (docker exec ${name} <command>) to see why it fails, and fix the healthcheck or the database.`,
    'unhealthy',
  );
}

export interface PortBinding {
  hostIp: string;
  hostPort: number;
}

/** Bindings of `containerPort/tcp`: live ones when running, else the configured ones. */
export function portBindings(info: InspectInfo, containerPort: number): PortBinding[] {
  const key = `${containerPort}/tcp`;
  const live = info.NetworkSettings?.Ports?.[key];
  const configured = info.HostConfig?.PortBindings?.[key];
  const list = (live && live.length > 0 ? live : info.State?.Status === 'running' ? [] : configured) ?? [];
  return list.map((b) => ({ hostIp: b.HostIp || '0.0.0.0', hostPort: Number(b.HostPort) })).filter((b) => Number.isInteger(b.hostPort) && b.hostPort > 0);
}

/** Addresses on this machine to try for the bindings: wildcards become loopback, each family separately. */
export function usableEndpoints(bindings: readonly PortBinding[], containerPort: number): HostEndpoint[] {
  const out: HostEndpoint[] = [];
  const seen = new Set<string>();
  for (const b of bindings) {
    const host = b.hostIp === '0.0.0.0' ? '127.0.0.1' : b.hostIp === '::' ? '::1' : b.hostIp;
    const family = host.includes(':') ? 6 : 4;
    const key = `${host}|${b.hostPort}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const wildcard = b.hostIp === '0.0.0.0' || b.hostIp === '::';
    out.push({ host, port: b.hostPort, containerPort, loopbackOnly: !wildcard && (host.startsWith('127.') || host === '::1'), wildcard, family });
  }
  const wild4 = out.find((e) => e.wildcard && e.family === 4);
  if (wild4 && !out.some((e) => e.family === 6 && e.port === wild4.port)) {
    // localhost resolves to ::1 too; probe it separately so an IPv6 client's failure shows.
    out.push({ ...wild4, host: '::1', family: 6 });
  }
  return out.sort((a, b) => a.family - b.family);
}

function describeBinding(b: PortBinding): string {
  const host = b.hostIp.includes(':') ? `[${b.hostIp}]` : b.hostIp;
  const scope = b.hostIp === '0.0.0.0' || b.hostIp === '::' ? 'every interface' : b.hostIp.startsWith('127.') || b.hostIp === '::1' ? 'this machine only' : 'that address only';
  return `${host}:${b.hostPort} (${scope})`;
}

export function portOutcome(bindings: readonly PortBinding[], containerPort: number, ref: string, running = true): CheckOutcome {
  if (!running) {
    return bindings.length === 0 ? skip('The container is not running: nothing is published.') : skip(`Not running; configured to publish ${containerPort}/tcp on ${bindings.map(describeBinding).join(', ')}.`);
  }
  if (bindings.length === 0) {
    return warn(
      `Port ${containerPort}/tcp is not published on the host, so no program outside Docker can connect to it. The container (or compose service) has no ports: entry for it.`,
      `Use docker exec (Docker DB queries through it automatically: dockerdb query ${ref} --via exec), or publish the port, e.g. ports: ["127.0.0.1:${containerPort}:${containerPort}"].`,
      'not-published',
    );
  }
  const v6 = bindings.some((b) => b.hostIp.includes(':'));
  const note = v6 ? '' : ' No IPv6 binding: clients that resolve localhost to ::1 must use 127.0.0.1.';
  return pass(`${containerPort}/tcp is published on ${bindings.map(describeBinding).join(', ')}.${note}`);
}

function overlaps(a: string, b: string): boolean {
  const wild = (ip: string): boolean => ip === '0.0.0.0' || ip === '::' || ip === '';
  return a === b || wild(a) || wild(b);
}

/** The binding's address includes the listener's (0.0.0.0 every IPv4 address, :: every IPv6 one). */
export function covers(b: PortBinding, o: Pick<PortOwner, 'address' | 'family'>): boolean {
  return b.hostIp === o.address || (b.hostIp === '0.0.0.0' && o.family === 4) || (b.hostIp === '::' && o.family === 6);
}

/** Other containers that publish one of our host ports (on any address), and programs on this machine listening there. */
export function portOwnerOutcome(selfId: string, bindings: readonly PortBinding[], others: readonly ContainerSummary[], running: boolean, portTaken = false, hostOwners: readonly PortOwner[] = []): CheckOutcome {
  if (bindings.length === 0) return skip('No host port to check.');
  const hits: string[] = [];
  for (const c of others) {
    if (c.id === selfId || selfId.startsWith(c.id) || c.id.startsWith(selfId)) continue;
    for (const p of c.ports) {
      const clash = bindings.find((b) => b.hostPort === p.hostPort && p.protocol === 'tcp');
      if (clash) hits.push(`${c.name} (${p.hostIp}:${p.hostPort}${overlaps(p.hostIp, clash.hostIp) ? '' : `, on another address than ${clash.hostIp}`})`);
    }
  }
  const ports = [...new Set(bindings.map((b) => b.hostPort))].join(', ');
  const first = bindings[0].hostPort;
  if (hits.length === 0 && portTaken) {
    const known = hostOwners.length > 0 ? `: ${hostOwners.map(describeOwner).join(', ')}` : '';
    return fail(
      `No other container publishes host port ${ports}, so another program on this machine holds it${known}. Docker could not listen there when starting the container.`,
      `Stop that program${hostOwners.some((o) => o.pid !== undefined) ? ` (${[...new Set(hostOwners.filter((o) => o.pid !== undefined).map((o) => `${o.command}, pid ${o.pid}`))].join('; ')})` : ` (find it with ss -ltnp 'sport = :${first}' or lsof -i :${first})`}, or publish the container on another host port.`,
      'port-taken-host',
    );
  }
  const foreign = running ? hostOwners.filter((o) => o.command !== 'docker-proxy' && (o.pid !== undefined || !bindings.some((b) => covers(b, o)))) : [];
  if (hits.length === 0 && foreign.length > 0) {
    return warn(
      `Besides the container's port forwarding, ${foreign.map(describeOwner).join(', ')} listens on host port ${ports}. Clients that connect to localhost may reach that server instead of the container (a local PostgreSQL shadowing it).`,
      `Stop that server, or publish the container on another port and connect to ${bindings[0].hostIp === '::' ? '[::1]' : bindings[0].hostIp === '0.0.0.0' ? '127.0.0.1' : bindings[0].hostIp}:${first} explicitly.`,
      'host-listener',
    );
  }
  if (hits.length === 0) return pass(`No other container or program publishes host port ${ports}.`);
  const unique = [...new Set(hits)];
  return (running ? warn : fail)(
    `Another container also publishes host port ${ports}: ${unique.join(', ')}. A client using that port may reach the other container's database (and its password).`,
    'Give each container its own host port, or stop the other container.',
    'port-shared',
  );
}

/** "127.0.0.1:55434" for messages about one address. */
export function at(e: HostEndpoint): string {
  return formatEndpoint(e);
}
