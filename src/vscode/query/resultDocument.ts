import * as vscode from 'vscode';

export const RESULT_SCHEME = 'dockerdb-results';

/**
 * Read-only documents holding query results as text (until the results panel exists): one per
 * target, re-used by re-runs so tabs don't pile up.
 */
export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This result is no longer available. Run the query again.';
  }

  async show(target: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${target.replace(/[^\w.-]/g, '_')}.results.txt` });
    // Keep memory bounded: only the latest text per target.
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
