import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import type { DiagnosisReport } from '../../shared/diagnostics';
import { formatDiagnosisMarkdown } from '../../shared/diagnosticsMarkdown';
import { diagnoseContainer, DiagnoseOptions } from '../../core/diagnostics/runner';
import { readContainerCredentials } from '../../core/engines/containerCredentials';
import { redact } from '../../core/util/redact';
import { resolveContainer } from '../commands/containerCommands';
import { config } from '../config';
import type { DockerDbContext } from '../context';
import { DiagnosticsPanel } from './diagnosticsPanel';

export const DIAGNOSE_COMMAND = 'dockerDb.diagnoseConnection';

function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/**
 * Diagnose Connection: runs every check on a database container and shows the report in its
 * panel; the verdict goes to the tree. Runs on the same container overlap safely: only the
 * newest run's report is shown.
 */
class Diagnoser {
  private readonly runs = new Map<string, number>();

  constructor(private readonly ctx: DockerDbContext) {}

  async pickAndRun(arg: unknown): Promise<void> {
    this.ctx.ensureStarted();
    const c = await resolveContainer(this.ctx, arg, 'Database container to diagnose', (x) => x.engine !== null);
    if (c) await this.run(c);
  }

  async run(c: ContainerSummary): Promise<void> {
    const run = (this.runs.get(c.id) ?? 0) + 1;
    this.runs.set(c.id, run);
    DiagnosticsPanel.running(this.ctx.extensionContext.extensionUri, c.id, c.name, { rerun: () => void this.run(c), markdown: (r) => this.markdown(c, r) });
    try {
      const report = await diagnoseContainer(c.name, await this.options());
      if (this.runs.get(c.id) !== run) return;
      this.ctx.log.info(`Diagnosis of ${c.name}: ${report.verdict}, root cause ${report.rootCause}, transport ${report.transport}, ${report.ms} ms.`);
      this.ctx.verdicts.set(c, report);
      DiagnosticsPanel.show(c.id, report);
    } catch (err) {
      if (this.runs.get(c.id) !== run) return;
      this.ctx.log.error(`Diagnosis of ${c.name} failed`, err);
      DiagnosticsPanel.failed(
        c.id,
        `The diagnosis of ${c.name} stopped with an unexpected error: ${redact((err as Error)?.message ?? String(err))}. This is probably a bug in Docker DB, not in your setup. Press Re-run; if it happens again, the Docker DB log (Show Log) has the details for a bug report.`,
      );
    }
  }

  private async options(): Promise<DiagnoseOptions> {
    const options: DiagnoseOptions = { workspaceFolders: workspaceFolders() };
    try {
      options.connected = await this.ctx.session.get();
    } catch {
      // The engine check reports what was tried and why it failed.
      options.connect = { setting: config.dockerHost(), timeoutMs: config.dockerTimeoutMs() };
    }
    return options;
  }

  /** Bug-report Markdown, with the container's password (and any URL or KEY=value secret) masked. */
  private async markdown(c: ContainerSummary, report: DiagnosisReport): Promise<string> {
    const secrets: string[] = [];
    let engineVersion: string | undefined;
    try {
      const connected = await this.ctx.session.get();
      engineVersion = `${connected.engineVersion} (API ${connected.apiVersion})`;
      const creds = c.engine ? await readContainerCredentials(connected.docker, c.id, c.engine) : null;
      if (creds?.password) secrets.push(creds.password);
    } catch {
      // No engine: the Markdown says so; the URL/KEY=value redaction still applies.
    }
    const ext = this.ctx.extensionContext.extension;
    const md = formatDiagnosisMarkdown(report, {
      extensionVersion: String((ext.packageJSON as { version?: unknown }).version ?? '?'),
      engineVersion,
      editor: `${vscode.env.appName} ${vscode.version}`,
      platform: `${process.platform} ${process.arch}`,
      workspaceFolders: workspaceFolders(),
    });
    return redact(md, secrets);
  }
}

export function registerDiagnoseCommand(ctx: DockerDbContext): vscode.Disposable[] {
  const diagnoser = new Diagnoser(ctx);
  return [
    vscode.commands.registerCommand(DIAGNOSE_COMMAND, (arg: unknown) => diagnoser.pickAndRun(arg)),
  ];
}
