import * as vscode from 'vscode';
import { QueryService, QueryTargetError, TransportMode } from '../../core/query/service';
import { splitStatements, statementAt } from '../../core/sql/split';
import { redact } from '../../core/util/redact';
import type { DockerDbContext } from '../context';
import { config } from '../config';
import { Disposable } from '../lifecycle';
import { RunCodeLensProvider } from './codeLens';
import { ResultsPanel, type ResultsHandlers } from '../results/resultsPanel';
import type { RunSource } from '../../shared/resultsProtocol';
import { offerDiagnoseAfterFallback } from '../diagnostics/fallbackHint';

const TARGETS_KEY = 'dockerDb.queryTargets';

interface RunArgs {
  uri?: vscode.Uri;
  start?: number;
  end?: number;
  via?: TransportMode;
  /** Overrides the dockerDb.query.rowLimit setting (Fetch All Rows). */
  rowLimit?: number;
  /** Exact SQL to run again (Re-run, Fetch All Rows), instead of reading it from the editor. */
  sqlText?: string;
  /** Offset of `sqlText` in the document (to point at an error's position). */
  sqlOffset?: number;
}

interface SqlToRun {
  text: string;
  /** Offset of `text` in the document. */
  offset: number;
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
    this._register(ResultsPanel.registerSerializer(ctx.extensionContext.extensionUri, (_target, source) => this.handlersFor(source)));
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

  private sqlToRun(editor: vscode.TextEditor | undefined, doc: vscode.TextDocument, args: RunArgs | undefined, wholeFile: boolean): SqlToRun | undefined {
    if (args?.sqlText !== undefined) return { text: args.sqlText, offset: args.sqlOffset ?? 0 };
    // A CodeLens passes where its statement started; split again so an edit since the lens was drawn cannot shift the text.
    const at = (offset: number) => {
      const st = statementAt(splitStatements(doc.getText()), offset);
      return st ? { text: st.text, offset: st.start } : undefined;
    };
    if (args?.start !== undefined) return at(args.start);
    if (wholeFile || !editor) return { text: doc.getText(), offset: 0 };
    if (!editor.selection.isEmpty) return { text: doc.getText(editor.selection), offset: doc.offsetAt(editor.selection.start) };
    return at(doc.offsetAt(editor.selection.active));
  }

  /** Re-run, Cancel and Fetch All Rows of a panel restored after a window reload (nothing runs until the user asks). */
  private handlersFor(source: RunSource | undefined): ResultsHandlers {
    const again = (rowLimit?: number) => {
      if (!source) {
        void vscode.window.showInformationMessage('Docker DB: this panel does not know which SQL it showed. Run the query again from its editor.');
        return;
      }
      void this.runQuery({ uri: vscode.Uri.parse(source.uri), sqlText: source.sql, sqlOffset: source.offset, rowLimit }, source.wholeFile);
    };
    return { rerun: () => again(), cancel: () => undefined, fetchAll: () => again(FETCH_ALL_LIMIT) };
  }

  /** The document to run: the one `args.uri` names (opened when it is not), else the active editor's. */
  private async documentToRun(args: RunArgs | undefined): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor | undefined } | undefined> {
    if (!args?.uri) {
      const editor = vscode.window.activeTextEditor;
      return editor ? { doc: editor.document, editor } : undefined;
    }
    const uri = args.uri.toString();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    if (editor) return { doc: editor.document, editor };
    try {
      return { doc: await vscode.workspace.openTextDocument(args.uri), editor: undefined };
    } catch {
      return undefined;
    }
  }

  private async runQuery(args: RunArgs | undefined, wholeFile: boolean): Promise<void> {
    const found = await this.documentToRun(args);
    if (!found) {
      void vscode.window.showInformationMessage(args?.uri ? `Docker DB: could not open ${args.uri.toString(true)} to run its query. It may have been moved or deleted.` : 'Docker DB: open a SQL file to run a query.');
      return;
    }
    const { doc, editor } = found;
    const toRun = this.sqlToRun(editor, doc, args, wholeFile);
    const sql = toRun?.text;
    if (!toRun || !sql || sql.trim() === '') {
      void vscode.window.showInformationMessage('Docker DB: nothing to run here. Put the cursor in a statement or select some SQL.');
      return;
    }
    const target = this.targetOf(doc.uri) ?? (await this.pickTarget(doc.uri));
    if (!target) return;
    const via = args?.via ?? config.queryTransport();
    let failure: string | undefined;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running on ${target}…`, cancellable: true }, async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      const again = (rowLimit?: number) => void this.runQuery({ ...args, uri: doc.uri, sqlText: sql, sqlOffset: toRun.offset, rowLimit }, wholeFile);
      const handlers: ResultsHandlers = { rerun: () => again(args?.rowLimit), cancel: () => controller.abort(), fetchAll: () => again(FETCH_ALL_LIMIT) };
      ResultsPanel.running(target, { extensionUri: this.ctx.extensionContext.extensionUri, handlers });
      try {
        const rowLimit = args?.rowLimit ?? config.rowLimit();
        // The watcher already knows the container: no extra list call per query.
        const known = this.ctx.watcher.containers.find((c) => c.name === target);
        const result = await this.service.run(known ?? target, sql, { via, signal: controller.signal, rowLimit, statementTimeoutMs: config.statementTimeoutMs() });
        this.ctx.log.info(`Query on ${target} via ${result.transport} (${result.transportReason}): ${result.results.length} results in ${result.ms} ms${result.error ? `, error ${result.error.code}` : ''}`);
        const truncated = result.results.filter((r) => r.truncated);
        const source: RunSource = { uri: doc.uri.toString(), sql, offset: toRun.offset, wholeFile };
        ResultsPanel.show(this.ctx.extensionContext.extensionUri, target, result, { source, canFetchAll: truncated.length > 0 && rowLimit < FETCH_ALL_LIMIT }, handlers);
        offerDiagnoseAfterFallback(known, result, via);
        if (truncated.length > 0 && rowLimit < FETCH_ALL_LIMIT) {
          const most = Math.max(...truncated.map((r) => r.rowCount ?? 0));
          void vscode.window
            .showInformationMessage(`Docker DB: showing the first ${rowLimit.toLocaleString()} of ${most.toLocaleString()} rows.`, 'Fetch All Rows')
            .then((choice) => {
              if (choice) handlers.fetchAll();
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
      if (choice === 'Pick Another Container' && (await this.pickTarget(doc.uri))) await this.runQuery(args, wholeFile);
      if (choice === 'Show Log') this.ctx.log.show();
    }
  }
}
