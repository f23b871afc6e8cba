import * as vscode from 'vscode';
import { discoverComposeProjects } from '../../core/compose/discover';
import type { ComposeProject } from '../../core/compose/model';
import { loadComposeProject } from '../../core/compose/parse';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';

/**
 * The compose projects of the workspace's folders: discovered and parsed on first use, re-read
 * (debounced) when a compose or .env file changes. Parsing problems are kept on each project.
 */
export class ComposeWorkspace extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private loading: Promise<ComposeProject[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private watching = false;

  constructor(private readonly log: Log) {
    super();
    this._register({ dispose: () => this.timer && clearTimeout(this.timer) });
  }

  /** Projects of the workspace; discovers them on the first call. */
  projects(): Promise<ComposeProject[]> {
    this.watch();
    this.loading ??= this.load();
    return this.loading;
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/{compose,docker-compose}*.{yml,yaml}'));
    const envWatcher = this._register(vscode.workspace.createFileSystemWatcher('**/.env'));
    for (const w of [watcher, envWatcher]) {
      this._register(w.onDidChange(() => this.invalidate()));
      this._register(w.onDidCreate(() => this.invalidate()));
      this._register(w.onDidDelete(() => this.invalidate()));
    }
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()));
  }

  private invalidate(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.loading = undefined;
      this.changed.fire();
    }, 300);
  }

  private async load(): Promise<ComposeProject[]> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (folders.length === 0 || !vscode.workspace.isTrusted) return [];
    try {
      const found = await discoverComposeProjects(folders);
      if (found.truncated) this.log.warn('Stopped looking for compose files: the workspace holds more than Docker DB searches. Some projects may be missing.');
      const projects = await Promise.all(found.projects.map((p) => loadComposeProject(p.files)));
      for (const p of projects) {
        for (const issue of p.errors) this.log.warn(`${issue.file}:${issue.line}: ${issue.message}`);
      }
      this.log.info(`Compose projects in the workspace: ${projects.map((p) => `${p.name} (${p.services.length} services)`).join(', ') || 'none'}`);
      return projects;
    } catch (err) {
      this.log.error('Reading compose files failed', err);
      return [];
    }
  }
}
