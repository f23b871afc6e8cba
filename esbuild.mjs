// Bundles the extension host code, the command-line tool and the webview app with esbuild.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Node side: one CommonJS file per entry; optional native modules stay external (loaded in try/catch). */
const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  external: ['vscode', '*.node', 'pg-native'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  {
    ...nodeCommon,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The webview app: browser only, never Node built-ins (esbuild fails the build if one is imported).
    entryPoints: { webview: 'media/src/main.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
  },
];

/** The codicon font and its stylesheet, shipped in the .vsix under media/codicons (the results webview loads them). */
function copyCodicons() {
  mkdirSync(new URL('./media/codicons/', import.meta.url), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(new URL(`./node_modules/@vscode/codicons/dist/${f}`, import.meta.url), new URL(`./media/codicons/${f}`, import.meta.url));
}
copyCodicons();

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`[build] ${production ? 'production ' : ''}bundles written to dist/ in ${Date.now() - started} ms`);
}
