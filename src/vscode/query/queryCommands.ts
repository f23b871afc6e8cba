import * as vscode from 'vscode';
import { QueryService, QueryTargetError, TransportMode } from '../../core/query/service';
import { splitStatements, statementAt } from '../../core/sql/split';
import { redact } from '../../core/util/redact';
import type { DockerDbContext } from '../context';
import { config } from '../config';
import { Disposable } from '../lifecycle';
import { RunCodeLensProvider } from './codeLens';
import { ResultsPanel } from '../results/resultsPanel';
import { offerDiagnoseAfterFallback } from '../diagnostics/fallbackHint';

const TARGETS_KEY = 'dockerDb.queryTargets';

interface RunArgs {
  uri?: vscode.Uri;
  start?: number;
  end?: number;
  via?: TransportMode;
  /** Overrides the dockerDb.query.rowLimit setting (Fetch All Rows). */
  rowLimit?: number;
  /** Exact SQL to run again (Fetch All Rows), instead of reading it from the editor. */
  sqlText?: string;
}

/** "Fetch All Rows" keeps at most this many rows per result set in memory. */
const FETCH_ALL_LIMIT = 1_000_000;

/**
 * Run Query / Run File / CodeLens / psql terminal. Remembers the target container per file and
 * shows it in the status bar while a SQL editor is active.
 */
export class QueryCommands extends Disposable {
  private readonly service: QueryService;
  private readonly lenses: RunCodeLensProvider;
  private readonly targetItem: vscode.StatusBarItem;

