import * as vscode from 'vscode';
import { splitStatements } from '../../core/sql/split';

/** "▶ Run on <container>" above each statement of a SQL file. */
export class RunCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly targetOf: (uri: vscode.Uri) => string | undefined) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.getText().length > 2_000_000) return []; // a dump file: no lenses
    const target = this.targetOf(document.uri);
    return splitStatements(document.getText()).flatMap((s) => {
      const range = new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
      const lenses = [
        new vscode.CodeLens(range, {
          title: target ? `$(play) Run on ${target}` : '$(play) Run on…',
          command: 'dockerDb.runQuery',
          arguments: [{ uri: document.uri, start: s.start, end: s.end }],
          tooltip: 'Run this statement (Ctrl/Cmd+Enter)',
        }),
      ];
      if (target) lenses.push(new vscode.CodeLens(range, { title: 'Change target', command: 'dockerDb.pickQueryTarget', arguments: [document.uri] }));
      return lenses;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
