import * as vscode from 'vscode';
import { QueryService } from '../../core/query/service';
import type { DockerDbContext } from '../context';
import { resolveContainer } from '../commands/containerCommands';
import { MigrationsDiagnostics } from './migrationsDiagnostics';
import { MigrationsPanel } from './migrationsPanel';
import { MigrationsService } from './migrationsService';
import { MigrationLineItem, MigrationsItem, migrationsChildren, SHOW_MIGRATIONS_COMMAND } from './migrationsTree';
import { coreStatusSource } from './statusSource';

/**
 * Migration status in the editor: the Migrations node under running PostgreSQL containers, the
 * Migrations panel (dockerDb.showMigrations) and the idempotency diagnostics. Nothing runs until
 * a Migrations node is expanded or the command is run.
 */
export function registerMigrations(ctx: DockerDbContext): vscode.Disposable[] {
  const queries = new QueryService(async () => (await ctx.session.get()).docker);
  const service = new MigrationsService(coreStatusSource(queries), ctx.watcher, ctx.log);
  const diagnostics = new MigrationsDiagnostics();
  return [
    { dispose: () => void queries.dispose() },
    ctx.watcher.onDidChangeContainers(() => queries.invalidate()),
    service,
    diagnostics,
    service.onDidReport((e) => diagnostics.update(e.containerId, e.report)),
    // Warnings in the editor must follow edits even when no Migrations node or panel is open.
    service.onDidChange((id) => {
      const container = diagnostics.has(id) ? ctx.watcher.containers.find((c) => c.id === id && c.state === 'running') : undefined;
      if (container) void service.status(container);
    }),
    ctx.tree.contribute(migrationsChildren(service)),
    { dispose: () => MigrationsPanel.disposeAll() },
    vscode.commands.registerCommand(SHOW_MIGRATIONS_COMMAND, async (arg: unknown) => {
      ctx.ensureStarted();
      const target = arg instanceof MigrationsItem || arg instanceof MigrationLineItem ? arg.container.id : arg;
      const container = await resolveContainer(ctx, target, 'PostgreSQL container whose migrations to show', (c) => c.engine === 'postgres' && c.state === 'running');
      if (!container) return;
      if (container.engine !== 'postgres' || container.state !== 'running') {
        void vscode.window.showInformationMessage(`Docker DB: ${container.name} is not a running PostgreSQL container; migration status is read from running PostgreSQL containers. Start it, then try again.`);
        return;
      }
      MigrationsPanel.show(ctx.extensionContext.extensionUri, service, ctx.log, container);
    }),
  ];
}
