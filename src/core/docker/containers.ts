/**
 * The container model: one Engine API list call, mapped to {@link ContainerSummary} without inspecting.
 */
import type Docker from 'dockerode';
import type { ContainerState, ContainerSummary, HealthStatus, PublishedPort } from '../../shared/containers';
import { detectEngine } from '../engines/detect';

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/** The subset of the Engine API's `GET /containers/json` item that the model reads. */
export interface RawContainer {
  Id: string;
  Names?: string[];
  Image?: string;
  State?: string;
  Status?: string;
  Created?: number;
  Labels?: Record<string, string> | null;
  Ports?: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type?: string }> | null;
  /** Present from Engine API 1.52 on. */
  Health?: { Status?: string } | null;
}

const STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

export function parseState(state: string | undefined): ContainerState {
  const s = (state ?? '').toLowerCase();
  return STATES.has(s) ? (s as ContainerState) : 'dead';
}

/** Health from the status text ("Up 5 seconds (health: starting)") or the newer Health field. */
export function parseHealth(raw: Pick<RawContainer, 'Status' | 'Health'>): HealthStatus {
  const fromField = raw.Health?.Status?.toLowerCase();
  if (fromField === 'healthy' || fromField === 'unhealthy' || fromField === 'starting') {
    return fromField;
  }
  const status = raw.Status ?? '';
  if (/\(health: starting\)/i.test(status)) return 'starting';
  if (/\(unhealthy\)/i.test(status)) return 'unhealthy';
  if (/\(healthy\)/i.test(status)) return 'healthy';
  return 'none';
}

/** Exit code from "Exited (137) 3 seconds ago"; null when the text carries none. */
export function parseExitCode(status: string | undefined): number | null {
  const m = /^Exited \((-?\d+)\)/i.exec(status ?? '');
  return m ? Number(m[1]) : null;
}

function normaliseProtocol(type: string | undefined): PublishedPort['protocol'] {
  return type === 'udp' || type === 'sctp' ? type : 'tcp';
}

export function parsePorts(ports: RawContainer['Ports']): { published: PublishedPort[]; exposed: number[] } {
  const published: PublishedPort[] = [];
  const exposed = new Set<number>();
  const seen = new Set<string>();
  for (const p of ports ?? []) {
    if (typeof p.PrivatePort !== 'number') continue;
    exposed.add(p.PrivatePort);
    if (typeof p.PublicPort === 'number' && p.PublicPort > 0) {
      const entry: PublishedPort = {
        hostIp: p.IP ?? '0.0.0.0',
        hostPort: p.PublicPort,
        containerPort: p.PrivatePort,
        protocol: normaliseProtocol(p.Type),
      };
      const key = `${entry.hostIp}|${entry.hostPort}|${entry.containerPort}|${entry.protocol}`;
      if (!seen.has(key)) {
        seen.add(key);
        published.push(entry);
      }
    }
  }
  const family = (ip: string): number => (ip.includes(':') ? 1 : 0);
  published.sort((a, b) => a.containerPort - b.containerPort || family(a.hostIp) - family(b.hostIp) || a.hostIp.localeCompare(b.hostIp) || a.hostPort - b.hostPort);
  return { published, exposed: [...exposed].sort((a, b) => a - b) };
}

/** "/project_db_1" → "project_db_1"; falls back to the short id. */
export function containerName(raw: Pick<RawContainer, 'Names' | 'Id'>): string {
  const first = raw.Names?.find((n) => n.split('/').length === 2) ?? raw.Names?.[0];
  return first ? first.replace(/^\//, '') : raw.Id.slice(0, 12);
}

export function toContainerSummary(raw: RawContainer): ContainerSummary {
  const labels = raw.Labels ?? {};
  const { published, exposed } = parsePorts(raw.Ports);
  const image = raw.Image ?? '';
  const state = parseState(raw.State);
  return {
    id: raw.Id,
    name: containerName(raw),
    image,
    state,
    status: raw.Status ?? '',
    health: parseHealth(raw),
    exitCode: state === 'exited' ? parseExitCode(raw.Status) : null,
    engine: detectEngine({ image, labels, exposedPorts: exposed }),
    composeProject: labels[COMPOSE_PROJECT_LABEL] || null,
    composeService: labels[COMPOSE_SERVICE_LABEL] || null,
    ports: published,
    exposedPorts: exposed,
    created: raw.Created ?? 0,
    labels,
  };
}

/** Database containers first, then by compose project, service and name. */
export function compareContainers(a: ContainerSummary, b: ContainerSummary): number {
  const dbA = a.engine ? 0 : 1;
  const dbB = b.engine ? 0 : 1;
  return (
    dbA - dbB ||
    (a.composeProject ?? '\uffff').localeCompare(b.composeProject ?? '\uffff') ||
    (a.composeService ?? '').localeCompare(b.composeService ?? '') ||
    a.name.localeCompare(b.name)
  );
}

export interface ListOptions {
  /** Include stopped containers (like `docker ps --all`). */
  all?: boolean;
}

/** One list call; no per-container inspect. */
export async function listContainers(docker: Docker, options: ListOptions = {}): Promise<ContainerSummary[]> {
  const raw = (await docker.listContainers({ all: options.all ?? false })) as unknown as RawContainer[];
  return raw.map(toContainerSummary).sort(compareContainers);
}
