import * as vscode from 'vscode';
import type { IdempotencyFinding, MigrationReport } from '../../shared/migrations';
import { Disposable } from '../lifecycle';

const DIAGNOSTICS_NAME = 'Docker DB migrations';

/**
 * Idempotency findings of pending migrations as editor diagnostics (Warning, the rule id as code),
 * merged over every container whose status was read: one finding per file, line, column and rule.
 */
export class MigrationsDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTICS_NAME));
  private readonly findings = new Map<string, IdempotencyFinding[]>();

  /** Whether the editor shows findings of this container's last report. */
  has(containerId: string): boolean {
    return (this.findings.get(containerId)?.length ?? 0) > 0;
  }

  update(containerId: string, report: MigrationReport | undefined): void {
    if (report) this.findings.set(containerId, report.tools.flatMap((t) => t.idempotency));
    else this.findings.delete(containerId);
    this.render();
  }

  private render(): void {
    const byFile = new Map<string, Map<string, vscode.Diagnostic>>();
    for (const list of this.findings.values()) {
      for (const f of list) {
        const key = `${f.line}:${f.column}:${f.rule}`;
        const forFile = byFile.get(f.file) ?? new Map<string, vscode.Diagnostic>();
        byFile.set(f.file, forFile);
        if (forFile.has(key)) continue;
        const line = Math.max(0, f.line - 1);
        const column = Math.max(0, f.column - 1);
        const d = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), f.message, vscode.DiagnosticSeverity.Warning);
        d.code = f.rule;
        d.source = 'Docker DB';
        forFile.set(key, d);
      }
    }
    this.collection.clear();
    for (const [file, diags] of byFile) this.collection.set(vscode.Uri.file(file), [...diags.values()]);
  }
}
