import * as vscode from 'vscode';
import { accessibilityLabel, HealthSummary, summarizeHealth } from '../../core/health/summary';
import type { ContainerWatcher } from '../../core/docker/watcher';
import { config } from '../config';
import { Disposable } from '../lifecycle';

function commandLink(title: string, command: string, args?: unknown): string {
  const query = args === undefined ? '' : `?${encodeURIComponent(JSON.stringify([args]))}`;
  return `[${title}](command:${command}${query})`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * One status-bar item for the workspace's databases: `$(database) 2/3` with a warning or error
 * background, a spinner while containers start, and a tooltip listing each problem with command
 * links. Optional services are listed but never turn it red.
 */
export class HealthStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly watcher: ContainerWatcher) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('dockerDb.health', vscode.StatusBarAlignment.Left, 50));
    this.item.name = 'Docker DB Health';
    this.item.command = 'workbench.view.extension.dockerDb';
    this._register(watcher.onDidChangeContainers(() => this.render()));
    this._register(watcher.onDidChangeState(() => this.render()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.render()));
    this.render();
  }

  render(): void {
    const state = this.watcher.state;
    if (state.kind === 'unreachable') {
      this.item.text = '$(database) $(debug-disconnect)';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.accessibilityInformation = { label: 'Docker DB: Docker engine not reachable' };
      const md = new vscode.MarkdownString(`**Docker engine not reachable**\n\n${escape(state.message)}\n\n${commandLink('Retry', 'dockerDb.refresh')} · ${commandLink('Show Log', 'dockerDb.showLog')}`);
      md.isTrusted = { enabledCommands: ['dockerDb.refresh', 'dockerDb.showLog'] };
      this.item.tooltip = md;
      this.item.show();
      return;
    }
    if (state.kind !== 'connected') {
      this.item.text = '$(database) $(loading~spin)';
      this.item.backgroundColor = undefined;
      this.item.tooltip = 'Docker DB: connecting to the Docker engine…';
      this.item.accessibilityInformation = { label: 'Docker DB: connecting to the Docker engine' };
      this.item.show();
      return;
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const summary = summarizeHealth(this.watcher.containers, { workspaceFolders: folders, optionalServices: config.optionalServices() });
    if (summary.entries.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(database) ${summary.ok}/${summary.total}${summary.level === 'progress' ? ' $(loading~spin)' : ''}`;
    this.item.backgroundColor =
      summary.level === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : summary.level === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.accessibilityInformation = { label: accessibilityLabel(summary) };
    this.item.tooltip = this.tooltip(summary);
    this.item.show();
  }

  private tooltip(s: HealthSummary): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['dockerDb.showContainerDetails', 'dockerDb.showLogs', 'dockerDb.diagnoseConnection', 'dockerDb.refresh', 'dockerDb.showLog'] };
    md.appendMarkdown(`**Docker DB** — ${s.ok} of ${s.total} database containers healthy${s.scope === 'workspace' ? ' in this workspace' : ''}\n\n`);
    for (const e of s.entries) {
      const icon = e.severity === 'ok' ? '$(pass)' : e.severity === 'progress' ? '$(loading~spin)' : e.severity === 'warning' ? '$(warning)' : '$(error)';
      const diagnose = e.container.engine ? ` · ${commandLink('Diagnose', 'dockerDb.diagnoseConnection', e.container.id)}` : '';
      const links = e.severity === 'ok' ? '' : ` — ${commandLink('Details', 'dockerDb.showContainerDetails', e.container.id)} · ${commandLink('Logs', 'dockerDb.showLogs', e.container.id)}${diagnose}`;
      md.appendMarkdown(`${e.optional ? '$(circle-outline)' : icon} ${escape(e.container.name)}: ${escape(e.label)}${e.optional ? ' _(optional)_' : ''}${links}  \n`);
    }
    md.appendMarkdown(`\n${commandLink('Refresh', 'dockerDb.refresh')}`);
    return md;
  }
}
