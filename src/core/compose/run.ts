/**
 * Runs a described Compose command (commands.ts) with execa: argv array, output streamed line by line,
 * cancellable through an AbortSignal, bounded in time, and a failure that says what went wrong.
 */
import type { CommandLine } from './commands';

export type OutputStream = 'stdout' | 'stderr';

export interface RunComposeOptions {
  /** The project directory (Compose reads `.env` from there). */
  cwd: string;
  /** Abort to stop the command: SIGTERM, then SIGKILL after 5 s. */
  signal?: AbortSignal;
  /** Each output line as it arrives, without its line break. */
  onOutput?: (line: string, stream: OutputStream) => void;
  /** Added to this process's environment for the command (e.g. DOCKER_HOST from the settings). */
  env?: Record<string, string>;
  /** Default 10 minutes. */
  timeoutMs?: number;
}

export interface RunComposeResult {
  /** The last output lines of both streams, in arrival order (at most {@link KEPT_LINES}). */
  lines: string[];
  durationMs: number;
}

export const KEPT_LINES = 500;
const ERROR_TAIL = 8;

export class ComposeRunError extends Error {
  readonly command: CommandLine;
  /** null when the process did not exit on its own (not started, cancelled, timed out). */
  readonly exitCode: number | null;
  readonly stderrTail: string[];
  readonly cancelled: boolean;
  readonly timedOut: boolean;

  constructor(message: string, details: { command: CommandLine; exitCode: number | null; stderrTail: string[]; cancelled?: boolean; timedOut?: boolean }) {
    super(message);
    this.name = 'ComposeRunError';
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stderrTail = details.stderrTail;
    this.cancelled = details.cancelled ?? false;
    this.timedOut = details.timedOut ?? false;
  }
}

/** Splits a stream of text chunks into lines (\n, \r\n or a lone \r), keeping the unfinished tail. */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split(/\r\n|\n|\r/);
    this.rest = parts.pop() ?? '';
    return parts;
  }

  end(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

/** "docker compose up" / "docker-compose restart": the command and its verb, for messages. */
export function describeCommand(line: CommandLine): string {
  const verb = line.args.find((a, i) => /^[a-z]+$/.test(a) && a !== 'compose' && !['-p', '-f', '--ansi'].includes(line.args[i - 1] ?? ''));
  return [line.command, line.args[0] === 'compose' ? 'compose' : '', verb ?? ''].filter(Boolean).join(' ');
}

/** Runs the command; resolves when it exits with 0, else rejects with {@link ComposeRunError}. */
export async function runCompose(line: CommandLine, options: RunComposeOptions): Promise<RunComposeResult> {
  const { execa } = await import('execa');
  const started = Date.now();
  const kept: string[] = [];
  const stderrTail: string[] = [];
  const emit = (text: string, stream: OutputStream) => {
    if (text.trim() === '') return;
    kept.push(text);
    if (kept.length > KEPT_LINES) kept.shift();
    if (stream === 'stderr') {
      stderrTail.push(text);
      if (stderrTail.length > ERROR_TAIL) stderrTail.shift();
    }
    options.onOutput?.(text, stream);
  };
  const what = describeCommand(line);
  if (options.signal?.aborted) {
    throw new ComposeRunError(`${what} was cancelled before it started.`, { command: line, exitCode: null, stderrTail, cancelled: true });
  }
  const subprocess = execa(line.command, line.args, {
    cwd: options.cwd,
    env: options.env,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    cancelSignal: options.signal,
    forceKillAfterDelay: 5000,
    timeout: options.timeoutMs ?? 600000,
    windowsHide: true,
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    const readable = subprocess[stream];
    if (!readable) continue;
    const splitter = new LineSplitter();
    readable.setEncoding('utf8');
    readable.on('data', (chunk: string) => splitter.push(chunk).forEach((l) => emit(l, stream)));
    readable.on('end', () => splitter.end().forEach((l) => emit(l, stream)));
  }
  const result = await subprocess;
  const durationMs = Date.now() - started;
  if (!result.failed && result.exitCode === 0) return { lines: kept, durationMs };

  const tail = stderrTail.length > 0 ? ` Last output:\n${stderrTail.join('\n')}` : '';
  if (result.isCanceled) {
    throw new ComposeRunError(`${what} was cancelled; Compose may have left some containers half started. Run it again or check the project's containers.`, { command: line, exitCode: null, stderrTail, cancelled: true });
  }
  if (result.timedOut) {
    throw new ComposeRunError(`${what} did not finish within ${Math.round((options.timeoutMs ?? 600000) / 1000)} s and was stopped.${tail}`, { command: line, exitCode: null, stderrTail, timedOut: true });
  }
  if (result.exitCode === undefined) {
    const cause = (result as { code?: string }).code === 'ENOENT' ? `"${line.command}" was not found on PATH` : result.shortMessage;
    throw new ComposeRunError(`${what} could not start: ${cause}. Install Docker Compose, or check that it is on PATH.`, { command: line, exitCode: null, stderrTail });
  }
  throw new ComposeRunError(`${what} failed with exit code ${result.exitCode}.${tail}`, { command: line, exitCode: result.exitCode, stderrTail });
}