  constructor(private readonly ctx: DockerDbContext) {
    super();
    this.service = new QueryService(async () => (await ctx.session.get()).docker);
    this._register({ dispose: () => void this.service.dispose() });
    this._register(ctx.watcher.onDidChangeContainers(() => this.service.invalidate()));
    this.lenses = this._register(new RunCodeLensProvider((uri) => this.targetOf(uri)));
    this._register(vscode.languages.registerCodeLensProvider({ language: 'sql' }, this.lenses));
    this.targetItem = this._register(vscode.window.createStatusBarItem('dockerDb.queryTarget', vscode.StatusBarAlignment.Right, 100));
    this.targetItem.name = 'Docker DB Query Target';
    this.targetItem.command = 'dockerDb.pickQueryTarget';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.updateTargetItem()));
    this._register(vscode.workspace.onDidOpenTextDocument(() => this.updateTargetItem()));
    this.updateTargetItem();
    this._register(vscode.commands.registerCommand('dockerDb.runQuery', (args?: RunArgs) => this.runQuery(args, false)));
    this._register(vscode.commands.registerCommand('dockerDb.runFile', (args?: RunArgs) => this.runQuery(args, true)));
    this._register(vscode.commands.registerCommand('dockerDb.pickQueryTarget', (uri?: vscode.Uri) => this.pickTarget(uri ?? vscode.window.activeTextEditor?.document.uri)));
  }

  private targetOf(uri: vscode.Uri): string | undefined {
    return this.ctx.extensionContext.workspaceState.get<Record<string, string>>(TARGETS_KEY, {})[uri.toString()];
  }

  private async setTarget(uri: vscode.Uri, name: string): Promise<void> {
    const all = { ...this.ctx.extensionContext.workspaceState.get<Record<string, string>>(TARGETS_KEY, {}), [uri.toString()]: name };
    await this.ctx.extensionContext.workspaceState.update(TARGETS_KEY, all);
    this.lenses.refresh();
    this.updateTargetItem();
  }

  private updateTargetItem(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'sql') {
      this.targetItem.hide();
      return;
    }
    const target = this.targetOf(doc.uri);
    this.targetItem.text = `$(database) ${target ?? 'Pick a database container'}`;
    this.targetItem.tooltip = target ? `Docker DB runs this file's queries on ${target}. Click to change.` : 'Pick the container Docker DB runs this file\'s queries on.';
    this.targetItem.show();
  }

  async pickTarget(uri: vscode.Uri | undefined): Promise<string | undefined> {
    this.ctx.ensureStarted();
    await this.ctx.watcher.refresh();
    const items = this.ctx.watcher.containers
      .filter((c) => c.engine === 'postgres' && c.state === 'running')
      .map((c) => ({ label: c.name, description: [c.composeProject ? `${c.composeProject}/${c.composeService}` : '', c.health !== 'none' ? c.health : ''].filter(Boolean).join(' · ') }));
    if (items.length === 0) {
      void vscode.window.showWarningMessage('Docker DB: no running PostgreSQL container to run queries on. Start one (Compose Up), then try again.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Run queries of this file on…' });
    if (picked && uri) await this.setTarget(uri, picked.label);
    return picked?.label;
  }

  private sqlToRun(editor: vscode.TextEditor, args: RunArgs | undefined, wholeFile: boolean): string | undefined {
    const doc = editor.document;
    if (args?.sqlText !== undefined) return args.sqlText;
    // A CodeLens passes where its statement started; split again so an edit since the lens was drawn cannot shift the text.
    if (args?.start !== undefined) return statementAt(splitStatements(doc.getText()), args.start)?.text;
    if (wholeFile) return doc.getText();
    if (!editor.selection.isEmpty) return doc.getText(editor.selection);
    const st = statementAt(splitStatements(doc.getText()), doc.offsetAt(editor.selection.active));
    return st?.text;
  }

  private async runQuery(args: RunArgs | undefined, wholeFile: boolean): Promise<void> {
    const editor = args?.uri ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === args.uri?.toString()) ?? vscode.window.activeTextEditor : vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Docker DB: open a SQL file to run a query.');
      return;
    }
    const sql = this.sqlToRun(editor, args, wholeFile);
    if (!sql || sql.trim() === '') {
      void vscode.window.showInformationMessage('Docker DB: nothing to run here. Put the cursor in a statement or select some SQL.');
      return;
    }
    const target = this.targetOf(editor.document.uri) ?? (await this.pickTarget(editor.document.uri));
    if (!target) return;
    const via = args?.via ?? config.queryTransport();
    let failure: string | undefined;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running on ${target}…`, cancellable: true }, async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      const handlers = { rerun: () => void this.runQuery({ ...args, uri: editor.document.uri, sqlText: sql }, wholeFile), cancel: () => controller.abort() };
      ResultsPanel.running(target, { extensionUri: this.ctx.extensionContext.extensionUri, handlers });
      try {
        const rowLimit = args?.rowLimit ?? config.rowLimit();
        // The watcher already knows the container: no extra list call per query.
        const known = this.ctx.watcher.containers.find((c) => c.name === target);
        const result = await this.service.run(known ?? target, sql, { via, signal: controller.signal, rowLimit, statementTimeoutMs: config.statementTimeoutMs() });
        this.ctx.log.info(`Query on ${target} via ${result.transport} (${result.transportReason}): ${result.results.length} results in ${result.ms} ms${result.error ? `, error ${result.error.code}` : ''}`);
        ResultsPanel.show(this.ctx.extensionContext.extensionUri, target, result, handlers);
        offerDiagnoseAfterFallback(known, result, via);
        const truncated = result.results.filter((r) => r.truncated);
        if (truncated.length > 0 && rowLimit < FETCH_ALL_LIMIT) {
          const most = Math.max(...truncated.map((r) => r.rowCount ?? 0));
          void vscode.window
            .showInformationMessage(`Docker DB: showing the first ${rowLimit.toLocaleString()} of ${most.toLocaleString()} rows.`, 'Fetch All Rows')
            .then((choice) => {
              if (choice) void this.runQuery({ ...args, uri: editor.document.uri, rowLimit: FETCH_ALL_LIMIT, sqlText: sql }, wholeFile);
            });
        }
      } catch (err) {
        failure = err instanceof QueryTargetError ? err.message : `Running the query on ${target} failed: ${redact((err as Error).message)}`;
        this.ctx.log.error(`Query on ${target} failed`, err);
        ResultsPanel.failed(target, failure);
      } finally {
        sub.dispose();
      }
    });
    // Shown after the progress closed: an error waiting for the user must not keep "Running…" open.
    if (failure) {
      const choice = await vscode.window.showErrorMessage(`Docker DB: ${failure}`, 'Diagnose', 'Pick Another Container', 'Show Log');
      if (choice === 'Diagnose') void vscode.commands.executeCommand('dockerDb.diagnoseConnection', target);
      if (choice === 'Pick Another Container' && (await this.pickTarget(editor.document.uri))) await this.runQuery(args, wholeFile);
      if (choice === 'Show Log') this.ctx.log.show();
    }
  }
}
