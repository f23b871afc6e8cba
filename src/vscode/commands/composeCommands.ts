import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { composeCommand, composeTarget, ComposeOperation, detectCompose } from '../../core/compose/commands';
import { ComposeRequiredError, EngineApi, runWithEngine } from '../../core/compose/engineFallback';
import { mergeProjects, ProjectEntry } from '../../core/compose/merge';
import type { ComposeProject } from '../../core/compose/model';
import { ComposeRunError, describeCommand, runCompose } from '../../core/compose/run';
import { waitUntilHealthy, WaitError } from '../../core/docker/wait';
import { redact } from '../../core/util/redact';
import type { DockerDbContext } from '../context';
import { ProjectItem, ServiceItem } from '../views/composeItems';
import { ContainerItem } from '../views/containerItem';
import { resolveContainer } from './containerCommands';

async function pickProject(ctx: DockerDbContext, arg: unknown): Promise<ProjectEntry | undefined> {
  const projects = await ctx.compose.projects();
  await ctx.watcher.refresh().catch(() => undefined);
  const entries = mergeProjects(projects, ctx.watcher.containers);
  if (arg instanceof ProjectItem) return entries.find((e) => e.name === arg.node.name && e.workingDir === arg.node.workingDir);
  const items = entries.map((e) => ({ label: e.name, description: e.workingDir ?? '', entry: e }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Docker DB: no compose projects in this workspace or on the engine.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Compose project' }))?.entry;
}

const VERBS = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' } as const;

function describe(op: ComposeOperation, project: string): string {
  switch (op.kind) {
    case 'up':
      return `Starting ${op.services?.length ? op.services.join(', ') : `compose project ${project}`}`;
    case 'down':
      return `Taking down compose project ${project}`;
    default:
      return `${VERBS[op.kind]} ${op.service ?? `compose project ${project}`}`;
  }
}

/** Runs a compose operation with the Compose CLI when present, else the Engine API, with progress and cancel. */
async function runOperation(ctx: DockerDbContext, entry: ProjectEntry, op: ComposeOperation): Promise<void> {
  const title = describe(op, entry.name);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title}…`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const { docker, endpoint } = await ctx.session.get();
      const env: Record<string, string> = endpoint.source === 'default' ? {} : { DOCKER_HOST: endpoint.url };
      const cli = await detectCompose({ env });
      const project: ComposeProject | null = entry.project;
      const onOutput = (line: string): void => {
        const text = redact(line);
        ctx.log.info(`[compose ${entry.name}] ${text}`);
        progress.report({ message: text.slice(0, 120) });
      };
      if (cli && project) {
        const line = composeCommand(cli, composeTarget(project), op);
        ctx.log.info(`Running ${redact(describeCommand(line))}`);
        await runCompose(line, { cwd: project.workingDir, signal: controller.signal, onOutput, env });
      } else {
        if (!project && op.kind === 'up') throw new Error(`Compose project ${entry.name} has no compose file in this workspace, so its services cannot be created. Open the folder that holds its compose file.`);
        ctx.log.info(cli ? `No compose file for ${entry.name} in the workspace: using the Engine API.` : 'No Docker Compose CLI found: using the Engine API.');
        await runWithEngine(docker as unknown as EngineApi, entry, op, { signal: controller.signal, onOutput });
      }
      void vscode.window.setStatusBarMessage(`$(check) Docker DB: ${title} — done`, 4000);
    } catch (err) {
      if (controller.signal.aborted) {
        void vscode.window.showInformationMessage(`Docker DB: ${title} was cancelled.`);
        return;
      }
      const detail = err instanceof ComposeRunError ? `${err.message}` : err instanceof ComposeRequiredError ? err.message : (err as Error).message;
      ctx.log.error(`${title} failed`, err);
      const choice = await vscode.window.showErrorMessage(`Docker DB: ${title} failed. ${redact(detail)}`, 'Show Log');
      if (choice) ctx.log.show();
    } finally {
      sub.dispose();
      void ctx.watcher.refresh().catch(() => undefined);
    }
  });
}

function serviceOf(arg: unknown): { project: string; service: string } | undefined {
  if (arg instanceof ServiceItem) return { project: arg.node.project, service: arg.node.name };
  if (arg instanceof ContainerItem && arg.container.composeProject && arg.container.composeService) {
    return { project: arg.container.composeProject, service: arg.container.composeService };
  }
  return undefined;
}

async function waitHealthy(ctx: DockerDbContext, arg: unknown): Promise<void> {
  ctx.ensureStarted();
  const c = await resolveContainer(ctx, arg, 'Container to wait for', (x) => x.state !== 'exited');
  if (!c) return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Waiting for ${c.name} to be healthy`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const { docker } = await ctx.session.get();
      const result = await waitUntilHealthy(docker as Docker, c.id, {
        timeoutMs: 120000,
        signal: controller.signal,
        onProgress: (p) => progress.report({ message: `${p.health !== 'none' ? p.health : p.state} (${Math.round(p.elapsedMs / 1000)} s)` }),
      });
      void vscode.window.showInformationMessage(`Docker DB: ${result.name} is ${result.status} after ${(result.elapsedMs / 1000).toFixed(1)} s.`);
    } catch (err) {
      if (err instanceof WaitError && err.reason === 'cancelled') return;
      ctx.log.error(`Waiting for ${c.name} failed`, err);
      const choice = await vscode.window.showErrorMessage(`Docker DB: ${redact((err as Error).message).split('\n')[0]}`, 'Show Logs', 'Show Details');
      if (choice === 'Show Logs') void vscode.commands.executeCommand('dockerDb.showLogs', c.id);
      if (choice === 'Show Details') void vscode.commands.executeCommand('dockerDb.showContainerDetails', c.id);
    } finally {
      sub.dispose();
    }
  });
}

