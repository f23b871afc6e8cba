import type { ContainerSummary } from '../../shared/containers';
import { formatHealth, formatPorts, formatState } from '../../core/docker/format';
import { renderTable } from '../table';

/** The stable JSON shape printed by `dockerdb ps --json`. */
export function psJson(containers: ContainerSummary[]): string {
  return (
    JSON.stringify(
      containers.map((c) => ({
        id: c.id,
        name: c.name,
        image: c.image,
        state: c.state,
        status: c.status,
        health: c.health,
        exitCode: c.exitCode,
        engine: c.engine,
        composeProject: c.composeProject,
        composeService: c.composeService,
        ports: c.ports.map((p) => ({ hostIp: p.hostIp, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol })),
      })),
      null,
      2,
    ) + '\n'
  );
}

export function psTable(containers: ContainerSummary[]): string {
  if (containers.length === 0) {
    return 'No containers.\n';
  }
  return renderTable(
    ['NAME', 'ENGINE', 'STATE', 'HEALTH', 'PORTS', 'COMPOSE'],
    containers.map((c) => [
      c.name,
      c.engine ?? '-',
      formatState(c),
      formatHealth(c),
      formatPorts(c.ports) || '-',
      c.composeProject ? `${c.composeProject}/${c.composeService ?? '?'}` : '-',
    ]),
  );
}
