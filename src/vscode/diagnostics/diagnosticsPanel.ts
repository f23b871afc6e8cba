import * as vscode from 'vscode';
import type { DiagnosisReport, SourceLocation } from '../../shared/diagnostics';
import { DiagnosticsHostMessage, parseDiagnosticsWebviewMessage, reportNamesLocation } from '../../shared/diagnosticsProtocol';
import { Disposable } from '../lifecycle';
import { webviewHtml, webviewOptions } from '../webview/html';

/** What the panel asks of the command that runs diagnoses. */
export interface DiagnosticsHandlers {
  /** Diagnose the same container again. */
  rerun(): void;
  /** The report as redacted, bug-report-ready Markdown. */
  markdown(report: DiagnosisReport): Promise<string>;
}

type PanelState = { kind: 'running'; last: DiagnosisReport | null } | { kind: 'report'; report: DiagnosisReport } | { kind: 'failed'; message: string; last: DiagnosisReport | null };

/**
 * The Diagnose Connection report of one container in a webview: verdict, root cause, working
 * transport, fix steps and one row per check, with Re-run and Copy as Markdown. One panel per
 * container; a re-run reuses it. Not kept alive while hidden: each `ready` gets the state again.
 */
export class DiagnosticsPanel extends Disposable {
  private static readonly open = new Map<string, DiagnosticsPanel>();
  private ready = false;
  private state: PanelState = { kind: 'running', last: null };
  private seq = 0;

  /** Opens (or reveals) the container's panel in the "running" state. */
  static running(extensionUri: vscode.Uri, containerId: string, name: string, handlers: DiagnosticsHandlers): void {
    const existing = DiagnosticsPanel.open.get(containerId);
    const panel = existing ?? DiagnosticsPanel.create(extensionUri, containerId, name, handlers);
    if (existing) {
      existing.handlers = handlers;
      existing.panel.reveal(undefined, true);
    }
    panel.setState({ kind: 'running', last: panel.last() });
  }

  static show(containerId: string, report: DiagnosisReport): void {
    DiagnosticsPanel.open.get(containerId)?.setState({ kind: 'report', report });
  }

  static failed(containerId: string, message: string): void {
    const panel = DiagnosticsPanel.open.get(containerId);
    panel?.setState({ kind: 'failed', message, last: panel.last() });
  }

  static disposeAll(): void {
    for (const p of [...DiagnosticsPanel.open.values()]) p.panel.dispose();
  }

  private static create(extensionUri: vscode.Uri, containerId: string, name: string, handlers: DiagnosticsHandlers): DiagnosticsPanel {
    const panel = vscode.window.createWebviewPanel('dockerDb.diagnostics', `Diagnosis: ${name}`, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, webviewOptions(extensionUri));
    const created = new DiagnosticsPanel(panel, extensionUri, containerId, name, handlers);
    DiagnosticsPanel.open.set(containerId, created);
    return created;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    containerId: string,
    private readonly name: string,
    private handlers: DiagnosticsHandlers,
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'docker-db.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: `Diagnosis: ${name}`, app: 'diagnostics', styles: ['diagnostics.css'] });
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)));
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }));
    this._register(
      panel.onDidDispose(() => {
        if (DiagnosticsPanel.open.get(containerId) === this) DiagnosticsPanel.open.delete(containerId);
        this.dispose();
      }),
    );
  }

  private last(): DiagnosisReport | null {
    const s = this.state;
    return s.kind === 'report' ? s.report : s.last;
  }

  private setState(state: PanelState): void {
    this.state = state;
    if (state.kind === 'report') this.seq++;
    this.postState(state.kind !== 'report');
  }

  /** The report (when there is one), then the running/failed state. `withReport: false` skips an unchanged report. */
  private postState(withReport = true): void {
    const s = this.state;
    const last = this.last();
    if (last && (withReport || s.kind === 'report')) this.post({ type: 'report', seq: this.seq, report: last });
    if (s.kind === 'running') this.post({ type: 'running', container: this.name });
    else if (s.kind === 'failed') this.post({ type: 'failed', container: this.name, message: s.message });
  }

  private post(message: DiagnosticsHostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseDiagnosticsWebviewMessage(raw);
    if (!msg) return; // malformed: ignored (the webview is ours; nothing to tell the user)
    if (msg.type === 'ready') {
      this.ready = true;
      this.postState();
      return;
    }
    const answer = (ok: boolean, message?: string) => this.post(message === undefined ? { type: 'response', requestId: msg.requestId, ok } : { type: 'response', requestId: msg.requestId, ok, message });
    try {
      if (msg.type === 'rerun') {
        this.handlers.rerun();
      } else if (msg.type === 'copyMarkdown') {
        const report = this.last();
        if (!report) return answer(false, 'There is no report to copy yet.');
        await vscode.env.clipboard.writeText(await this.handlers.markdown(report));
      } else {
        const report = this.last();
        if (!report || !reportNamesLocation(report, msg.location)) return answer(false, 'That file is not part of this report.');
        await openAt(msg.location);
      }
      answer(true);
    } catch (err) {
      answer(false, err instanceof Error ? err.message : String(err));
    }
  }
}

/** Opens `location` in an editor with the cursor on its line. */
async function openAt(location: SourceLocation): Promise<void> {
  const position = new vscode.Position(location.line - 1, Math.max(0, (location.column ?? 1) - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(location.file), { selection: new vscode.Range(position, position), preview: false });
}
