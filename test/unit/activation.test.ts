import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import Module = require('node:module');
import { createFakeVscode } from '../support/fakeVscode';

// The real module objects (not TypeScript's read-only namespace copies), so patches are seen by the bundle.
const childProcess = require('node:child_process') as typeof import('node:child_process');
const fs = require('node:fs') as typeof import('node:fs');
const http = require('node:http') as typeof import('node:http');
const net = require('node:net') as typeof import('node:net');

const root = path.resolve(__dirname, '..', '..', '..');
const bundle = path.join(root, 'dist', 'extension.js');

type Patched = { restore(): void; events: string[] };

/** Records (and blocks) every network connection, child process and Docker-related file access. */
function trapIo(): Patched {
  const events: string[] = [];
  const restores: Array<() => void> = [];
  const patch = <T extends object, K extends keyof T>(obj: T, key: K, label: string, filter?: (args: unknown[]) => boolean): void => {
    const original = obj[key];
    (obj as Record<K, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
      if (!filter || filter(args)) events.push(`${label}(${args.map((a) => (typeof a === 'string' ? a : typeof a)).join(', ')})`);
      return (original as unknown as (...a: unknown[]) => unknown).apply(this, args);
    } as unknown as T[K];
    restores.push(() => {
      obj[key] = original;
    });
  };
  patch(net.Socket.prototype, 'connect', 'net.Socket.connect');
  patch(http, 'request', 'http.request');
  patch(http, 'get', 'http.get');
  for (const fn of ['spawn', 'execFile', 'exec', 'fork'] as const) patch(childProcess, fn, `child_process.${fn}`);
  const dockerish = (args: unknown[]): boolean => typeof args[0] === 'string' && /docker|\.sock/i.test(args[0]);
  for (const fn of ['readFileSync', 'existsSync', 'statSync', 'readFile', 'stat', 'access'] as const) patch(fs, fn, `fs.${fn}`, dockerish);
  return { events, restore: () => restores.reverse().forEach((r) => r()) };
}

describe('activation', () => {
  before(function () {
    if (!fs.existsSync(bundle)) {
      throw new Error(`${bundle} is missing: run "npm run build" first (npm test does).`);
    }
  });

  it('does no Docker, network or process I/O and registers every contributed command', async () => {
    const fake = createFakeVscode();
    const originalLoad = (Module as unknown as { _load: (...a: unknown[]) => unknown })._load;
    (Module as unknown as { _load: (...a: unknown[]) => unknown })._load = function (request: unknown, ...rest: unknown[]) {
      return request === 'vscode' ? fake.api : originalLoad.call(this, request, ...rest);
    };
    const subscriptions: Array<{ dispose(): void }> = [];
    const io = trapIo();
    let activateMs = 0;
    try {
      delete require.cache[bundle];
      const ext = require(bundle) as { activate(ctx: unknown): void; deactivate(): void };
      const started = process.hrtime.bigint();
      ext.activate({ subscriptions, extensionUri: { fsPath: root }, extensionPath: root });
      activateMs = Number(process.hrtime.bigint() - started) / 1e6;
      // Give anything scheduled by activate a chance to run before judging.
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      io.restore();
      (Module as unknown as { _load: unknown })._load = originalLoad;
    }
    assert.deepEqual(io.events, [], `activation did I/O: ${io.events.join('; ')}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...fake.registeredCommands].sort(), contributed);
    assert.ok(fake.calls.includes('vscode.window.createTreeView'), 'the Containers view is registered');
    assert.ok(subscriptions.length > 0);
    for (const s of subscriptions) s.dispose();
    assert.ok(fake.disposed >= fake.created, `every disposable is released (${fake.disposed}/${fake.created})`);
    // Reported, not asserted: timing belongs in npm run bench.
    console.log(`      activate() took ${activateMs.toFixed(2)} ms`);
  });
});
