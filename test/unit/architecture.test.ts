import * as assert from 'node:assert/strict';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

async function lint(file: string, code: string): Promise<LintMessage[]> {
  // eslint is ESM-first; load it the way Node 20 allows from CommonJS.
  const { ESLint } = (await import('eslint')) as typeof import('eslint');
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages as LintMessage[];
}

describe('architecture rules (the lint run by npm test)', function () {
  this.timeout(30000);

  it('src/core may not import vscode', async () => {
    const messages = await lint('src/core/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.ok(messages.some((m) => m.ruleId === 'no-restricted-imports' && /src\/core/.test(m.message)), JSON.stringify(messages));
  });

  it('the webview app may not import Node built-ins or Docker/pg clients', async () => {
    const fsImport = await lint('media/src/probe.ts', "import * as fs from 'node:fs';\nexport const x = fs;\n");
    assert.ok(fsImport.some((m) => m.ruleId === 'no-restricted-imports'), JSON.stringify(fsImport));
    const pg = await lint('media/src/probe.ts', "import { Client } from 'pg';\nexport const x = Client;\n");
    assert.ok(pg.some((m) => m.ruleId === 'no-restricted-imports'), JSON.stringify(pg));
  });

  it('src/shared stays importable by the webview', async () => {
    const messages = await lint('src/shared/probe.ts', "import * as os from 'os';\nexport const x = os;\n");
    assert.ok(messages.some((m) => m.ruleId === 'no-restricted-imports'), JSON.stringify(messages));
  });

  it('src/vscode may import vscode', async () => {
    const messages = await lint('src/vscode/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.deepEqual(messages.filter((m) => m.ruleId === 'no-restricted-imports'), []);
  });
});
