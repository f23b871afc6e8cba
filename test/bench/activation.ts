/**
 * Activation cost of the bundled extension (dist/extension.js), each sample in a fresh Node process
 * with the stand-in `vscode` module from test/support/fakeVscode.ts.
 *
 * Baseline (the floor): the same child process requiring an empty module and calling its empty
 * activate(). The child is this file run as `node activation.js --child <module>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module = require('node:module');
import { createFakeVscode } from '../support/fakeVscode';
import { nowMs, runProcess, Stats, summarize, tmpFile } from './measure';
import type { Row } from './table';

const root = path.resolve(__dirname, '..', '..', '..');
export const BUNDLE = path.join(root, 'dist', 'extension.js');

/** Goal: activate() returns in under this many ms. */
export const ACTIVATE_GOAL_MS = 25;

interface ChildReport {
  requireMs: number;
  activateMs: number;
  maxRssMb: number;
  commands: number;
}

/** Child side: load `target` with the fake vscode, time require() and activate(), print one JSON line, exit. */
async function child(target: string): Promise<void> {
  const fake = createFakeVscode();
  const loader = Module as unknown as { _load: (...a: unknown[]) => unknown };
  const originalLoad = loader._load;
  loader._load = function (request: unknown, ...rest: unknown[]) {
    return request === 'vscode' ? fake.api : originalLoad.call(this, request, ...rest);
  };
  const ctx = { subscriptions: [] as Array<{ dispose(): void }>, extensionUri: { fsPath: root }, extensionPath: root };

  const t0 = nowMs();
  const ext = require(target) as { activate(c: unknown): unknown };
  const requireMs = nowMs() - t0;

  const t1 = nowMs();
  const result = ext.activate(ctx);
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    // VS Code waits for an async activate(); so do we (bounded).
    await Promise.race([result, new Promise((_, reject) => setTimeout(() => reject(new Error('activate() did not settle within 10 s')), 10000).unref())]);
  }
  const activateMs = nowMs() - t1;

  const report: ChildReport = {
    requireMs,
    activateMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    commands: fake.registeredCommands.length,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  // Exit at once: nothing activate() scheduled (timers, watchers) gets to run or touch Docker.
  process.exit(0);
}

async function spawnChild(target: string): Promise<ChildReport & { wallMs: number }> {
  const r = await runProcess([process.execPath, __filename, '--child', target], { cwd: root, timeoutMs: 30000 });
  if (r.code !== 0) {
    throw new Error(`activation child for ${path.basename(target)}: ${r.signal ?? `exit ${r.code}`}\n${r.stderr.trim().slice(-2000)}`);
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ...(JSON.parse(line) as ChildReport), wallMs: r.ms };
  } catch {
    throw new Error(`activation child for ${path.basename(target)} printed no report: ${r.stdout.slice(-500)}`);
  }
}

export async function benchActivation(opts: { runs: number; warmup: number; log: (s: string) => void }): Promise<Row[]> {
  const figures = {
    require: 'activation: require(dist/extension.js)',
    activate: 'activation: activate()',
    wall: 'activation: fresh process, node+require+activate',
    rss: 'activation: peak RSS of that process',
  };
  const labels = {
    require: 'require() of an empty module',
    activate: 'empty activate() call',
    wall: 'same child, empty module',
    rss: 'same child, empty module',
  };
  const failed = (error: string): Row[] =>
    (Object.keys(figures) as Array<keyof typeof figures>).map((k) => ({
      figure: figures[k],
      unit: k === 'rss' ? 'MB' : 'ms',
      value: null,
      baseline: null,
      baselineLabel: labels[k],
      goal: k === 'activate' ? ACTIVATE_GOAL_MS : undefined,
      error,
    }));
  if (!fs.existsSync(BUNDLE)) return failed(`${BUNDLE} is missing: run "npm run build" first`);

  const floor = tmpFile('empty-extension.js', 'exports.activate = function activate() {};\nexports.deactivate = function deactivate() {};\n');
  const ext: Array<ChildReport & { wallMs: number }> = [];
  const base: Array<ChildReport & { wallMs: number }> = [];
  try {
    for (let i = 0; i < opts.warmup + opts.runs; i++) {
      // Alternate the order so load drift hits both alike.
      const pair = i % 2 === 0 ? [BUNDLE, floor] : [floor, BUNDLE];
      for (const target of pair) {
        const r = await spawnChild(target);
        if (i >= opts.warmup) (target === BUNDLE ? ext : base).push(r);
      }
    }
  } catch (e) {
    return failed((e as Error).message);
  }
  opts.log(`  activation: ${ext.length} + ${base.length} fresh processes; the bundle registered ${ext[0]?.commands ?? 0} commands`);
  const s = (list: typeof ext, k: keyof ChildReport | 'wallMs'): Stats => summarize(list.map((r) => r[k]));
  return [
    { figure: figures.require, unit: 'ms', value: s(ext, 'requireMs'), baseline: s(base, 'requireMs'), baselineLabel: labels.require },
    {
      figure: figures.activate,
      unit: 'ms',
      value: s(ext, 'activateMs'),
      baseline: s(base, 'activateMs'),
      baselineLabel: labels.activate,
      goal: ACTIVATE_GOAL_MS,
      note: 'with the stand-in vscode module: VS Code API calls cost ~nothing here',
    },
    { figure: figures.wall, unit: 'ms', value: s(ext, 'wallMs'), baseline: s(base, 'wallMs'), baselineLabel: labels.wall },
    { figure: figures.rss, unit: 'MB', value: s(ext, 'maxRssMb'), baseline: s(base, 'maxRssMb'), baselineLabel: labels.rss },
  ];
}

if (require.main === module) {
  const i = process.argv.indexOf('--child');
  const target = i >= 0 ? process.argv[i + 1] : undefined;
  if (!target) {
    process.stderr.write('usage: node activation.js --child <module.js>\n');
    process.exit(2);
  }
  child(path.resolve(target)).catch((e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}
