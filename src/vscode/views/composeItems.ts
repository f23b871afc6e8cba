import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IssueNode, OtherNode, ProjectNode, ServiceNode } from '../../core/view/containersModel';

function summary(n: { running: number; total: number; unhealthy: number }): string {
  return `${n.running}/${n.total} running${n.unhealthy > 0 ? ` · ${n.unhealthy} unhealthy` : ''}`;
}

export class ProjectItem extends vscode.TreeItem {
  constructor(readonly node: ProjectNode) {
    super(node.name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = node.key;
    const errors = node.children.filter((c) => c.kind === 'issue' && c.issue.severity === 'error').length;
    this.description = node.total > 0 ? summary(node) : 'not running';
    this.iconPath = new vscode.ThemeIcon(errors > 0 ? 'warning' : 'layers', errors > 0 ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    this.contextValue = `dockerDb:composeProject:${node.files.length > 0 ? 'file' : 'nofile'}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**Compose project ${node.name}**\n\n`);
    if (node.workingDir) md.appendMarkdown(`Directory: \`${node.workingDir}\`  \n`);
    if (node.files.length > 0) md.appendMarkdown(`Files: ${node.files.map((f) => `\`${path.basename(f)}\``).join(', ')}  \n`);
    else md.appendMarkdown('No compose file for this project in the workspace.  \n');
    md.appendMarkdown(`${summary(node)}`);
    this.tooltip = md;
    this.accessibilityInformation = { label: `Compose project ${node.name}, ${summary(node)}` };
  }
}

export class OtherItem extends vscode.TreeItem {
  constructor(readonly node: OtherNode) {
    super(node.label, vscode.TreeItemCollapsibleState.Expanded);
    this.id = node.key;
    this.description = summary(node);
    this.iconPath = new vscode.ThemeIcon('folder');
    this.contextValue = 'dockerDb:otherContainers';
  }
}

function healthcheckText(node: ServiceNode): string | undefined {
  const hc = node.service?.healthcheck;
  if (!hc || hc.disabled || hc.test.length === 0) return undefined;
  const test = hc.test[0] === 'CMD-SHELL' ? hc.test.slice(1).join(' ') : hc.test[0] === 'CMD' ? hc.test.slice(1).join(' ') : hc.test.join(' ');
  return `${test}${hc.intervalMs ? ` every ${hc.intervalMs / 1000} s` : ''}`;
}

/** A service with no container yet ("not created") or with several containers (scaled). */
export class ServiceItem extends vscode.TreeItem {
  constructor(readonly node: ServiceNode) {
    super(node.name, node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = node.key;
    const image = node.service?.image;
    this.description = [image, node.status].filter(Boolean).join(' · ');
    this.iconPath = new vscode.ThemeIcon(node.status === 'not created' ? 'circle-large-outline' : 'layers', new vscode.ThemeColor('disabledForeground'));
    this.contextValue = `dockerDb:service:${node.status === 'not created' ? 'notcreated' : 'created'}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**Service ${node.name}** — ${node.status}\n\n`);
    if (image) md.appendMarkdown(`Image: \`${image}\`  \n`);
    const hc = healthcheckText(node);
    if (hc) md.appendMarkdown(`Health check: \`${hc}\`  \n`);
    const deps = node.service?.dependsOn ?? [];
    if (deps.length > 0) md.appendMarkdown(`Depends on: ${deps.map((d) => `${d.service} (${d.condition.replace('service_', '')})`).join(', ')}  \n`);
    const ports = (node.service?.ports ?? []).filter((p) => p.hostPort !== undefined);
    if (ports.length > 0) md.appendMarkdown(`Ports: ${ports.map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort}→${p.containerPort}`).join(', ')}  \n`);
    this.tooltip = md;
    this.accessibilityInformation = { label: `Service ${node.name}, ${node.status}` };
    if (node.service) {
      this.command = { command: 'vscode.open', title: 'Open Compose File', arguments: [vscode.Uri.file(node.service.file), { selection: new vscode.Range(node.service.line - 1, 0, node.service.line - 1, 0) }] };
    }
  }
}

/** A problem in a compose or .env file; clicking it opens the file at the line. */
export class IssueItem extends vscode.TreeItem {
  constructor(readonly node: IssueNode) {
    super(node.issue.message, vscode.TreeItemCollapsibleState.None);
    this.id = node.key;
    const { file, line } = node.issue;
    this.description = `${path.basename(file)}${line > 0 ? `:${line}` : ''}`;
    this.iconPath = new vscode.ThemeIcon(node.issue.severity === 'error' ? 'error' : 'warning', new vscode.ThemeColor(node.issue.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'));
    this.tooltip = `${file}${line > 0 ? `:${line}` : ''}\n${node.issue.message}`;
    this.contextValue = 'dockerDb:composeIssue';
    const pos = Math.max(0, line - 1);
    this.command = { command: 'vscode.open', title: 'Open File', arguments: [vscode.Uri.file(file), { selection: new vscode.Range(pos, Math.max(0, (node.issue.column ?? 1) - 1), pos, Math.max(0, (node.issue.column ?? 1) - 1)) }] };
  }
}
