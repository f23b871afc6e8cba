/**
 * Compose operations described as data (`{ command, args }`), the detection of the Compose CLI (the v2 plugin
 * `docker compose`, else the standalone `docker-compose`), and the runner that executes a described command.
 * argv arrays only, never a shell string.
 */
import type { ComposeProject } from './model';

export type ComposeFlavor = 'v1' | 'v2';

export interface ComposeCli {
  /** `docker` for the plugin, `docker-compose` for the standalone binary (v1, or v2 installed standalone). */
  command: string;
  /** Arguments before the global options: `["compose"]` for the plugin. */
  baseArgs: string[];
  /** "1.29.2", "2.24.5". */
  version: string;
  /** From the version's major number, not from the command name. */
  flavor: ComposeFlavor;
  /** `up --wait` exists (Compose 2.1.1 and later). */
  supportsWait: boolean;
}

export type ComposeOperation =
  /** Detached; `--wait` (for health) when the CLI supports it and `wait` is not false. No services: the whole project. */
  | { kind: 'up'; services?: string[]; wait?: boolean }
  | { kind: 'down'; removeVolumes?: boolean; removeOrphans?: boolean; timeoutSeconds?: number }
  /** No service: the whole project. */
  | { kind: 'start' | 'stop' | 'restart'; service?: string; timeoutSeconds?: number };

export interface ComposeTarget {
  projectName: string;
  /** Absolute compose files, base first. */
  files: string[];
}

/** One process to run: what microsoft/vscode-containers calls a command response. */
export interface CommandLine {
  command: string;
  args: string[];
}

const SERVICE_NAME = /^[a-zA-Z0-9._][a-zA-Z0-9._-]*$/;
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

function versionAtLeast(version: string, min: [number, number, number]): boolean {
  const parts = version.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i];
  }
  return true;
}

/** "v2.24.5-desktop.1\n" → "2.24.5"; undefined when the text holds no version. */
export function parseComposeVersion(stdout: string): string | undefined {
  return /v?(\d+\.\d+\.\d+)/.exec(stdout.trim())?.[1];
}

export function composeCli(command: string, baseArgs: string[], version: string): ComposeCli {
  const flavor: ComposeFlavor = versionAtLeast(version, [2, 0, 0]) ? 'v2' : 'v1';
  return { command, baseArgs, version, flavor, supportsWait: versionAtLeast(version, [2, 1, 1]) };
}

export function composeTarget(project: Pick<ComposeProject, 'name' | 'files'>): ComposeTarget {
  return { projectName: project.name, files: project.files };
}

function globalArgs(cli: ComposeCli, target: ComposeTarget): string[] {
  if (!PROJECT_NAME.test(target.projectName)) throw new Error(`"${target.projectName}" is not a valid Compose project name.`);
  if (target.files.length === 0) throw new Error(`Project "${target.projectName}" has no compose file to pass to Compose.`);
  // --ansi exists in v2 and from v1.28 on; older v1 only knows --no-ansi.
  const ansi = cli.flavor === 'v2' || versionAtLeast(cli.version, [1, 28, 0]) ? ['--ansi', 'never'] : ['--no-ansi'];
  return [...cli.baseArgs, ...ansi, '-p', target.projectName, ...target.files.flatMap((f) => ['-f', f])];
}

function serviceArgs(services: readonly string[]): string[] {
  for (const s of services) {
    if (!SERVICE_NAME.test(s)) throw new Error(`"${s}" is not a valid Compose service name.`);
  }
  return [...services];
}

function seconds(n: number): string {
  return String(Math.max(0, Math.round(n)));
}

/** The argv for an operation. Throws only on names that Compose would reject (they could be read as options). */
export function composeCommand(cli: ComposeCli, target: ComposeTarget, op: ComposeOperation): CommandLine {
  const args = globalArgs(cli, target);
  switch (op.kind) {
    case 'up':
      args.push('up', '-d');
      if (op.wait !== false && cli.supportsWait) args.push('--wait');
      args.push(...serviceArgs(op.services ?? []));
      break;
    case 'down':
      args.push('down');
      if (op.removeVolumes) args.push('-v');
      if (op.removeOrphans) args.push('--remove-orphans');
      if (op.timeoutSeconds !== undefined) args.push('-t', seconds(op.timeoutSeconds));
      break;
    case 'start':
    case 'stop':
    case 'restart':
      args.push(op.kind);
      if (op.kind !== 'start' && op.timeoutSeconds !== undefined) args.push('-t', seconds(op.timeoutSeconds));
      args.push(...serviceArgs(op.service ? [op.service] : []));
      break;
  }
  return { command: cli.command, args };
}

/** The version probes, in the order detectCompose tries them. */
export const COMPOSE_PROBES: readonly CommandLine[] = [
  { command: 'docker', args: ['compose', 'version', '--short'] },
  { command: 'docker-compose', args: ['version', '--short'] },
];

export type ProbeRunner = (line: CommandLine, timeoutMs: number) => Promise<{ exitCode: number | undefined; stdout: string }>;

export interface DetectOptions {
  /** Per probe. Default 5000 ms. */
  timeoutMs?: number;
  /** Ignore the cached answer. */
  refresh?: boolean;
  /** Environment added to the probes (e.g. DOCKER_HOST, PATH). */
  env?: Record<string, string>;
  /** Replaces execa (tests); answers from a custom runner are not cached. */
  run?: ProbeRunner;
}

const execaProbe =
  (env: Record<string, string> | undefined): ProbeRunner =>
  async (line, timeoutMs) => {
    const { execa } = await import('execa');
    const r = await execa(line.command, line.args, { timeout: timeoutMs, reject: false, stdin: 'ignore', env, windowsHide: true });
    return { exitCode: r.exitCode, stdout: typeof r.stdout === 'string' ? r.stdout : '' };
  };

/** Asks the probes in turn; the first that answers with a version wins. Null: no Compose CLI. */
export async function probeCompose(run: ProbeRunner, timeoutMs: number): Promise<ComposeCli | null> {
  for (const probe of COMPOSE_PROBES) {
    try {
      const r = await run(probe, timeoutMs);
      const version = r.exitCode === 0 ? parseComposeVersion(r.stdout) : undefined;
      if (version) return composeCli(probe.command, probe.command === 'docker' ? ['compose'] : [], version);
    } catch {
      // not installed or not answering: try the next one
    }
  }
  return null;
}

let cached: Promise<ComposeCli | null> | undefined;

/** The Compose CLI on this machine, cached after the first answer (also a negative one; pass `refresh` to ask again). */
export function detectCompose(options: DetectOptions = {}): Promise<ComposeCli | null> {
  const timeoutMs = options.timeoutMs ?? 5000;
  if (options.run) return probeCompose(options.run, timeoutMs);
  if (!cached || options.refresh) cached = probeCompose(execaProbe(options.env), timeoutMs);
  return cached;
}

/** Forget the cached detection (e.g. after the user installed Compose). */
export function resetComposeDetection(): void {
  cached = undefined;
}
