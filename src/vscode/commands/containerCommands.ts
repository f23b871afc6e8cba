import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import { readContainerCredentials } from '../../core/engines/containerCredentials';
import { connectionUrl } from '../../core/engines/connectionString';
import { formatEndpoint, hostEndpoints } from '../../core/docker/endpoints';
import { probePostgres } from '../../core/transport/probe';
import type { DockerDbContext } from '../context';
import { ContainerItem } from '../views/containerItem';
import { openLogsTerminal } from '../terminal/logsTerminal';

/** The container a command was invoked on: a tree item, an id (from a command link), or a pick. */
export async function resolveContainer(ctx: DockerDbContext, arg: unknown, placeHolder: string, filter: (c: ContainerSummary) => boolean = () => true): Promise<ContainerSummary | undefined> {
  if (arg instanceof ContainerItem) return arg.container;
  if (typeof arg === 'string') {
    const found = ctx.watcher.containers.find((c) => c.id === arg || c.name === arg);
    if (found) return found;
    void vscode.window.showWarningMessage(`Docker DB: container ${arg} is not on the engine any more. Refresh the Containers view.`);
    return undefined;
  }
  await ctx.watcher.refresh().catch(() => undefined);
  const items = ctx.watcher.containers.filter(filter).map((c) => ({ label: c.name, description: [c.engine, c.state, c.health !== 'none' ? c.health : ''].filter(Boolean).join(' · '), container: c }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Docker DB: no matching containers on the Docker engine.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.container;
}

type Action = 'start' | 'stop' | 'restart';

async function lifecycle(ctx: DockerDbContext, arg: unknown, action: Action): Promise<void> {
  const filter = (c: ContainerSummary): boolean => (action === 'start' ? c.state !== 'running' : c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  const c = await resolveContainer(ctx, arg, `Container to ${action}`, filter);
  if (!c) return;
  const verb = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' }[action];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${verb} ${c.name}…` }, async () => {
    try {
      const { docker } = await ctx.session.get();
      const container = docker.getContainer(c.id);
      if (action === 'start') await container.start();
      else if (action === 'stop') await container.stop({ t: 10 });
      else await container.restart({ t: 10 });
      ctx.log.info(`${action} ${c.name}: done`);
    } catch (err) {
      const e = err as { statusCode?: number; message?: string };
      if (e.statusCode === 304) return; // already in that state
      const why = e.statusCode === 404 ? 'it no longer exists' : (e.message ?? String(err));
      ctx.log.error(`${action} ${c.name} failed`, err);
      void vscode.window.showErrorMessage(`Docker DB: could not ${action} ${c.name}: ${why}.`, 'Show Log').then((b) => b && ctx.log.show());
    }
  });
  void ctx.watcher.refresh();
}

async function copyConnectionString(ctx: DockerDbContext, arg: unknown): Promise<void> {
  const c = await resolveContainer(ctx, arg, 'Database container', (x) => x.engine !== null);
  if (!c) return;
  if (!c.engine) {
    void vscode.window.showInformationMessage(`Docker DB: ${c.name} is not a recognised database container.`);
    return;
  }
  try {
    const { docker } = await ctx.session.get();
    const creds = await readContainerCredentials(docker, c.id, c.engine);
    if (creds?.password) ctx.log.addSecret(creds.password);
    const endpoint = hostEndpoints(c)[0];
    if (!endpoint) {
      void vscode.window.showWarningMessage(`Docker DB: ${c.name} publishes no port for ${c.engine}, so there is no connection string for the host. Publish the port in your compose file, or query it through docker exec.`);
      return;
    }
    if (!creds) return;
    const url = connectionUrl(creds, endpoint);
    if (c.engine === 'postgres') {
      // Say so when the URL would not work from the host: only docker exec reaches the database.
      const probe = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Checking ${formatEndpoint(endpoint)}…` }, () => probePostgres(endpoint, creds, { budgetMs: 1500 }));
      if (!probe.ok) {
        ctx.log.warn(`Connection string of ${c.name}: ${probe.message}`);
        const choice = await vscode.window.showWarningMessage(
          `Docker DB: the connection string of ${c.name} does not work from this machine: ${probe.message} Only docker exec reaches it; Docker DB's queries use that automatically.`,
          'Copy Anyway',
          'Open psql in Terminal',
        );
        if (choice === 'Open psql in Terminal') void vscode.commands.executeCommand('dockerDb.openPsql', c.id);
        if (choice !== 'Copy Anyway') return;
      }
    }
    await vscode.env.clipboard.writeText(url);
    void vscode.window.showInformationMessage(`Docker DB: copied the connection string of ${c.name}${creds.password ? ' (it includes the password)' : ''}.`);
    for (const w of creds.warnings) ctx.log.warn(w);
  } catch (err) {
    ctx.log.error(`Copy connection string of ${c.name} failed`, err);
    void vscode.window.showErrorMessage(`Docker DB: could not read the credentials of ${c.name}: ${(err as Error).message}`);
  }
}

export function registerContainerCommands(ctx: DockerDbContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dockerDb.startContainer', (arg: unknown) => lifecycle(ctx, arg, 'start')),
    vscode.commands.registerCommand('dockerDb.stopContainer', (arg: unknown) => lifecycle(ctx, arg, 'stop')),
    vscode.commands.registerCommand('dockerDb.restartContainer', (arg: unknown) => lifecycle(ctx, arg, 'restart')),
    vscode.commands.registerCommand('dockerDb.showLogs', async (arg: unknown) => {
      const c = await resolveContainer(ctx, arg, 'Container whose logs to show');
      if (!c) return;
      const { docker } = await ctx.session.get();
      openLogsTerminal(docker, c.id, c.name);
    }),
    vscode.commands.registerCommand('dockerDb.openShell', async (arg: unknown) => {
      const c = await resolveContainer(ctx, arg, 'Container to open a shell in', (x) => x.state === 'running');
      if (!c) return;
      const { endpoint } = await ctx.session.get();
      const terminal = vscode.window.createTerminal({
        name: `Shell: ${c.name}`,
        shellPath: 'docker',
        shellArgs: ['exec', '-it', c.id, 'sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh'],
        env: { DOCKER_HOST: endpoint.url },
        iconPath: new vscode.ThemeIcon('terminal'),
      });
      terminal.show();
    }),
    vscode.commands.registerCommand('dockerDb.copyConnectionString', (arg: unknown) => copyConnectionString(ctx, arg)),
    vscode.commands.registerCommand('dockerDb.openPsql', async (arg: unknown) => {
      const c = await resolveContainer(ctx, arg, 'PostgreSQL container', (x) => x.engine === 'postgres' && x.state === 'running');
      if (!c) return;
      const { docker, endpoint } = await ctx.session.get();
      const creds = await readContainerCredentials(docker, c.id, 'postgres');
      if (creds?.password) ctx.log.addSecret(creds.password);
      // psql runs inside the container on the local socket; a password, when needed, travels in the
      // terminal's environment and is passed by name (-e PGPASSWORD), never in the command line.
      const env: Record<string, string> = { DOCKER_HOST: endpoint.url };
      const args = ['exec', '-it'];
      if (creds?.password) {
        env.PGPASSWORD = creds.password;
        args.push('-e', 'PGPASSWORD');
      }
      args.push(c.id, 'psql', '-U', creds?.user ?? 'postgres', '-d', creds?.database ?? 'postgres');
      const terminal = vscode.window.createTerminal({ name: `psql: ${c.name}`, shellPath: 'docker', shellArgs: args, env, iconPath: new vscode.ThemeIcon('database') });
      terminal.show();
    }),
  ];
}
