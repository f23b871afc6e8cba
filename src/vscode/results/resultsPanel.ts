import * as vscode from 'vscode';
import type { QueryResult } from '../../shared/results';
import { ResultMeta, ResultsHostMessage, ResultsWebviewMessage, RunSource, parseResultsWebviewMessage } from '../../shared/resultsProtocol';
import { config } from '../config';
import { Disposable } from '../lifecycle';
import { webviewHtml, webviewOptions } from '../webview/html';
import { exportResult } from './exportResult';
import { revealError } from './revealError';
import { revivedState } from './revive';

export const RESULTS_VIEW_TYPE = 'dockerDb.results';

export interface ResultsHandlers {
  /** Run the same SQL on the same target again. */
  rerun(): void;
  /** Cancel the run in progress. */
  cancel(): void;
  /** Run the same SQL again without the row limit. */
  fetchAll(): void;
}

/** Builds the handlers of a panel restored after a window reload, from where its SQL came from. */
export type HandlersFor = (target: string, source: RunSource | undefined) => ResultsHandlers;

export interface RunInfo {
  source?: RunSource;
  /** A result set was cut at the row limit and fetching all is allowed. */
  canFetchAll: boolean;
}

interface Shown {
  result: QueryResult;
  meta: ResultMeta;
}

type PanelState = { kind: 'empty' } | { kind: 'result'; shown: Shown } | { kind: 'running'; last: Shown | null } | { kind: 'failed'; message: string; last: Shown | null };

/**
 * The query results of one target container in a webview: a grid per result set, a Messages tab
 * and a toolbar. One panel per target; a re-run reuses it unless it is pinned (the next run then
 * opens a new panel). The webview is not kept alive while hidden: on each `ready` it gets the
 * latest state again. After a window reload the serializer brings it back from the webview's
 * saved state, without running anything.
 */
export class ResultsPanel extends Disposable {
  /** The unpinned panel of each target: the one the next run shows in. */
  private static readonly open = new Map<string, ResultsPanel>();
  private static readonly all = new Set<ResultsPanel>();
  private ready = false;
  private pinned = false;
  private state: PanelState = { kind: 'empty' };
  /** Results shown so far in this panel. */
  private seq = 0;

  /** Shows `result` in the target's panel, creating it beside the editor when there is none. */
  static show(extensionUri: vscode.Uri, target: string, result: QueryResult, run: RunInfo, handlers: ResultsHandlers): void {
    const panel = ResultsPanel.obtain(extensionUri, target, handlers);
    const meta: ResultMeta = {
      nullToken: config.nullToken(),
      canFetchAll: run.canFetchAll,
      pinned: false,
      canRevealError: !!result.error && result.error.statementIndex !== null && !!run.source,
      finishedAt: Date.now(),
      ...(run.source ? { source: run.source } : {}),
    };
    panel.setState({ kind: 'result', shown: { result, meta } });
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
    panel.setState({ kind: 'running', last: panel.last() });
    return true;
  }

  /** Ends the running state of the target's panel without a result (cancelled, or the run failed): says `message`, keeps the last result. */
  static failed(target: string, message: string): void {
    const panel = ResultsPanel.open.get(target);
    if (panel) panel.setState({ kind: 'failed', message, last: panel.last() });
  }

  static disposeAll(): void {
    for (const p of [...ResultsPanel.all]) p.panel.dispose();
  }

