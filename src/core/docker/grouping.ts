/** Groups the container model for display: by compose project, then "Other containers". */
import type { ContainerSummary } from '../../shared/containers';

export interface ContainerGroup {
  /** Stable key: `compose:<project>` or `other`. */
  key: string;
  label: string;
  compose: boolean;
  containers: ContainerSummary[];
}

export const OTHER_GROUP_LABEL = 'Other containers';

export interface GroupOptions {
  /** Show containers that are not recognised databases too. */
  showAll: boolean;
}

export function visibleContainers(containers: ContainerSummary[], options: GroupOptions): ContainerSummary[] {
  return options.showAll ? containers : containers.filter((c) => c.engine !== null);
}

/** Compose projects sorted by name, then the other containers; database containers first inside each group. */
export function groupContainers(containers: ContainerSummary[], options: GroupOptions): ContainerGroup[] {
  const byProject = new Map<string, ContainerSummary[]>();
  const other: ContainerSummary[] = [];
  for (const c of visibleContainers(containers, options)) {
    if (c.composeProject) {
      const list = byProject.get(c.composeProject) ?? [];
      list.push(c);
      byProject.set(c.composeProject, list);
    } else {
      other.push(c);
    }
  }
  const order = (a: ContainerSummary, b: ContainerSummary): number =>
    (a.engine ? 0 : 1) - (b.engine ? 0 : 1) || (a.composeService ?? a.name).localeCompare(b.composeService ?? b.name) || a.name.localeCompare(b.name);
  const groups: ContainerGroup[] = [...byProject.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([project, list]) => ({ key: `compose:${project}`, label: project, compose: true, containers: list.sort(order) }));
  if (other.length > 0) {
    groups.push({ key: 'other', label: OTHER_GROUP_LABEL, compose: false, containers: other.sort(order) });
  }
  return groups;
}
