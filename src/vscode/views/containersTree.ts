import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import { listContainers } from '../../core/docker/containers';
import { groupContainers } from '../../core/docker/grouping';
import type { DockerSession } from '../../core/docker/session';
import { DockerUnreachableError } from '../../core/docker/client';
import { config } from '../config';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { ContainerItem, ContainersNode, GroupItem } from './containerItem';

export const CONTAINERS_VIEW_ID = 'dockerDb.containers';

type EngineState = 'unknown' | 'connected' | 'unreachable' | 'error';

/**
 * The Containers view. Loads only when VS Code asks for children (the view is visible);
 * refreshes on demand and on a slow timer that runs only while the view is visible.
 */
export class ContainersTree extends Disposable implements vscode.TreeDataProvider<ContainersNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ContainersNode | undefined | void>());
  readonly onDidChangeTreeData = this.changed.event;

  private readonly view: vscode.TreeView<ContainersNode>;
  private timer: NodeJS.Timeout | undefined;
  private containers: ContainerSummary[] = [];
  private lastError: string | undefined;

  constructor(private readonly session: DockerSession, private readonly log: Log) {
    super();
    this.view = this._register(vscode.window.createTreeView(CONTAINERS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this._register(this.view.onDidChangeVisibility((e) => this.updateTimer(e.visible)));
    this._register({ dispose: () => this.stopTimer() });
  }

  /** Containers from the last successful load. */
  get current(): readonly ContainerSummary[] {
    return this.containers;
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(element: ContainersNode): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: ContainersNode): Promise<ContainersNode[]> {
    if (element instanceof GroupItem) {
      return element.containers.map((c) => new ContainerItem(c));
    }
    if (element) {
      return [];
    }
    await this.load();
    if (this.lastError !== undefined) {
      return [];
    }
    const groups = groupContainers(this.containers, { showAll: config.showAllContainers() });
    if (groups.length === 1 && !groups[0].compose) {
      return groups[0].containers.map((c) => new ContainerItem(c));
    }
    return groups.map((g) => new GroupItem(g.key, g.label, g.containers, g.compose));
  }

  private async load(): Promise<void> {
    this.updateTimer(this.view.visible);
    try {
      const { docker } = await this.session.get();
      this.containers = await listContainers(docker, { all: true });
      this.lastError = undefined;
      this.view.message = undefined;
      await this.setEngineState('connected');
    } catch (err) {
      const unreachable = err instanceof DockerUnreachableError;
      const message = unreachable ? err.message : `Listing containers failed: ${(err as Error).message}`;
      if (message !== this.lastError) {
        this.log.error(unreachable ? 'Docker engine unreachable' : 'Listing containers failed', err);
      }
      this.lastError = message;
      this.containers = [];
      this.view.message = message;
      this.session.reset();
      await this.setEngineState(unreachable ? 'unreachable' : 'error');
    }
  }

  private async setEngineState(state: EngineState): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'dockerDb.engineState', state);
  }

  private updateTimer(visible: boolean): void {
    if (!visible) {
      this.stopTimer();
      return;
    }
    if (this.timer) return;
    const interval = config.refreshIntervalSeconds() * 1000;
    this.timer = setInterval(() => this.refresh(), interval);
  }

  private stopTimer(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