  /** Brings results panels back after a window reload (activation event onWebviewPanel:dockerDb.results). */
  static registerSerializer(extensionUri: vscode.Uri, handlersFor: HandlersFor): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel: vscode.WebviewPanel, saved: unknown) => {
        webviewPanel.webview.options = webviewOptions(extensionUri);
        const restored = revivedState(saved);
        const target = restored?.target ?? 'unknown container';
        const panel = new ResultsPanel(webviewPanel, extensionUri, target, handlersFor(target, restored?.meta.source));
        if (!restored) {
          panel.setState({ kind: 'failed', message: 'The results of this panel were not kept across the reload. Run the query again.', last: null });
          return;
        }
        panel.seq = restored.seq;
        panel.pinned = restored.meta.pinned;
        panel.state = { kind: 'result', shown: { result: restored.result, meta: restored.meta } };
        if (!panel.pinned && !ResultsPanel.open.has(target)) ResultsPanel.open.set(target, panel);
        panel.updateTitle();
      },
    });
  }

  private static obtain(extensionUri: vscode.Uri, target: string, handlers: ResultsHandlers): ResultsPanel {
    const existing = ResultsPanel.open.get(target);
    if (existing) {
      existing.handlers = handlers;
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, `Results: ${target}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
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
    ResultsPanel.all.add(this);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'docker-db.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: `Results: ${target}`, app: 'results', styles: ['codicons/codicon.css', 'results.css'] });
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)));
    // Hidden webviews are destroyed (retainContextWhenHidden: false); the new one says `ready` again.
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }));
    this._register(
      panel.onDidDispose(() => {
        if (ResultsPanel.open.get(target) === this) ResultsPanel.open.delete(target);
        ResultsPanel.all.delete(this);
        this.dispose();
      }),
    );
  }

  private last(): Shown | null {
    const s = this.state;
    return s.kind === 'result' ? s.shown : s.kind === 'running' || s.kind === 'failed' ? s.last : null;
  }

  private resultMessage(shown: Shown): ResultsHostMessage {
    return { type: 'result', target: this.target, seq: this.seq, result: shown.result, meta: { ...shown.meta, pinned: this.pinned } };
  }

  /** Sends the new state only (the webview already has the last result). */
  private setState(state: PanelState): void {
    this.state = state;
    if (state.kind === 'result') {
      this.seq++;
      this.post(this.resultMessage(state.shown));
    } else if (state.kind === 'running') this.post({ type: 'running', target: this.target });
    else if (state.kind === 'failed') this.post({ type: 'failed', target: this.target, message: state.message });
  }

  /** Everything a freshly loaded webview needs: the last result, then the running/failed state. */
  private postState(): void {
    const s = this.state;
    const last = this.last();
    if (last) this.post(this.resultMessage(last));
    if (s.kind === 'running') this.post({ type: 'running', target: this.target });
    else if (s.kind === 'failed') this.post({ type: 'failed', target: this.target, message: s.message });
  }

  private post(message: ResultsHostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    this.panel.title = this.pinned ? `Results: ${this.target} (pinned)` : `Results: ${this.target}`;
  }

  private setPinned(pinned: boolean): void {
    this.pinned = pinned;
    if (pinned && ResultsPanel.open.get(this.target) === this) ResultsPanel.open.delete(this.target);
    if (!pinned && !ResultsPanel.open.has(this.target)) ResultsPanel.open.set(this.target, this);
    this.updateTitle();
    this.post({ type: 'pinned', pinned });
  }

  private respond(requestId: number, ok: boolean, message?: string): void {
    this.post(message === undefined ? { type: 'response', requestId, ok } : { type: 'response', requestId, ok, message });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseResultsWebviewMessage(raw);
    if (!msg) return; // malformed: ignored (the webview is ours; nothing to tell the user)
    if (msg.type === 'ready') {
      this.ready = true;
      this.postState();
      return;
    }
    try {
      const message = await this.handle(msg);
      this.respond(msg.requestId, true, message);
    } catch (err) {
      this.respond(msg.requestId, false, err instanceof Error ? err.message : String(err));
    }
  }

  /** Carries out a request; returns what to say in the status line, throws what went wrong. */
  private async handle(msg: Exclude<ResultsWebviewMessage, { type: 'ready' }>): Promise<string | undefined> {
    const shown = this.last();
    switch (msg.type) {
      case 'rerun':
        this.handlers.rerun();
        return undefined;
      case 'cancel':
        this.handlers.cancel();
        return undefined;
      case 'fetchAll':
        this.handlers.fetchAll();
        return undefined;
      case 'pin':
        this.setPinned(msg.pinned);
        return msg.pinned ? 'Pinned: the next run opens a new panel.' : 'Unpinned.';
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        return undefined;
      case 'revealError':
        return revealError(shown?.meta.source, shown?.result.error ?? null);
      case 'export': {
        const set = shown?.result.results.filter((r) => r.columns.length > 0)[msg.index];
        if (!shown || !set) throw new Error('That result set is no longer in this panel. Run the query again, then export.');
        return exportResult(set, msg.index, msg.format, this.target, shown.meta.nullToken, shown.meta.restoredRowCap !== undefined);
      }
    }
  }
}
