import * as vscode from 'vscode';
import type { DockerDbContext } from '../context';
import { ContainerItem } from '../views/containerItem';
import { DetailsPanel } from '../webview/detailsPanel';

function pickContainer(arg: unknown): ContainerItem['container'] | undefined {
  if (arg instanceof ContainerItem) return arg.container;
  return undefined;
}

export function registerCommands(ctx: DockerDbContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dockerDb.refresh', () => {
      ctx.session.reset();
      ctx.tree.refresh();
    }),
    vscode.commands.registerCommand('dockerDb.showLog', () => ctx.log.show()),
    vscode.commands.registerCommand('dockerDb.toggleShowAll', async () => {
      const cfg = vscode.workspace.getConfiguration('dockerDb');
      await cfg.update('containers.showAll', !cfg.get<boolean>('containers.showAll', false), vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('dockerDb.showContainerDetails', async (arg: unknown) => {
      let container = pickContainer(arg);
      if (!container) {
        const items = ctx.tree.current.map((c) => ({ label: c.name, description: `${c.engine ?? ''} ${c.state}`.trim(), container: c }));
        if (items.length === 0) {
          void vscode.window.showInformationMessage('Docker DB: no containers to show. Open the Docker DB view or refresh it first.');
          return;
        }
        container = (await vscode.window.showQuickPick(items, { placeHolder: 'Container to show' }))?.container;
      }
      if (container) DetailsPanel.show(ctx.extensionContext.extensionUri, ctx.session, ctx.log, container);
    }),
    vscode.commands.registerCommand('dockerDb.copyContainerId', async (arg: unknown) => {
      const container = pickContainer(arg);
      if (container) await vscode.env.clipboard.writeText(container.id);
    }),
  ];
}
