import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import type { ContainerWatcher } from '../../core/docker/watcher';
import { buildContainersView, ContainerNode, ViewNode } from '../../core/view/containersModel';
import { demux } from '../../core/docker/wait';
import type { DockerSession } from '../../core/docker/session';
import type { ComposeWorkspace } from '../compose/composeWorkspace';
import { config } from '../config';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { ContainerItem } from './containerItem';
import type { VerdictLookup } from '../diagnostics/verdicts';
import { IssueItem, OtherItem, ProjectItem, ServiceItem } from './composeItems';

export const CONTAINERS_VIEW_ID = 'dockerDb.containers';

type Item = ContainerItem | ProjectItem | OtherItem | ServiceItem | IssueItem;

/** Items another feature hangs under containers (the Migrations node). */
export interface ContainerChildren {
  /** Children of a container's item; [] for none (the item then does not expand). */
  containerChildren(container: ContainerSummary): vscode.TreeItem[];
  /** Children of one of its own items; undefined for items it did not make. */
  childrenOf(item: vscode.TreeItem): Promise<vscode.TreeItem[]> | undefined;
  /** Its items changed: the view is drawn again. */
  readonly onDidChange: vscode.Event<unknown>;
}

function toItem(node: ViewNode, verdicts?: VerdictLookup): Item {
  switch (node.kind) {
    case 'project':
      return new ProjectItem(node);
    case 'other':
      return new OtherItem(node);
    case 'service':
      return new ServiceItem(node);
    case 'issue':
      return new IssueItem(node);
    case 'container':
      return new ContainerItem(node.container, node.service, verdicts?.verdictOf(node.container.id));
  }
}

function childrenOf(item: Item): ViewNode[] {
  if (item instanceof ProjectItem || item instanceof OtherItem || item instanceof ServiceItem) return item.node.children;
  return [];
}

/**
 * The Containers view: compose projects → services → containers, then "Other containers".
 * Fed by the container watcher (events, debounced) and the workspace's compose files. The
 * watcher starts when the view first becomes visible.
 */
export class ContainersTree extends Disposable implements vscode.TreeDataProvider<Item | vscode.TreeItem> {
  private readonly changed = this._register(new vscode.EventEmitter<Item | undefined | void>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Item | vscode.TreeItem>;
  private readonly contributions: ContainerChildren[] = [];

  constructor(
    private readonly watcher: ContainerWatcher,
    private readonly compose: ComposeWorkspace,
    private readonly session: DockerSession,
    private readonly log: Log,
    private readonly start: () => void,
    private readonly verdicts?: VerdictLookup,
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView(CONTAINERS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this._register(this.view.onDidChangeVisibility((e) => e.visible && this.start()));
    this._register(watcher.onDidChangeContainers(() => this.refresh()));
    this._register(watcher.onDidChangeState(() => this.onState()));
    this._register(compose.onDidChange(() => this.refresh()));
    if (verdicts) this._register(verdicts.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire();
  }

  /** Adds children under containers (see {@link ContainerChildren}) until the result is disposed. */
  contribute(children: ContainerChildren): vscode.Disposable {
    this.contributions.push(children);
    const sub = children.onDidChange(() => this.refresh());
    this.refresh();
    return {
      dispose: () => {
        sub.dispose();
        const i = this.contributions.indexOf(children);
        if (i >= 0) this.contributions.splice(i, 1);
      },
    };
  }

  private toItem(node: ViewNode): Item {
    const item = toItem(node, this.verdicts);
    if (item instanceof ContainerItem && this.contributions.some((c) => c.containerChildren(item.container).length > 0)) {
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    }
    return item;
  }

  private onState(): void {
    const state = this.watcher.state;
    const engineState = state.kind === 'connected' ? 'connected' : state.kind === 'unreachable' ? 'unreachable' : 'connecting';
    void vscode.commands.executeCommand('setContext', 'dockerDb.engineState', engineState);
    if (state.kind === 'unreachable') {
      this.view.message = `${state.message} Retrying in ${Math.round(state.retryInMs / 1000)} s.`;
    } else if (state.kind === 'connected') {
      this.view.message = undefined;
    }
    this.refresh();
  }

  getTreeItem(element: Item | vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: Item | vscode.TreeItem): Promise<Array<Item | vscode.TreeItem>> {
    if (element instanceof ContainerItem) return this.contributions.flatMap((c) => c.containerChildren(element.container));
    if (element) {
      for (const c of this.contributions) {
        const children = c.childrenOf(element);
        if (children) return children;
      }
      return childrenOf(element as Item).map((n) => this.toItem(n));
    }
    this.start();
    if (this.watcher.state.kind === 'idle' || this.watcher.state.kind === 'connecting') {
      await this.watcher.refresh().catch(() => undefined);
    }
    if (this.watcher.state.kind === 'unreachable') return [];
    const projects = await this.compose.projects();
    return buildContainersView(projects, this.watcher.containers, { showAll: config.showAllContainers() }).map((n) => this.toItem(n));
  }

  getParent(): undefined {
    return undefined;
  }

  /** Hovering an unhealthy container fetches its last health-check output (one inspect, on demand). */
  async resolveTreeItem(item: vscode.TreeItem, element: Item | vscode.TreeItem, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (!(element instanceof ContainerItem)) return item;
    const c = element.container;
    if (c.health !== 'unhealthy' && !(c.state === 'exited' && c.exitCode !== 0)) return item;
    try {
      const { docker } = await this.session.get();
      if (token.isCancellationRequested) return item;
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip : new vscode.MarkdownString();
      if (c.health === 'unhealthy') {
        const info = await docker.getContainer(c.id).inspect();
        const log = info.State?.Health?.Log ?? [];
        const last = log[log.length - 1];
        if (last) tooltip.appendMarkdown(`\n\n**Last health check** (exit ${last.ExitCode}):`).appendCodeblock((last.Output ?? '').trim().slice(0, 1500) || '(no output)', 'text');
      } else {
        const buf = (await docker.getContainer(c.id).logs({ stdout: true, stderr: true, tail: 8, follow: false })) as unknown as Buffer;
        tooltip.appendMarkdown('\n\n**Last log lines:**').appendCodeblock(demux(buf).trim().slice(-1500) || '(no output)', 'text');
      }
      item.tooltip = tooltip;
    } catch (err) {
      this.log.warn(`Could not read details of ${c.name} for its tooltip: ${(err as Error).message}`);
    }
    return item;
  }
}

export type { ContainerNode };
