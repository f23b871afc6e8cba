import type { ContainerSummary } from '../../shared/containers';
import { formatHealth, formatPorts, formatState } from '../../core/docker/format';
import { renderTable } from '../table';
import { connectDocker } from '../../core/docker/client';
import { listContainers } from '../../core/docker/containers';
import type { CommandContext } from '../context';
import { EXIT_OK, EXIT_USAGE } from '../context';

const ENGINES = ['postgres', 'mysql', 'mariadb', 'redis', 'clickhouse', 'mongo', 'any', 'none'];
const HEALTH = ['healthy', 'unhealthy', 'starting', 'none'];

/** Keeps containers matching every given filter; each filter matches any of its values. */
export function filterContainers(list: ContainerSummary[], engines: string[] = [], health: string[] = []): ContainerSummary[] {
  return list.filter((c) => {
    const engineOk =
      engines.length === 0 || engines.some((e) => (e === 'any' ? c.engine !== null : e === 'none' ? c.engine === null : c.engine === e));
    return engineOk && (health.length === 0 || health.includes(c.health));
  });
}

export async function psCommand(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length > 0) {
    ctx.io.stderr(`dockerdb ps: unexpected argument "${args[0]}".\n`);
    return EXIT_USAGE;
  }
  if (ctx.values.timeout !== undefined) {
    ctx.io.stderr('dockerdb ps: --timeout belongs to "wait"; use --api-timeout MS for the Engine API budget.\n');
    return EXIT_USAGE;
  }
  const engines = (ctx.values.engine ?? []).flatMap((e) => e.split(',')).map((e) => e.trim().toLowerCase()).filter(Boolean);
  const health = (ctx.values.health ?? []).flatMap((e) => e.split(',')).map((e) => e.trim().toLowerCase()).filter(Boolean);
  const badEngine = engines.find((e) => !ENGINES.includes(e));
  if (badEngine) {
    ctx.io.stderr(`dockerdb ps: unknown engine "${badEngine}" (use ${ENGINES.join(', ')}).\n`);
    return EXIT_USAGE;
  }
  const badHealth = health.find((h) => !HEALTH.includes(h));
  if (badHealth) {
    ctx.io.stderr(`dockerdb ps: unknown health "${badHealth}" (use ${HEALTH.join(', ')}).\n`);
    return EXIT_USAGE;
  }
  const { docker } = await connectDocker(ctx.connectOptions);
  const containers = filterContainers(await listContainers(docker, { all: ctx.values.all ?? false }), engines, health);
  ctx.io.stdout(ctx.values.json ? psJson(containers) : psTable(containers));
  return EXIT_OK;
}

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
