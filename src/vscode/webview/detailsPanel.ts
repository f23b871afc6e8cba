import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import { HostMessage, parseWebviewMessage } from '../../shared/protocol';
import { toContainerDetails, RawInspect } from '../../core/docker/inspect';
import type { DockerSession } from '../../core/docker/session';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { webviewHtml, webviewOptions } from './html';

/** One details panel per container; showing it again reveals the existing panel. */
export class DetailsPanel extends Disposable {
  private static readonly open = new Map<string, DetailsPanel>();
  private ready = false;

  static show(extensionUri: vscode.Uri, session: DockerSession, log: Log, container: ContainerSummary): void {
    const existing = DetailsPanel.open.get(container.id);
    if (existing) {
      existing.panel.reveal();
      void existing.load();
      return;
    }
    const panel = vscode.window.createWebviewPanel('dockerDb.details', `${container.name}`, vscode.ViewColumn.Active, webviewOptions(extensionUri));
    DetailsPanel.open.set(container.id, new DetailsPanel(panel, extensionUri, session, log, container));
  }

  static disposeAll(): void {
    for (const p of [...DetailsPanel.open.values()]) p.panel.dispose();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly session: DockerSession,
    private readonly log: Log,
    private readonly container: ContainerSummary,
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'docker-db.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: container.name, app: 'details' });
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(
      panel.onDidDispose(() => {
        DetailsPanel.open.delete(container.id);
        this.dispose();
      }),
    );
  }

  private post(message: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn('Ignored a malformed message from the details webview.');
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        void this.load();
        break;
      case 'refresh':
        void this.load();
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(msg.text);
        break;
    }
  }

  private async load(): Promise<void> {
    this.post({ type: 'loading' });
    try {
      const { docker } = await this.session.get();
      const raw = (await docker.getContainer(this.container.id).inspect()) as unknown as RawInspect;
      this.post({ type: 'details', details: toContainerDetails(this.container, raw) });
    } catch (err) {
      const e = err as { statusCode?: number; message?: string };
      const message =
        e.statusCode === 404
          ? `Container ${this.container.name} no longer exists. It was probably removed; refresh the Containers view.`
          : `Could not inspect ${this.container.name}: ${e.message ?? String(err)}`;
      this.log.error(`Inspect ${this.container.name} failed`, err);
      this.post({ type: 'error', message });
    }
  }
}
