/**
 * `docker exec` through the Engine API: argv arrays only, stdin streamed and closed, stdout and
 * stderr demultiplexed, output capped, a time budget and cancellation. Secrets go in `env`,
 * which the engine passes to the process environment, never in argv.
 */
import type Docker from 'dockerode';
import { StringDecoder } from 'node:string_decoder';
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
  const onStdout = (chunk: Buffer): void => {
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
  };
  const errDecoder = new StringDecoder('utf8');
  const onStderr = (chunk: Buffer): void => {
    if (errText.length < MAX_STDERR) errText += errDecoder.write(chunk).slice(0, MAX_STDERR - errText.length);
  };
  demuxExecStream(stream, onStdout, onStderr);

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

  if (errText.length < MAX_STDERR) errText += errDecoder.end().slice(0, MAX_STDERR - errText.length);

  // The exit code is recorded a moment after the stream closes: poll briefly (about 1 s), bounded.
  let exitCode: number | null = await execExitCode(exec, 43);
  if (exitCode === null) {
    if (truncated) exitCode = -1;
    else throw new TimeoutError(`the command in ${container} ended its output but reported no exit code`);
  }
  return { exitCode, stdout: Buffer.concat(out), stderr: errText, truncated, elapsedMs: Date.now() - started };
}

/**
 * The exit code of an exec whose output stream ended. The engine records it a moment after the
 * stream closes (usually before the first inspect answers): asked up to `attempts` times, waiting
 * 2, 4, 8, 16, then 25 ms between; null if it still runs. A failed inspect throws, or with
 * `retryFailures` counts as "still running".
 */
export async function execExitCode(exec: Docker.Exec, attempts: number, retryFailures = false): Promise<number | null> {
  for (let i = 0, delay = 2; i < attempts; i++, delay = Math.min(25, delay * 2)) {
    const asked = withTimeout(exec.inspect(), 5000, 'exec inspect took too long');
    const info = retryFailures ? await asked.catch(() => null) : await asked;
    if (info && !info.Running && typeof info.ExitCode === 'number') return info.ExitCode;
    if (i + 1 < attempts) await new Promise((r) => setTimeout(r, delay));
  }
  return null;
}

/**
 * Splits the multiplexed stream of a non-TTY exec (frames of an 8-byte header — stream type, three
 * zero bytes, payload size big-endian — then the payload) into stdout and stderr as it arrives,
 * handing on slices of the received chunks, without copying or waiting for whole frames. A stream
 * that is not multiplexed (an unknown stream type: a TTY exec) goes to stdout as is from there on,
 * as dockerode's demuxStream does; stdin frames (type 0) go to stderr, as there.
 */
export function demuxExecStream(stream: NodeJS.ReadableStream, onStdout: (chunk: Buffer) => void, onStderr: (chunk: Buffer) => void): void {
  const header = Buffer.alloc(8);
  let have = 0; // header bytes read
  let left = 0; // payload bytes of the current frame still to come
  let toStdout = true;
  let raw = false;
  stream.on('data', (chunk: Buffer) => {
    if (raw) return onStdout(chunk);
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (left > 0) {
        const end = Math.min(n, i + left);
        const part = chunk.subarray(i, end);
        left -= end - i;
        i = end;
        if (toStdout) onStdout(part);
        else onStderr(part);
        continue;
      }
      const take = Math.min(8 - have, n - i);
      chunk.copy(header, have, i, i + take);
      have += take;
      i += take;
      if (have < 8) return;
      have = 0;
      const type = header[0];
      if (type > 2) {
        raw = true;
        onStdout(Buffer.concat([header, chunk.subarray(i)]));
        return;
      }
      toStdout = type === 1;
      left = header.readUInt32BE(4);
    }
  });
}