export function registerComposeCommands(ctx: DockerDbContext): vscode.Disposable[] {
  const onProject = (op: ComposeOperation) => async (arg: unknown) => {
    ctx.ensureStarted();
    const entry = await pickProject(ctx, arg);
    if (entry) await runOperation(ctx, entry, op);
  };
  return [
    vscode.commands.registerCommand('dockerDb.composeUp', onProject({ kind: 'up' })),
    vscode.commands.registerCommand('dockerDb.composeDown', async (arg: unknown) => {
      ctx.ensureStarted();
      const entry = await pickProject(ctx, arg);
      if (!entry) return;
      const ok = await vscode.window.showWarningMessage(`Take down compose project ${entry.name}? Its containers and networks are removed (volumes are kept).`, { modal: true }, 'Take Down');
      if (ok) await runOperation(ctx, entry, { kind: 'down' });
    }),
    vscode.commands.registerCommand('dockerDb.composeRestartService', async (arg: unknown) => {
      ctx.ensureStarted();
      const target = serviceOf(arg);
      const projects = await ctx.compose.projects();
      const entries = mergeProjects(projects, ctx.watcher.containers);
      let entry = target ? entries.find((e) => e.name === target.project) : undefined;
      let service = target?.service;
      if (!entry || !service) {
        const items = entries.flatMap((e) => e.services.filter((s) => s.containers.length > 0).map((s) => ({ label: s.name, description: e.name, entry: e })));
        const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Compose service to restart' });
        if (!picked) return;
        entry = picked.entry;
        service = picked.label;
      }
      await runOperation(ctx, entry, { kind: 'restart', service });
    }),
    vscode.commands.registerCommand('dockerDb.composeStartService', async (arg: unknown) => {
      ctx.ensureStarted();
      const target = serviceOf(arg);
      if (!target) return;
      const entry = mergeProjects(await ctx.compose.projects(), ctx.watcher.containers).find((e) => e.name === target.project);
      if (entry) await runOperation(ctx, entry, { kind: 'up', services: [target.service] });
    }),
    vscode.commands.registerCommand('dockerDb.waitUntilHealthy', (arg: unknown) => waitHealthy(ctx, arg)),
  ];
}
