import * as vscode from 'vscode';
import { DockerSession } from '../core/docker/session';
import { affectsConnection, config } from './config';
import { Disposable } from './lifecycle';
import { Log } from './log';
import { ContainersTree } from './views/containersTree';
import { DetailsPanel } from './webview/detailsPanel';

/**
 * Everything the extension owns, with two lifetimes: the extension's (views, commands, log)
 * and the Docker connection's (replaced when `dockerDb.docker.*` settings change).
 * Constructing it does no I/O: the first Docker call happens when the view asks for children.
 */
export class DockerDbContext extends Disposable {
  readonly log = this._register(new Log());
  readonly session = new DockerSession(() => ({ setting: config.dockerHost(), timeoutMs: config.dockerTimeoutMs() }));
  readonly tree: ContainersTree;

  constructor(readonly extensionContext: vscode.ExtensionContext) {
    super();
    this.tree = this._register(new ContainersTree(this.session, this.log));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConnection(e)) {
          this.log.info('Docker settings changed; reconnecting.');
          this.session.reset();
          this.tree.refresh();
        } else if (e.affectsConfiguration('dockerDb.containers')) {
          this.tree.refresh();
        }
      }),
    );
    this._register({ dispose: () => DetailsPanel.disposeAll() });
  }
}
