/**
 * Wait until a container is healthy (or running, when it has no health check), with backoff,
 * a timeout and cancellation; fail fast on `unhealthy`, exit or removal with the evidence.
 */
import type Docker from 'dockerode';
import { withTimeout } from '../util/timeout';

export type WaitFailure = 'unhealthy' | 'exited' | 'gone' | 'timeout' | 'cancelled';

export class WaitError extends Error {
  constructor(readonly reason: WaitFailure, message: string, readonly detail: string) {
    super(message);
    this.name = 'WaitError';
  }
}

export interface WaitProgress {
  state: string;
  health: string;
  elapsedMs: number;
  attempt: number;
}

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: WaitProgress) => void;
  /** First and largest pause between checks (defaults 100 ms → 1 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface WaitResult {
  /** `healthy`, or `running` for a container without a health check. */
  status: 'healthy' | 'running';
  elapsedMs: number;
  name: string;
}

interface InspectLike {
  Name?: string;
  State?: { Status?: string; ExitCode?: number; Error?: string; Health?: { Status?: string; Log?: Array<{ ExitCode?: number; Output?: string }> } };
}

function lastHealthOutput(info: InspectLike): string {
  const log = info.State?.Health?.Log ?? [];
  const last = log[log.length - 1];
  return last ? `exit ${last.ExitCode ?? '?'}: ${(last.Output ?? '').trim()}` : 'no health-check output yet';
}

async function lastLogLines(docker: Docker, id: string, lines = 15): Promise<string> {
  try {
    const buf = (await withTimeout(docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false }), 5000, 'logs')) as unknown as Buffer;
    return demux(buf).trim();
  } catch {
    return '(logs unavailable)';
  }
}

/** Strips Docker's 8-byte multiplexing headers from a non-TTY log buffer. */
export function demux(buf: Buffer): string {
  const parts: string[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0 && buf[i + 2] === 0 && buf[i + 3] === 0) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.toString('utf8', i + 8, Math.min(buf.length, i + 8 + size)));
    i += 8 + size;
  }
  return i === 0 ? buf.toString('utf8') : parts.join('');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function waitUntilHealthy(docker: Docker, container: string, options: WaitOptions = {}): Promise<WaitResult> {
  const timeoutMs = options.timeoutMs ?? 60000;
  const started = Date.now();
  let delay = options.initialDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 1000;
  let last: InspectLike = {};
  // Bounded by the timeout and by a hard count, whichever comes first.
  for (let attempt = 1; attempt <= 10000; attempt++) {
    if (options.signal?.aborted) throw new WaitError('cancelled', `Stopped waiting for ${container}.`, '');
    let info: InspectLike;
    try {
      info = (await withTimeout(docker.getContainer(container).inspect(), 5000, 'inspect took too long')) as InspectLike;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        throw new WaitError('gone', `Container ${container} does not exist (or was removed while waiting).`, '');
      }
      throw err;
    }
    last = info;
    const name = (info.Name ?? container).replace(/^\//, '');
    const state = info.State?.Status ?? 'unknown';
    const health = info.State?.Health?.Status ?? 'none';
    const elapsedMs = Date.now() - started;
    options.onProgress?.({ state, health, elapsedMs, attempt });
    if (state === 'running' && health === 'healthy') return { status: 'healthy', elapsedMs, name };
    if (state === 'running' && health === 'none') return { status: 'running', elapsedMs, name };
    // An exited container keeps its last health status: the exit (with its logs) is the news.
    if (state === 'exited' || state === 'dead') {
      const logs = await lastLogLines(docker, container);
      throw new WaitError('exited', `${name} exited with code ${info.State?.ExitCode ?? '?'}${info.State?.Error ? ` (${info.State.Error})` : ''}. Last log lines:\n${logs}`, logs);
    }
    if (health === 'unhealthy') {
      const out = lastHealthOutput(info);
      throw new WaitError('unhealthy', `${name} is unhealthy. Last health check: ${out}`, out);
    }
    if (elapsedMs >= timeoutMs) break;
    await sleep(Math.min(delay, Math.max(0, timeoutMs - elapsedMs)), options.signal);
    delay = Math.min(maxDelay, Math.round(delay * 1.6));
  }
  if (options.signal?.aborted) throw new WaitError('cancelled', `Stopped waiting for ${container}.`, '');
  const name = (last.Name ?? container).replace(/^\//, '');
  const out = last.State?.Health ? lastHealthOutput(last) : `state ${last.State?.Status ?? 'unknown'}`;
  throw new WaitError('timeout', `${name} was not healthy after ${Math.round(timeoutMs / 1000)} s (health: ${last.State?.Health?.Status ?? 'none'}). Last health check: ${out}`, out);
}
