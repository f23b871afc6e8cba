import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listZip } from '../support/zip';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const vsix = path.join(root, `docker-db-${pkg.version}.vsix`);

describe('packaged extension (.vsix)', () => {
  before(function () {
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm run package" first (npm test does).`);
  });

  it('holds only the bundles, styles, icons and docs, under 2 MB', () => {
    const entries = listZip(vsix);
    const files = entries.map((e) => e.name).filter((n) => !n.endsWith('/')).sort();
    assert.deepEqual(files, [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/cli.js',
      'extension/dist/extension.js',
      'extension/dist/webview.js',
      'extension/media/codicons/codicon.css',
      'extension/media/codicons/codicon.ttf',
      'extension/media/diagnostics.css',
      'extension/media/icons/docker-db.svg',
      'extension/media/migrations.css',
      'extension/media/results.css',
      'extension/media/webview.css',
      'extension/package.json',
      'extension/readme.md',
    ]);
    const size = fs.statSync(vsix).size;
    assert.ok(size < 2 * 1024 * 1024, `vsix is ${size} bytes`);
    assert.ok(!files.some((f) => /node_modules|\.map$|\.ts$|\/test\//.test(f)), 'no sources, maps, tests or node_modules');
  });

  it('the bundled CLI runs on plain Node with its native optional modules left out', () => {
    const cli = path.join(root, pkg.bin.dockerdb);
    const out = execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    assert.equal(out.trim(), pkg.version);
    assert.equal(fs.readFileSync(cli, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  it('the bundled extension loads without the vscode module only failing on vscode itself', () => {
    // Loading outside VS Code must fail on `vscode` and nothing else (pg-native, ssh2/cpu-features .node files are optional).
    const probe = path.join(os.tmpdir(), `dockerdb-load-${process.pid}.js`);
    fs.writeFileSync(probe, `try { require(${JSON.stringify(path.join(root, 'dist', 'extension.js'))}); console.log('loaded'); } catch (e) { console.log(e.message.split('\\n')[0]); }`);
    try {
      const out = execFileSync(process.execPath, [probe], { encoding: 'utf8' }).trim();
      assert.equal(out, "Cannot find module 'vscode'");
    } finally {
      fs.rmSync(probe, { force: true });
    }
  });
});
