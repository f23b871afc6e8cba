import * as vscode from 'vscode';
import type { DockerDbContext } from '../context';
import { DetailsPanel } from '../webview/detailsPanel';
import { registerMigrations } from '../migrations/registerMigrations';
import { registerDiagnoseCommand } from '../diagnostics/diagnoseCommand';
import { registerComposeCommands } from './composeCommands';
import { registerContainerCommands, resolveContainer } from './containerCommands';

export function registerCommands(ctx: DockerDbContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dockerDb.refresh', async () => {
      ctx.ensureStarted();
      await ctx.watcher.refresh().catch(() => undefined);
      ctx.tree.refresh();
    }),
    vscode.commands.registerCommand('dockerDb.showLog', () => ctx.log.show()),
    vscode.commands.registerCommand('dockerDb.toggleShowAll', async () => {
      const cfg = vscode.workspace.getConfiguration('dockerDb');
      await cfg.update('containers.showAll', !cfg.get<boolean>('containers.showAll', false), vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('dockerDb.showContainerDetails', async (arg: unknown) => {
      ctx.ensureStarted();
      const container = await resolveContainer(ctx, arg, 'Container to show');
      if (container) DetailsPanel.show(ctx.extensionContext.extensionUri, ctx.session, ctx.log, container);
    }),
    vscode.commands.registerCommand('dockerDb.copyContainerId', async (arg: unknown) => {
      const container = await resolveContainer(ctx, arg, 'Container whose ID to copy');
      if (container) await vscode.env.clipboard.writeText(container.id);
    }),
    ...registerContainerCommands(ctx),
    ...registerComposeCommands(ctx),
    ...registerMigrations(ctx),
    ...registerDiagnoseCommand(ctx),
  ];
}
