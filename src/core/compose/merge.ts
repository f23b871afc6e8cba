/**
 * Compose projects from the workspace merged with the containers the engine reports: each declared service with
 * its containers and a status ("not created" when it has none), services that exist only as containers, and
 * projects that have containers but no compose file in the workspace.
 */
import * as path from 'node:path';
import type { ContainerState, ContainerSummary } from '../../shared/containers';
import type { ComposeProject, ComposeService } from './model';

export const COMPOSE_WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';
export const COMPOSE_CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';
export const COMPOSE_ONEOFF_LABEL = 'com.docker.compose.oneoff';

/** A container state; `not created`: declared, no container; `partial`: some of the service's containers run, some don't. */
export type ServiceStatus = ContainerState | 'not created' | 'partial';

export interface ServiceEntry {
  name: string;
  /** null: the service has containers but no declaration in the project's files (or the project has no files). */
  service: ComposeService | null;
  /** Sorted by name; includes one-off (`compose run`) containers. */
  containers: ContainerSummary[];
  status: ServiceStatus;
}

export interface ProjectEntry {
  name: string;
  /** The project's directory: from its files, else from the containers' working_dir label. */
  workingDir: string | null;
  /** null: the project has containers but no compose file in the workspace. */
  project: ComposeProject | null;
  services: ServiceEntry[];
}

function isOneOff(c: ContainerSummary): boolean {
  return (c.labels[COMPOSE_ONEOFF_LABEL] ?? '').toLowerCase() === 'true';
}

/** The status of a service from its containers; one-off containers do not count. */
export function serviceStatus(containers: readonly ContainerSummary[]): ServiceStatus {
  const main = containers.filter((c) => !isOneOff(c));
  if (main.length === 0) return 'not created';
  const states = new Set(main.map((c) => c.state));
  if (states.size === 1) return main[0].state;
  if (states.has('running')) return 'partial';
  return [...main].sort((a, b) => b.created - a.created)[0].state;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => {
    const r = path.resolve(p).replace(/[\\/]+$/, '');
    return process.platform === 'win32' ? r.toLowerCase() : r;
  };
  return norm(a) === norm(b);
}

function entry(name: string, service: ComposeService | null, containers: ContainerSummary[]): ServiceEntry {
  const sorted = [...containers].sort((a, b) => a.name.localeCompare(b.name));
  return { name, service, containers: sorted, status: serviceStatus(sorted) };
}

function servicesOf(project: ComposeProject | null, containers: ContainerSummary[]): ServiceEntry[] {
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    const key = c.composeService ?? '';
    byService.set(key, [...(byService.get(key) ?? []), c]);
  }
  const declared = (project?.services ?? []).map((s) => entry(s.name, s, byService.get(s.name) ?? []));
  const known = new Set(declared.map((e) => e.name));
  const extra = [...byService.keys()]
    .filter((name) => !known.has(name))
    .sort()
    .map((name) => entry(name, null, byService.get(name) ?? []));
  return [...declared, ...extra];
}

/**
 * Matches containers to projects by the compose project and service labels. When two workspace projects share a
 * name, the working_dir label decides; a container that matches neither goes to a file-less project entry.
 * Containers outside any compose project are not returned. Workspace projects keep their order; file-less ones follow, by name.
 */
export function mergeProjects(projects: readonly ComposeProject[], containers: readonly ContainerSummary[]): ProjectEntry[] {
  const assigned = new Map<ComposeProject, ContainerSummary[]>(projects.map((p) => [p, []]));
  const orphans = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    if (!c.composeProject) continue;
    const candidates = projects.filter((p) => p.name === c.composeProject);
    const dir = c.labels[COMPOSE_WORKING_DIR_LABEL];
    const target = candidates.length === 1 ? candidates[0] : candidates.find((p) => dir !== undefined && samePath(p.workingDir, dir));
    if (target) assigned.get(target)?.push(c);
    else orphans.set(c.composeProject, [...(orphans.get(c.composeProject) ?? []), c]);
  }
  const fromFiles: ProjectEntry[] = projects.map((p) => ({ name: p.name, workingDir: p.workingDir, project: p, services: servicesOf(p, assigned.get(p) ?? []) }));
  const withoutFiles: ProjectEntry[] = [...orphans.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => ({
      name,
      workingDir: list.map((c) => c.labels[COMPOSE_WORKING_DIR_LABEL]).find((d) => !!d) ?? null,
      project: null,
      services: servicesOf(null, list),
    }));
  return [...fromFiles, ...withoutFiles];
}
