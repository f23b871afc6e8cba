import * as vscode from 'vscode';
import type { QueryResult } from '../../shared/results';
import { ResultsHostMessage, parseResultsWebviewMessage } from '../../shared/resultsProtocol';
import { Disposable } from '../lifecycle';
import { webviewHtml, webviewOptions } from '../webview/html';

export interface ResultsHandlers {
  /** Run the same SQL on the same target again. */
  rerun(): void;
  /** Cancel the run in progress. */
  cancel(): void;
}

type PanelState = { kind: 'empty' } | { kind: 'result'; result: QueryResult } | { kind: 'running'; last: QueryResult | null } | { kind: 'failed'; message: string; last: QueryResult | null };

/**
 * The query results of one target container in a webview: a grid per result set, a Messages tab
 * and a toolbar (transport, time, rows, Re-run, Cancel). One panel per target; a re-run reuses it.
 * The webview is not kept alive while hidden: on each `ready` it gets the latest state again.
 */
export class ResultsPanel extends Disposable {
  private static readonly open = new Map<string, ResultsPanel>();
  private ready = false;
  private state: PanelState = { kind: 'empty' };
  /** Results shown so far in this panel. */
  private seq = 0;

  /** Shows `result` in the target's panel, creating it beside the editor when there is none. */
  static show(extensionUri: vscode.Uri, target: string, result: QueryResult, handlers: ResultsHandlers): void {
    const panel = ResultsPanel.obtain(extensionUri, target, handlers);
    panel.setState({ kind: 'result', result });
  }

  /**
   * Puts the target's panel in the "running… Cancel" state. Without a panel for the target it does
   * nothing, unless `open` says how to create one. Returns whether a panel shows the state.
   */
  static running(target: string, open?: { extensionUri: vscode.Uri; handlers: ResultsHandlers }): boolean {
    const existing = ResultsPanel.open.get(target);
    const panel = existing ?? (open ? ResultsPanel.obtain(open.extensionUri, target, open.handlers) : undefined);
    if (!panel) return false;
    if (existing && open) panel.handlers = open.handlers;
    panel.setState({ kind: 'running', last: panel.lastResult() });
    return true;
  }

  /** Ends the running state of the target's panel without a result (cancelled, or the run failed): says `message`, keeps the last result. */
  static failed(target: string, message: string): void {
    const panel = ResultsPanel.open.get(target);
    if (panel) panel.setState({ kind: 'failed', message, last: panel.lastResult() });
  }

  static disposeAll(): void {
    for (const p of [...ResultsPanel.open.values()]) p.panel.dispose();
  }

  private static obtain(extensionUri: vscode.Uri, target: string, handlers: ResultsHandlers): ResultsPanel {
    const existing = ResultsPanel.open.get(target);
    if (existing) {
      existing.handlers = handlers;
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('dockerDb.results', `Results: ${target}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    const created = new ResultsPanel(panel, extensionUri, target, handlers);
    ResultsPanel.open.set(target, created);
    return created;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly target: string,
    private handlers: ResultsHandlers,
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'docker-db.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: `Results: ${target}`, app: 'results', styles: ['results.css'] });
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    // Hidden webviews are destroyed (retainContextWhenHidden: false); the new one says `ready` again.
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }));
    this._register(
      panel.onDidDispose(() => {
        if (ResultsPanel.open.get(target) === this) ResultsPanel.open.delete(target);
        this.dispose();
      }),
    );
  }

  private lastResult(): QueryResult | null {
    const s = this.state;
    return s.kind === 'result' ? s.result : s.kind === 'running' || s.kind === 'failed' ? s.last : null;
  }

  /** Sends the new state only (the webview already has the last result). */
  private setState(state: PanelState): void {
    this.state = state;
    if (state.kind === 'result') this.post({ type: 'result', target: this.target, seq: ++this.seq, result: state.result });
    else if (state.kind === 'running') this.post({ type: 'running', target: this.target });
    else if (state.kind === 'failed') this.post({ type: 'failed', target: this.target, message: state.message });
  }

  /** Everything a freshly loaded webview needs: the last result, then the running/failed state. */
  private postState(): void {
    const s = this.state;
    const last = this.lastResult();
    if (last) this.post({ type: 'result', target: this.target, seq: this.seq, result: last });
    if (s.kind === 'running') this.post({ type: 'running', target: this.target });
    else if (s.kind === 'failed') this.post({ type: 'failed', target: this.target, message: s.message });
  }

  private post(message: ResultsHostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const msg = parseResultsWebviewMessage(raw);
    if (!msg) return; // malformed: ignored (the webview is ours; nothing to tell the user)
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.postState();
        break;
      case 'rerun':
        this.handlers.rerun();
        this.post({ type: 'response', requestId: msg.requestId, ok: true });
        break;
      case 'cancel':
        this.handlers.cancel();
        this.post({ type: 'response', requestId: msg.requestId, ok: true });
        break;
      case 'copy':
        vscode.env.clipboard.writeText(msg.text).then(
          () => this.post({ type: 'response', requestId: msg.requestId, ok: true }),
          (err: unknown) => this.post({ type: 'response', requestId: msg.requestId, ok: false, message: `Could not copy: ${err instanceof Error ? err.message : String(err)}` }),
        );
        break;
    }
  }
}
