/**
 * Starts a real VS Code (code-server from npm, installed by test/rig/ensure-code-server.sh)
 * with a fresh user-data-dir and extensions-dir, the packaged extension installed, bound to a
 * free 127.0.0.1 port. Every wait is bounded; stop() kills the whole process group.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

export interface CodeServerOptions {
  /** The packaged extension to install. */
  vsixPath: string;
  /** The folder VS Code opens. */
  workspaceDir: string;
  /** Extra user settings (merged over the defaults below). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** Upper bound for the /healthz wait (default and max 60 s). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed (stdout and stderr) so far. */
  logs(): string;
  stop(): Promise<void>;
}

/** Where ensure-code-server.sh puts the install. */
export function codeServerCacheDir(): string {
  const root = process.env.DOCKERDB_CACHE || path.join(os.homedir(), '.cache', 'docker-db');
  return path.join(root, `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server binary (env CODE_SERVER_BIN, else the cache install), or null when absent. */
export function findCodeServer(): string | null {
  const candidates = [process.env.CODE_SERVER_BIN, path.join(codeServerCacheDir(), 'node_modules', '.bin', 'code-server')];
  for (const c of candidates) {
    if (!c) continue;
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

/**
 * For a mocha hook/test: returns the binary, throws under CI when missing, else skips the test.
 */
export function requireCodeServer(ctx: Mocha.Context): string {
  const bin = findCodeServer();
  if (bin) return bin;
  const msg =
    `code-server ${CODE_SERVER_VERSION} not found (looked at $CODE_SERVER_BIN and ${codeServerCacheDir()}). ` +
    'Install it with: bash test/rig/ensure-code-server.sh';
  if (process.env.CI) throw new Error(msg);
  console.warn(`[e2e] skipping: ${msg}`);
  ctx.skip();
  throw new Error('unreachable'); // ctx.skip() throws
}

export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
};

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${err.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}

/** One GET to http://127.0.0.1:port/path; resolves with the status code, or null on any error. */
function probe(port: number, urlPath: string, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // detached => own process group
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const bin = findCodeServer();
  if (!bin) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} not found (looked at $CODE_SERVER_BIN and ${codeServerCacheDir()}); ` +
        'run: bash test/rig/ensure-code-server.sh',
    );
  }
  if (!fs.existsSync(opts.vsixPath)) throw new Error(`vsix not found: ${opts.vsixPath}`);
  if (!fs.existsSync(opts.workspaceDir)) throw new Error(`workspace folder not found: ${opts.workspaceDir}`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-cs-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) }, null, 2),
  );

  // An empty config file of our own, so the user's ~/.config/code-server/config.yaml (password,
  // cert, bind address...) is never read. HOME stays the user's: the extension resolves the Docker
  // endpoint from ~/.docker like the docker CLI does.
  const configFile = path.join(root, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env: NodeJS.ProcessEnv = { ...process.env, ...(opts.env ?? {}) };
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.VSCODE_IPC_HOOK_CLI;

  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const removeRoot = () => {
    if (!process.env.DOCKERDB_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const installed = await run(bin, [...common, '--install-extension', opts.vsixPath], env, 120_000);
    const dirs = fs.readdirSync(extensionsDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    if (dirs.length === 0) {
      throw new Error(`--install-extension ${opts.vsixPath} installed nothing\n${installed.stdout}${installed.stderr}`);
    }
  } catch (err) {
    removeRoot();
    throw err;
  }

  const timeoutMs = Math.min(opts.startTimeoutMs ?? 60_000, 60_000);
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  // A free port can be taken between probing and code-server's bind: retry that case (bounded).
  for (let launch = 0; launch < 3 && Date.now() < deadline; launch++) {
    const port = await freePort();
    const instance = launchOnce(bin, port, [...common, opts.workspaceDir], env);
    const ready = await instance.waitReady(deadline);
    if (ready === 'ready') {
      let stopped = false;
      return {
        url: `http://127.0.0.1:${port}/`,
        port,
        userDataDir,
        extensionsDir,
        logs: instance.logs,
        stop: async () => {
          if (stopped) return;
          stopped = true;
          await instance.kill();
          removeRoot();
        },
      };
    }
    await instance.kill();
    lastError = `code-server ${ready === 'exited' ? `exited early (${instance.exitInfo()})` : `did not answer /healthz within ${timeoutMs} ms`}\n--- code-server output ---\n${instance.logs()}`;
    if (!(ready === 'exited' && /EADDRINUSE/.test(instance.logs()))) break;
  }
  removeRoot();
  throw new Error(lastError || `code-server did not start within ${timeoutMs} ms`);
}

interface Instance {
  waitReady(deadline: number): Promise<'ready' | 'exited' | 'timeout'>;
  kill(): Promise<void>;
  logs(): string;
  exitInfo(): string;
}

function launchOnce(bin: string, port: number, extraArgs: string[], env: NodeJS.ProcessEnv): Instance {
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...extraArgs,
  ];
  // detached: its own process group, so kill() reaches the extension host and every helper too.
  const child = spawn(bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const MAX_LOG = 2 * 1024 * 1024;
  const append = (chunk: Buffer | string) => {
    output += chunk.toString();
    if (output.length > MAX_LOG) output = output.slice(-MAX_LOG);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let markExited: () => void = () => undefined;
  const exitPromise = new Promise<void>((resolve) => (markExited = resolve));
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    markExited();
  });
  child.on('error', (err) => {
    append(`\n[spawn error] ${err.message}\n`);
    if (child.pid === undefined) {
      exited = { code: null, signal: null };
      markExited();
    }
  });

  return {
    logs: () => output,
    exitInfo: () => JSON.stringify(exited),
    async waitReady(deadline) {
      for (let attempt = 0; attempt < 600 && Date.now() < deadline; attempt++) {
        if (exited !== null) return 'exited';
        if ((await probe(port, '/healthz', 2_000)) === 200) return 'ready';
        await sleep(250);
      }
      return exited !== null ? 'exited' : 'timeout';
    },
    async kill() {
      const pid = child.pid;
      if (pid === undefined) return;
      if (exited === null) {
        killGroup(child, 'SIGTERM');
        await Promise.race([exitPromise, sleep(5_000)]);
      }
      // The extension host and other helpers are in the same group; make sure they are gone too.
      for (let i = 0; i < 20 && groupAlive(pid); i++) {
        killGroup(child, i === 0 ? 'SIGTERM' : 'SIGKILL');
        await sleep(100);
      }
    },
  };
}
