/**
 * What the Containers view shows, as plain data: compose projects (from the workspace's files and
 * from container labels) → services → containers, then "Other containers". Pure and unit-tested;
 * src/vscode turns it into tree items.
 */
import type { ContainerSummary } from '../../shared/containers';
import { mergeProjects, ServiceEntry, ServiceStatus } from '../compose/merge';
import type { ComposeIssue, ComposeProject, ComposeService } from '../compose/model';
import { detectEngine } from '../engines/detect';

export const OTHER_GROUP_LABEL = 'Other containers';

export interface ContainerNode {
  kind: 'container';
  key: string;
  container: ContainerSummary;
  /** The compose service declaration, when the workspace has it. */
  service: ComposeService | null;
}

export interface ServiceNode {
  kind: 'service';
  key: string;
  project: string;
  name: string;
  service: ComposeService | null;
  status: ServiceStatus;
  children: ContainerNode[];
}

export interface IssueNode {
  kind: 'issue';
  key: string;
  issue: ComposeIssue;
}

export interface ProjectNode {
  kind: 'project';
  key: string;
  name: string;
  workingDir: string | null;
  /** Compose files in the workspace; empty when the project is known only from container labels. */
  files: string[];
  running: number;
  total: number;
  unhealthy: number;
  children: Array<IssueNode | ServiceNode | ContainerNode>;
}

export interface OtherNode {
  kind: 'other';
  key: string;
  label: string;
  running: number;
  total: number;
  unhealthy: number;
  children: ContainerNode[];
}

export type ViewNode = ProjectNode | ServiceNode | ContainerNode | IssueNode | OtherNode;

function isDatabaseService(entry: ServiceEntry): boolean {
  if (entry.containers.some((c) => c.engine !== null)) return true;
  if (entry.containers.length > 0) return false;
  const s = entry.service;
  return !!s?.image && detectEngine({ image: s.image, labels: s.labels, envNames: Object.keys(s.environment), exposedPorts: s.ports.map((p) => p.containerPort) }) !== null;
}

function counts(containers: readonly ContainerSummary[]): { running: number; total: number; unhealthy: number } {
  return {
    running: containers.filter((c) => c.state === 'running').length,
    total: containers.length,
    unhealthy: containers.filter((c) => c.health === 'unhealthy').length,
  };
}

const dbFirst = (a: ContainerSummary, b: ContainerSummary): number => (a.engine ? 0 : 1) - (b.engine ? 0 : 1) || a.name.localeCompare(b.name);

export function buildContainersView(projects: readonly ComposeProject[], containers: readonly ContainerSummary[], options: { showAll: boolean }): ViewNode[] {
  const nodes: ViewNode[] = [];
  for (const entry of mergeProjects(projects, containers)) {
    const projectKey = `project:${entry.name}:${entry.workingDir ?? ''}`;
    const services = entry.services.filter((s) => options.showAll || isDatabaseService(s));
    const issues: IssueNode[] = (entry.project?.errors ?? []).map((issue, i) => ({ kind: 'issue', key: `${projectKey}:issue:${i}`, issue }));
    if (services.length === 0 && issues.length === 0) continue;
    const children: ProjectNode['children'] = [...issues];
    for (const s of services) {
      const serviceKey = `${projectKey}:service:${s.name}`;
      const containerNodes = s.containers.map((c): ContainerNode => ({ kind: 'container', key: `container:${c.id}`, container: c, service: s.service }));
      if (containerNodes.length === 1) children.push(containerNodes[0]);
      else children.push({ kind: 'service', key: serviceKey, project: entry.name, name: s.name, service: s.service, status: s.status, children: containerNodes });
    }
    const all = services.flatMap((s) => s.containers);
    nodes.push({ kind: 'project', key: projectKey, name: entry.name, workingDir: entry.workingDir, files: entry.project?.files ?? [], ...counts(all), children });
  }
  const others = containers.filter((c) => !c.composeProject && (options.showAll || c.engine !== null)).sort(dbFirst);
  if (others.length > 0) {
    nodes.push({
      kind: 'other',
      key: 'other',
      label: OTHER_GROUP_LABEL,
      ...counts(others),
      children: others.map((c) => ({ kind: 'container', key: `container:${c.id}`, container: c, service: null })),
    });
  }
  // Without any compose project, a flat list reads better than one group.
  if (nodes.length === 1 && nodes[0].kind === 'other') return nodes[0].children;
  return nodes;
}
