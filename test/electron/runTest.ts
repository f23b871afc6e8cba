/**
 * Runs test/electron/suite inside desktop VS Code, downloaded by @vscode/test-electron.
 * For machines that can download VS Code (not the project's CI machines, which have no
 * internet: there the e2e layer runs the packaged extension in code-server instead).
 *   npm run test:electron
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.resolve(__dirname, 'suite', 'index');
  const workspace = path.resolve(extensionDevelopmentPath, 'test', 'demo', 'workspace');
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err: unknown) => {
  console.error('Desktop VS Code tests failed:', err);
  process.exit(1);
});
