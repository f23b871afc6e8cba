/** Maps one `GET /containers/{id}/json` answer to {@link ContainerDetails}, masking secrets. */
import type { ContainerDetails } from '../../shared/details';
import type { ContainerSummary } from '../../shared/containers';

export interface RawInspect {
  State?: { StartedAt?: string; FinishedAt?: string; Health?: { Log?: Array<{ Start?: string; ExitCode?: number; Output?: string }> } };
  RestartCount?: number;
  Config?: { Env?: string[] | null; Healthcheck?: { Test?: string[]; Interval?: number; Retries?: number } | null; Cmd?: string[] | null; Entrypoint?: string[] | string | null };
  NetworkSettings?: { Networks?: Record<string, { IPAddress?: string; Aliases?: string[] | null }> | null };
  Mounts?: Array<{ Type?: string; Source?: string; Destination?: string; RW?: boolean }>;
}

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL)/i;

export function maskEnv(env: string[]): string[] {
  return env.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq < 0) return entry;
    const name = entry.slice(0, eq);
    if (SECRET_NAME.test(name) && !/_FILE$/.test(name)) return `${name}=••••••`;
    return entry.replace(/(:\/\/[^:/@\s]*:)[^@/\s]+@/g, '$1••••••@');
  });
}

function dockerTime(value: string | undefined): string | null {
  return value && !value.startsWith('0001-01-01') ? value : null;
}

export function toContainerDetails(summary: ContainerSummary, raw: RawInspect): ContainerDetails {
  const hc = raw.Config?.Healthcheck;
  const test = hc?.Test ?? [];
  const entrypoint = raw.Config?.Entrypoint;
  return {
    summary,
    startedAt: dockerTime(raw.State?.StartedAt),
    finishedAt: dockerTime(raw.State?.FinishedAt),
    restartCount: raw.RestartCount ?? 0,
    environment: maskEnv(raw.Config?.Env ?? []),
    networks: Object.entries(raw.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
      name,
      ipAddress: n.IPAddress ?? '',
      aliases: n.Aliases ?? [],
    })),
    mounts: (raw.Mounts ?? []).map((m) => ({ type: m.Type ?? '', source: m.Source ?? '', destination: m.Destination ?? '', readOnly: m.RW === false })),
    healthCheck: test.length > 0 && test[0] !== 'NONE' ? { test, intervalMs: hc?.Interval ? hc.Interval / 1e6 : null, retries: hc?.Retries ?? null } : null,
    healthLog: (raw.State?.Health?.Log ?? []).slice(-5).map((l) => ({ start: l.Start ?? '', exitCode: l.ExitCode ?? -1, output: (l.Output ?? '').slice(0, 4000) })),
    command: [...(Array.isArray(entrypoint) ? entrypoint : entrypoint ? [entrypoint] : []), ...(raw.Config?.Cmd ?? [])],
  };
}
