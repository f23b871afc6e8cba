/**
 * The diagnosis report as bug-report-ready Markdown ("Copy as Markdown" in the Diagnose Connection
 * panel): verdict, root cause, transport, fix steps, a table of checks and the environment.
 * Pure: the caller passes the environment and runs the result through redaction before it leaves
 * the extension (reports hold no passwords, but a log line quoted in a detail might).
 */
import type { CheckResult, CheckStatus, DiagnosisReport, SourceLocation } from './diagnostics';
import { describeRootCause, describeTransport } from './diagnosisText';

export interface MarkdownEnvironment {
  extensionVersion: string;
  /** "20.10.24 (API 1.41)"; omitted when the engine did not answer. */
  engineVersion?: string;
  /** "VS Code 1.100.3", "code-server 4.100.3"… */
  editor?: string;
  /** "linux x64". */
  platform?: string;
  /** Workspace folders: file paths under them are shown relative, so a report does not carry the home folder. */
  workspaceFolders?: readonly string[];
}

const STATUS_MARK: Record<CheckStatus, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', skip: '➖ skip' };

/** A table cell: one line, pipes escaped, long text cut. */
export function markdownCell(text: string, max = 400): string {
  const one = text.replace(/\r?\n+/g, ' ').replace(/\s+/g, ' ').trim();
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return cut.replace(/\\/g, '\\\\').replace(/\|/g, '\\|') || ' ';
}

/** `src/.env:3` for a location under a workspace folder, else the absolute path. */
export function formatLocation(location: SourceLocation, workspaceFolders: readonly string[] = []): string {
  const folder = workspaceFolders.find((f) => location.file.startsWith(f.endsWith('/') ? f : `${f}/`));
  const file = folder ? location.file.slice(folder.length).replace(/^[/\\]+/, '') : location.file;
  return `${file}:${location.line}${location.column ? `:${location.column}` : ''}`;
}

function checkRow(c: CheckResult, env: MarkdownEnvironment): string {
  const detail = c.location ? `${c.detail} (${formatLocation(c.location, env.workspaceFolders)})` : c.detail;
  return `| ${STATUS_MARK[c.status]} | ${markdownCell(c.title)} | ${c.layer} | ${c.ms} | ${markdownCell(detail)} | ${markdownCell(c.fix ?? '')} |`;
}

export function formatDiagnosisMarkdown(report: DiagnosisReport, env: MarkdownEnvironment): string {
  const lines = [
    `## Docker DB diagnosis: ${report.container} — ${report.verdict.toUpperCase()}`,
    '',
    `- **Verdict:** ${report.verdict}`,
    `- **Root cause:** \`${report.rootCause}\` (${describeRootCause(report.rootCause)})`,
    `- **Working transport:** ${describeTransport(report.transport)}`,
    `- **Diagnosis time:** ${report.ms} ms, started ${report.startedAt}`,
    '',
    report.summary,
    '',
  ];
  if (report.fixSteps.length > 0) {
    lines.push('### Fix steps', '', ...report.fixSteps.map((s, i) => `${i + 1}. ${s.replace(/\r?\n+/g, ' ')}`), '');
  }
  lines.push('### Checks', '', '| Status | Check | Layer | ms | Detail | Fix |', '|---|---|---|---:|---|---|', ...report.checks.map((c) => checkRow(c, env)), '');
  lines.push('### Environment', '', `- Docker DB ${env.extensionVersion}`, `- Docker engine ${env.engineVersion ?? 'not reachable'}`);
  if (env.editor) lines.push(`- ${env.editor}`);
  if (env.platform) lines.push(`- OS ${env.platform}`);
  return `${lines.join('\n')}\n`;
}
