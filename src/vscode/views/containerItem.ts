import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import { formatHealth, formatPorts, formatState } from '../../core/docker/format';
import { formatEndpoint, toHostEndpoint } from '../../core/docker/endpoints';
import type { ComposeService } from '../../core/compose/model';
import type { DiagnosisReport } from '../../shared/diagnostics';
import { verdictBadge, verdictLine } from '../../shared/diagnosisText';

/** Structured context value, matched by regex `when` clauses: dockerDb:container:<engine>:<state>:<health>:<compose|plain>. */
export function containerContextValue(c: ContainerSummary): string {
  return `dockerDb:container:${c.engine ?? 'other'}:${c.state}:${c.health}:${c.composeProject && c.composeService ? 'compose' : 'plain'}`;
}

export function containerIcon(c: ContainerSummary): vscode.ThemeIcon {
  switch (c.state) {
    case 'running':
      switch (c.health) {
        case 'healthy':
          return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
        case 'unhealthy':
          return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
        case 'starting':
          return new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('charts.yellow'));
        case 'none':
          return new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('charts.green'));
      }
      break;
    case 'restarting':
      return new vscode.ThemeIcon('debug-restart', new vscode.ThemeColor('charts.orange'));
    case 'paused':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow'));
    case 'exited':
    case 'dead':
      return c.exitCode !== null && c.exitCode !== 0
        ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconFailed'))
        : new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
    case 'created':
    case 'removing':
      return new vscode.ThemeIcon('circle-outline');
  }
  return new vscode.ThemeIcon('circle-outline');
}

/** A running container whose last diagnosis was not ok: a warning (degraded: exec only) or error icon instead of the health icon. */
export function verdictIcon(verdict: DiagnosisReport): vscode.ThemeIcon | undefined {
  if (verdict.verdict === 'degraded') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
  if (verdict.verdict === 'down') return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  return undefined;
}

/** "postgres · 127.0.0.1:54321 · healthy" */
export function containerDescription(c: ContainerSummary): string {
  const parts: string[] = [];
  if (c.engine) parts.push(c.engine);
  const port = c.ports[0];
  if (port) parts.push(formatEndpoint(toHostEndpoint(port)));
  if (c.state === 'running') {
    parts.push(c.health === 'none' ? 'running' : c.health);
  } else {
    parts.push(formatState(c));
  }
  return parts.join(' · ');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function containerTooltip(c: ContainerSummary): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown(`**${escapeMarkdown(c.name)}**\n\n`);
  const rows: Array<[string, string]> = [
    ['Image', c.image],
    ['Engine', c.engine ?? 'not a recognised database'],
    ['State', formatState(c)],
    ['Health', c.health === 'none' ? 'no health check' : c.health],
    ['Status', c.status],
    ['Ports', formatPorts(c.ports) || 'none published'],
  ];
  if (c.composeProject) rows.push(['Compose', `${c.composeProject} / ${c.composeService ?? '?'}`]);
  rows.push(['ID', c.id.slice(0, 12)]);
  for (const [k, v] of rows) {
    md.appendMarkdown(`${k}: ${escapeMarkdown(v)}  \n`);
  }
  return md;
}

export class ContainerItem extends vscode.TreeItem {
  readonly kind = 'container' as const;
  /** `verdict`: the last Diagnose Connection report, shown after the description and in the tooltip. */
  constructor(readonly container: ContainerSummary, readonly service: ComposeService | null = null, verdict?: DiagnosisReport) {
    super(container.name, vscode.TreeItemCollapsibleState.None);
    this.id = `container:${container.id}`;
    this.description = containerDescription(container) + (verdict ? ` · ${verdictBadge(verdict)}` : '');
    this.iconPath = verdict && container.state === 'running' ? verdictIcon(verdict) ?? containerIcon(container) : containerIcon(container);
    this.contextValue = containerContextValue(container);
    this.tooltip = containerTooltip(container);
    if (verdict) this.tooltip.appendMarkdown(`\nDiagnosis: ${escapeMarkdown(verdictLine(verdict))}  \n`);
    this.accessibilityInformation = {
      label: `${container.name}, ${container.engine ?? 'container'}, ${formatState(container)}, ${container.health === 'none' ? 'no health check' : formatHealth(container)}${verdict ? `, diagnosis ${verdictBadge(verdict)}` : ''}`,
    };
  }
}
