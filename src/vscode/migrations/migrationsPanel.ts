import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import type { MigrationReport } from '../../shared/migrations';
import { parseMigrationsWebviewMessage, type MigrationsHostMessage } from '../../shared/migrationsProtocol';
import { reportFiles } from '../../shared/migrationsView';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { webviewHtml, webviewOptions } from '../webview/html';
import { changesetLine } from './changesetLine';
import type { MigrationsService } from './migrationsService';

/**
 * The migrations of one container in a webview: per tool, every migration in order with its status,
 * idempotency findings, missing schema; a click opens the file. One panel per container. The webview
 * is not kept alive while hidden: on each `ready` it gets the latest state again.
 */
export class MigrationsPanel extends Disposable {
  private static readonly open = new Map<string, MigrationsPanel>();
  private ready = false;
  private last: MigrationReport | undefined;
  private lastSeq = 0;

  static show(extensionUri: vscode.Uri, service: MigrationsService, log: Log, container: ContainerSummary): void {
    const existing = MigrationsPanel.open.get(container.id);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('dockerDb.migrations', `Migrations: ${container.name}`, vscode.ViewColumn.Active, webviewOptions(extensionUri));
    MigrationsPanel.open.set(container.id, new MigrationsPanel(panel, extensionUri, service, log, container));
  }

  static disposeAll(): void {
    for (const p of [...MigrationsPanel.open.values()]) p.panel.dispose();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly service: MigrationsService,
    private readonly log: Log,
    private readonly container: ContainerSummary,
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'docker-db.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: `Migrations: ${container.name}`, app: 'migrations', styles: ['migrations.css'] });
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    // The status was dropped (container event, file change, setting): read it again while the panel is open.
    this._register(service.onDidChange((id) => id === container.id && void this.load()));
    this._register(
      panel.onDidDispose(() => {
        if (MigrationsPanel.open.get(container.id) === this) MigrationsPanel.open.delete(container.id);
        this.dispose();
      }),
    );
  }

  private post(message: MigrationsHostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async load(): Promise<void> {
    const name = this.container.name;
    if (!this.service.peek(this.container.id) || this.service.peek(this.container.id)?.kind === 'loading') this.post({ type: 'loading', container: name });
    const entry = await this.service.status(this.container);
    if (entry.kind === 'report') {
      this.last = entry.report;
      this.lastSeq = entry.seq;
      this.post({ type: 'report', container: name, seq: entry.seq, report: entry.report });
    } else if (entry.kind === 'error') {
      this.post({ type: 'error', container: name, message: entry.message });
    }
  }

  private onMessage(raw: unknown): void {
    const msg = parseMigrationsWebviewMessage(raw);
    if (!msg) {
      this.log.warn('Ignored a malformed message from the migrations webview.');
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (this.last) this.post({ type: 'report', container: this.container.name, seq: this.lastSeq, report: this.last });
        void this.load();
        break;
      case 'refresh':
        this.service.invalidate(this.container.id);
        this.post({ type: 'response', requestId: msg.requestId, ok: true });
        if (!this.service.peek(this.container.id)) void this.load();
        break;
      case 'open':
        void this.openFile(msg.file, msg.id, msg.line).then(
          () => this.post({ type: 'response', requestId: msg.requestId, ok: true }),
          (err: unknown) => this.post({ type: 'response', requestId: msg.requestId, ok: false, message: err instanceof Error ? err.message : String(err) }),
        );
        break;
    }
  }

  /** Opens a file the last report names (no other path is accepted), at a Liquibase changeset's line. */
  private async openFile(file: string, id: string | undefined, line: number | undefined): Promise<void> {
    if (!this.last || !reportFiles(this.last).has(file)) throw new Error(`${file} is not a migration of the last status; refresh and try again.`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const liquibase = this.last.tools.some((t) => t.tool === 'liquibase' && [...t.applied, ...t.pending, ...t.failed, ...t.checksumMismatch].some((m) => m.file === file));
    const at = (line ?? (liquibase && id ? changesetLine(doc.getText(), id) : 1)) - 1;
    const position = new vscode.Position(Math.min(Math.max(at, 0), Math.max(doc.lineCount - 1, 0)), 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
  }
}
