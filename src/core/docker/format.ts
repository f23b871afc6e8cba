/** Short human-readable renderings of the container model, shared by the CLI and the editor. */
import type { ContainerSummary, PublishedPort } from '../../shared/containers';

/** "127.0.0.1:54321→5432/tcp"; IPv4 and IPv6 wildcard bindings of the same port are shown once. */
export function formatPorts(ports: PublishedPort[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of ports) {
    const wildcard = p.hostIp === '0.0.0.0' || p.hostIp === '::' || p.hostIp === '';
    const host = wildcard ? '0.0.0.0' : p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
    const text = `${host}:${p.hostPort}→${p.containerPort}/${p.protocol}`;
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out.join(', ');
}

/** The state word a person reads: "running", "exited (1)", ... */
export function formatState(c: ContainerSummary): string {
  return c.state === 'exited' && c.exitCode !== null ? `exited (${c.exitCode})` : c.state;
}

/** Health as a word; "-" when the container has no health check. */
export function formatHealth(c: ContainerSummary): string {
  return c.health === 'none' ? '-' : c.health;
}
