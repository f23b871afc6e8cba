import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import { reportSummary, treeLines, type Severity } from '../../shared/migrationsView';
import type { ContainerChildren } from '../views/containersTree';
import type { MigrationsService } from './migrationsService';

export const SHOW_MIGRATIONS_COMMAND = 'dockerDb.showMigrations';

const COLORS: Record<Severity, string | undefined> = { ok: 'testing.iconPassed', warning: 'problemsWarningIcon.foreground', error: 'problemsErrorIcon.foreground' };
const ICONS: Record<Severity, string> = { ok: 'pass', warning: 'warning', error: 'error' };

function severityIcon(severity: Severity): vscode.ThemeIcon {
  const color = COLORS[severity];
  return new vscode.ThemeIcon(ICONS[severity], color ? new vscode.ThemeColor(color) : undefined);
}

function showCommand(container: ContainerSummary): vscode.Command {
  return { command: SHOW_MIGRATIONS_COMMAND, title: 'Show Migrations', arguments: [container.id] };
}

/** "Migrations" under a PostgreSQL container; expanding it reads the status (no I/O before). */
export class MigrationsItem extends vscode.TreeItem {
  constructor(readonly container: ContainerSummary, service: MigrationsService) {
    super('Migrations', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `migrations:${container.id}`;
    this.contextValue = 'dockerDb:migrations';
    const entry = service.peek(container.id);
    if (entry?.kind === 'report') {
      const s = reportSummary(entry.report);
      this.description = s.description;
      this.iconPath = new vscode.ThemeIcon('history', s.severity === 'ok' ? undefined : new vscode.ThemeColor(COLORS[s.severity] ?? ''));
    } else {
      this.description = entry?.kind === 'error' ? 'could not be read' : undefined;
      this.iconPath = new vscode.ThemeIcon('history');
    }
    this.tooltip = `Migration status of ${container.name}: expand to read it, or open the Migrations panel.`;
    this.accessibilityInformation = { label: `Migrations of ${container.name}${this.description ? `, ${String(this.description)}` : ''}` };
  }
}

/** One line under Migrations: a tool ("Flyway: 42 applied, 2 pending"), a missing table, or a failure. */
export class MigrationLineItem extends vscode.TreeItem {
  constructor(readonly container: ContainerSummary, key: string, label: string, severity: Severity, tooltip: string, icon?: vscode.ThemeIcon) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `migrations:${container.id}:${key}`;
    this.iconPath = icon ?? severityIcon(severity);
    this.tooltip = tooltip;
    this.contextValue = 'dockerDb:migrationLine';
    this.command = showCommand(container);
    this.accessibilityInformation = { label: severity === 'ok' ? label : `${label}, ${severity}` };
  }
}

/**
 * The Containers view's part: a Migrations node under each PostgreSQL container. It stays while the
 * container restarts (so an expanded node stays expanded) and is read only while it runs.
 */
export function migrationsChildren(service: MigrationsService): ContainerChildren {
  return {
    containerChildren: (c) => (c.engine === 'postgres' ? [new MigrationsItem(c, service)] : []),
    childrenOf: (item) => {
      if (!(item instanceof MigrationsItem)) return undefined;
      const c = item.container;
      if (c.state !== 'running') {
        const text = `${c.name} is ${c.state}: start it to read its migration status.`;
        return Promise.resolve([new MigrationLineItem(c, 'stopped', `Not running: start ${c.name} to read its migrations`, 'ok', text, new vscode.ThemeIcon('debug-pause'))]);
      }
      return service.status(c).then((entry) => {
        if (entry.kind === 'error') return [new MigrationLineItem(c, 'error', entry.message, 'error', entry.message)];
        if (entry.kind === 'loading') return [];
        return treeLines(entry.report).map((l) => new MigrationLineItem(c, l.key, l.label, l.severity, l.tooltip));
      });
    },
    onDidChange: (listener) => {
      const subs = [service.onDidChange(listener), service.onDidReport(listener)];
      return { dispose: () => subs.forEach((d) => d.dispose()) };
    },
  };
}
