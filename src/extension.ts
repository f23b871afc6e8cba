/**
 * Entry point. Activation builds the context and registers views and commands: no Docker call,
 * no network, no child process. Work starts when a view becomes visible or a command runs.
 */
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands/register';
import { DockerDbContext } from './vscode/context';
import { QueryCommands } from './vscode/query/queryCommands';

export function activate(context: vscode.ExtensionContext): void {
  const ctx = new DockerDbContext(context);
  context.subscriptions.push(ctx, ...registerCommands(ctx), new QueryCommands(ctx));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
