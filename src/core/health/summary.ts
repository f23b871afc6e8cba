/**
 * The workspace's database health in one figure, for the status bar and `dockerdb ps` summaries.
 * Pure: the containers and the workspace facts come in, a summary goes out.
 */
import * as path from 'node:path';
import type { ContainerSummary } from '../../shared/containers';

export const OPTIONAL_LABEL = 'dockerdb.optional';
export const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';

export type Severity = 'ok' | 'progress' | 'warning' | 'error';

export interface ContainerHealthEntry {
  container: ContainerSummary;
  optional: boolean;
  severity: Severity;
  /** "unhealthy", "exited (1)", "starting", "healthy", "running" ... */
  label: string;
}

export interface HealthSummary {
  /** Required (non-optional) database containers. */
  total: number;
  /** Required containers that are healthy, or running without a health check. */
  ok: number;
  level: Severity;
  /** Whether the scope is the workspace's compose projects, or every database container. */
  scope: 'workspace' | 'all';
  entries: ContainerHealthEntry[];
}

export interface SummaryOptions {
  workspaceFolders: string[];
  /** Service or container names the user marked optional (setting). */
  optionalServices: string[];
}

function isInside(dir: string, folder: string): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function isOptional(c: ContainerSummary, optionalServices: string[]): boolean {
  if ((c.labels[OPTIONAL_LABEL] ?? '').toLowerCase() === 'true') return true;
  return optionalServices.some((name) => name === c.name || name === c.composeService || (c.composeProject !== null && name === `${c.composeProject}/${c.composeService}`));
}

export function classify(c: ContainerSummary): { severity: Severity; label: string } {
  switch (c.state) {
    case 'running':
      if (c.health === 'unhealthy') return { severity: 'error', label: 'unhealthy' };
      if (c.health === 'starting') return { severity: 'progress', label: 'starting' };
      return { severity: 'ok', label: c.health === 'healthy' ? 'healthy' : 'running' };
    case 'restarting':
      return { severity: 'error', label: 'restarting' };
    case 'exited':
    case 'dead':
      return c.exitCode !== null && c.exitCode !== 0 ? { severity: 'error', label: `exited (${c.exitCode})` } : { severity: 'warning', label: c.state };
    case 'paused':
      return { severity: 'warning', label: 'paused' };
    default:
      return { severity: 'warning', label: c.state };
  }
}

const RANK: Record<Severity, number> = { ok: 0, progress: 1, warning: 2, error: 3 };

export function summarizeHealth(containers: readonly ContainerSummary[], options: SummaryOptions): HealthSummary {
  const databases = containers.filter((c) => c.engine !== null);
  const inWorkspace = databases.filter((c) => {
    const dir = c.labels[WORKING_DIR_LABEL];
    return dir !== undefined && options.workspaceFolders.some((f) => isInside(dir, f));
  });
  const scope = inWorkspace.length > 0 ? 'workspace' : 'all';
  const chosen = scope === 'workspace' ? inWorkspace : databases;
  const entries = chosen.map((c) => ({ container: c, optional: isOptional(c, options.optionalServices), ...classify(c) }));
  const required = entries.filter((e) => !e.optional);
  let level: Severity = 'ok';
  for (const e of required) if (RANK[e.severity] > RANK[level]) level = e.severity;
  // An optional service never raises the level above "ok": it is only listed.
  return { total: required.length, ok: required.filter((e) => e.severity === 'ok').length, level, scope, entries };
}

/** "Docker DB: 2 of 3 database containers healthy" */
export function accessibilityLabel(s: HealthSummary): string {
  if (s.total === 0) return 'Docker DB: no database containers';
  const problems = s.entries.filter((e) => !e.optional && e.severity !== 'ok').map((e) => `${e.container.name} ${e.label}`);
  return `Docker DB: ${s.ok} of ${s.total} database containers healthy${problems.length ? `; ${problems.join(', ')}` : ''}`;
}
