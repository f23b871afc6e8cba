/** Runs inside desktop VS Code (npm run test:electron). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const root = path.resolve(__dirname, '..', '..', '..', '..');

describe('Docker DB in desktop VS Code', () => {
  it('activates from its view and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension('docker-db.docker-db');
    assert.ok(ext, 'extension is installed');
    await vscode.commands.executeCommand('workbench.view.extension.dockerDb');
    await ext.activate();
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const all = await vscode.commands.getCommands(true);
    for (const { command } of pkg.contributes.commands) {
      assert.ok(all.includes(command), `${command} is registered`);
    }
  });

  it('refreshes the Containers view without throwing, with or without a Docker engine', async () => {
    await vscode.commands.executeCommand('dockerDb.refresh');
  });
});
