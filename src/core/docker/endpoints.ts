/**
 * Published ports as addresses a client on this machine can use.
 */
import type { ContainerSummary, EngineKind, PublishedPort } from '../../shared/containers';
import { defaultPort } from '../engines/detect';

export interface HostEndpoint {
  /** Address to connect to: `localhost` for wildcard bindings, else the bound address. */
  host: string;
  port: number;
  containerPort: number;
  /** Bound to a loopback address only (not reachable from other machines). */
  loopbackOnly: boolean;
  /** Bound to every interface (0.0.0.0 or ::). */
  wildcard: boolean;
  family: 4 | 6;
}

function isWildcard(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

export function toHostEndpoint(p: PublishedPort): HostEndpoint {
  const wildcard = isWildcard(p.hostIp);
  const family = p.hostIp.includes(':') ? 6 : 4;
  return {
    host: wildcard ? 'localhost' : p.hostIp,
    port: p.hostPort,
    containerPort: p.containerPort,
    loopbackOnly: p.hostIp === '127.0.0.1' || p.hostIp === '::1' || p.hostIp.startsWith('127.'),
    wildcard,
    family,
  };
}

/**
 * The host endpoints of a container's TCP port (default: the engine's port), IPv4 first,
 * wildcard IPv4/IPv6 pairs collapsed into one `localhost` entry.
 */
export function hostEndpoints(c: Pick<ContainerSummary, 'ports' | 'engine'>, containerPort?: number): HostEndpoint[] {
  const wanted = containerPort ?? (c.engine ? defaultPort(c.engine as EngineKind) : undefined);
  const out: HostEndpoint[] = [];
  const seen = new Set<string>();
  for (const p of c.ports) {
    if (p.protocol !== 'tcp' || (wanted !== undefined && p.containerPort !== wanted)) continue;
    const e = toHostEndpoint(p);
    const key = `${e.host}|${e.port}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

/** "localhost:55432" / "127.0.0.1:5433 (loopback only)" / "[::1]:5432". */
export function formatEndpoint(e: HostEndpoint): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${host}:${e.port}`;
}
