/**
 * `docker exec` through the Engine API: argv arrays only, stdin streamed and closed, stdout and
 * stderr demultiplexed, output capped, a time budget and cancellation. Secrets go in `env`,
 * which the engine passes to the process environment, never in argv.
 */
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { TimeoutError, withTimeout } from '../util/timeout';

export interface ExecOptions {
  env?: Record<string, string>;
  stdin?: string | Buffer;
  user?: string;
  workingDir?: string;
  /** Whole-exec budget (default 30 s). */
  timeoutMs?: number;
  /** Bytes of stdout kept (default 64 MiB); the rest is dropped and `truncated` set. */
  maxOutputBytes?: number;
  signal?: AbortSignal;
  /** Receive stdout as it arrives instead of (not in addition to) buffering it. */
  onStdout?: (chunk: Buffer) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
  truncated: boolean;
  elapsedMs: number;
}

/** The container no longer exists or is not running: said plainly. */
export class ContainerUnavailableError extends Error {
  constructor(readonly container: string, readonly reason: 'gone' | 'not running', detail?: string) {
    super(
      reason === 'gone'
        ? `Container ${container} no longer exists. It was probably removed; refresh and pick another.`
        : `Container ${container} is not running${detail ? ` (${detail})` : ''}. Start it and try again.`,
    );
    this.name = 'ContainerUnavailableError';
  }
}

const MAX_STDERR = 256 * 1024;

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

export async function execInContainer(docker: Docker, container: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 30000;
  const maxOut = options.maxOutputBytes ?? 64 * 1024 * 1024;
  const withStdin = options.stdin !== undefined;
  let exec: Docker.Exec;
  try {
    exec = await withTimeout(
      docker.getContainer(container).exec({
        Cmd: argv,
        AttachStdin: withStdin,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        User: options.user,
        WorkingDir: options.workingDir,
        Env: options.env ? Object.entries(options.env).map(([k, v]) => `${k}=${v}`) : undefined,
      }),
      Math.min(timeoutMs, 10000),
      `creating the exec in ${container} took too long`,
    );
  } catch (err) {
    if (statusOf(err) === 404) throw new ContainerUnavailableError(container, 'gone');
    if (statusOf(err) === 409) throw new ContainerUnavailableError(container, 'not running', (err as Error).message.replace(/^.*?: /, ''));
    throw err;
  }
  const stream = (await withTimeout(exec.start({ hijack: true, stdin: withStdin }), Math.min(timeoutMs, 10000), `starting the exec in ${container} took too long`)) as NodeJS.ReadWriteStream & {
    destroy(): void;
  };

  // The client's request timeout acts as a socket idle timeout: this exec has its own budget instead.
  const sock = stream as unknown as { setTimeout?: (ms: number) => void; socket?: { setTimeout?: (ms: number) => void } };
  sock.setTimeout?.(0);
  sock.socket?.setTimeout?.(0);

  const out: Buffer[] = [];
  let outBytes = 0;
  let truncated = false;
  let errText = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => {
    if (options.onStdout) {
      options.onStdout(chunk);
      return;
    }
    if (outBytes + chunk.length > maxOut) {
      const room = maxOut - outBytes;
      if (room > 0) out.push(chunk.subarray(0, room));
      outBytes = maxOut;
      if (!truncated) {
        truncated = true;
        stream.destroy(); // stop reading: the rest would be dropped anyway
      }
      return;
    }
    out.push(chunk);
    outBytes += chunk.length;
  });
  stderr.on('data', (chunk: Buffer) => {
    if (errText.length < MAX_STDERR) errText += chunk.toString('utf8').slice(0, MAX_STDERR - errText.length);
  });
  docker.modem.demuxStream(stream, stdout, stderr);

  let onAbort: (() => void) | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', (e: Error) => (truncated ? resolve() : reject(e)));
    if (options.signal) {
      onAbort = () => {
        stream.destroy();
        reject(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
      };
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  if (withStdin) {
    stream.write(options.stdin as string | Buffer);
    stream.end();
  }
  try {
    await withTimeout(finished, timeoutMs, `the command in ${container} did not finish within ${timeoutMs} ms`);
  } catch (err) {
    stream.destroy();
    throw err;
  } finally {
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }

  // The exit code is recorded a moment after the stream closes: poll briefly, bounded.
  let exitCode: number | null = null;
  for (let i = 0; i < 40 && exitCode === null; i++) {
    const info = await withTimeout(exec.inspect(), 5000, 'exec inspect took too long');
    if (!info.Running && typeof info.ExitCode === 'number') exitCode = info.ExitCode;
    else await new Promise((r) => setTimeout(r, 25));
  }
  if (exitCode === null) {
    if (truncated) exitCode = -1;
    else throw new TimeoutError(`the command in ${container} ended its output but reported no exit code`);
  }
  return { exitCode, stdout: Buffer.concat(out), stderr: errText, truncated, elapsedMs: Date.now() - started };
}
