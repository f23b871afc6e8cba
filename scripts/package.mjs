// Builds the production bundles and packs docker-db-<version>.vsix with @vscode/vsce (offline).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const out = `docker-db-${pkg.version}.vsix`;
const vsce = new URL('../node_modules/@vscode/vsce/vsce', import.meta.url).pathname;
// --no-dependencies: everything the extension needs is in dist/ (esbuild bundle).
// vsce runs the vscode:prepublish script (the production build) itself.
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '-o', out], { stdio: 'inherit' });
console.log(`[package] ${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
