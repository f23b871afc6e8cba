/**
 * Measuring helpers for `npm run bench`: wall-clock statistics for an in-process function or a child
 * process, and peak RSS of a child process. Every loop here is bounded by its run count; every child
 * process by a timeout.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Stats {
  /** Milliseconds (or whatever unit the samples were in). */
  median: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
}

export interface TimeOptions {
  /** Untimed runs first (JIT, file cache, engine caches). */
  warmup: number;
  /** Timed runs. */
  runs: number;
}

/** Median, nearest-rank p95, min and max of a sample. */
export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
  return { median, p95, min: s[0], max: s[s.length - 1], runs: s.length };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Times `fn` (sync or async) `runs` times after `warmup` untimed calls. */
export async function timeIt(fn: () => unknown, opts: TimeOptions): Promise<Stats> {
  for (let i = 0; i < opts.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = nowMs();
    await fn();
    samples.push(nowMs() - t0);
  }
  return summarize(samples);
}

/**
 * Times two functions in alternating order (A B, B A, A B, ...) so drift in the machine's load
 * hits both alike. Also returns the per-pair differences A − B.
 */
export async function timePair(a: () => unknown, b: () => unknown, opts: TimeOptions): Promise<{ a: Stats; b: Stats; diff: Stats }> {
  for (let i = 0; i < opts.warmup; i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const once = async (fn: () => unknown, into: number[]): Promise<void> => {
    const t0 = nowMs();
    await fn();
    into.push(nowMs() - t0);
  };
  for (let i = 0; i < opts.runs; i++) {
    if (i % 2 === 0) {
      await once(a, as);
      await once(b, bs);
    } else {
      await once(b, bs);
      await once(a, as);
    }
  }
  return { a: summarize(as), b: summarize(bs), diff: summarize(as.map((x, i) => x - bs[i])) };
}

export interface ProcessOptions extends TimeOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Per run; the child is killed (SIGKILL) after it. Default 30 s. */
  timeoutMs?: number;
  /** Called with the last timed run's stdout, to check the child did the work (throw if not). */
  check?: (stdout: string) => void;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs argv once (no shell), collecting its output; rejects only on spawn errors. */
export function runProcess(argv: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ProcessResult> {
  if (argv.length === 0) return Promise.reject(new Error('runProcess: empty argv'));
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: nowMs() - t0,
      });
    });
  });
}

function failure(argv: readonly string[], r: ProcessResult): Error {
  const why = r.signal ? `killed by ${r.signal} (timeout?)` : `exit ${r.code}`;
  return new Error(`${argv.join(' ')}: ${why}\n${(r.stderr || r.stdout).trim().slice(-2000)}`);
}

/** Runs argv (an argv array, never a shell string) warmup + runs times; wall time from spawn to exit. Non-zero exit throws. */
export async function timeProcess(argv: readonly string[], opts: ProcessOptions): Promise<Stats> {
  const samples: number[] = [];
  let last: ProcessResult | undefined;
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const r = await runProcess(argv, opts);
    if (r.code !== 0) throw failure(argv, r);
    if (i >= opts.warmup) samples.push(r.ms);
    last = r;
  }
  if (opts.check && last) opts.check(last.stdout);
  return summarize(samples);
}

const GNU_TIME = '/usr/bin/time';
let tmpDir: string | undefined;

function benchTmp(): string {
  if (!tmpDir) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-bench-'));
    process.once('exit', () => fs.rmSync(tmpDir as string, { recursive: true, force: true }));
  }
  return tmpDir;
}

/** A file in this run's temporary folder (removed when the process exits). */
export function tmpFile(name: string, contents?: string): string {
  const f = path.join(benchTmp(), name);
  if (contents !== undefined) fs.writeFileSync(f, contents);
  return f;
}

/** How peak RSS is measured on this machine. */
export function rssMethod(): 'gnu-time' | 'node-preload' {
  return fs.existsSync(GNU_TIME) ? 'gnu-time' : 'node-preload';
}

/**
 * Peak resident set size (MB) of one run of argv, median over `runs`.
 * With GNU time: `/usr/bin/time -f %M -o FILE argv...` (any program). Without it: only Node
 * programs (argv[0] === process.execPath) can be measured, through a `--require` preload that
 * writes `process.resourceUsage().maxRSS` on exit; for other programs the result is undefined.
 */
export async function peakRssMb(
  argv: readonly string[],
  opts: { runs: number; cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Stats | undefined> {
  const samples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const out = tmpFile(`rss-${process.pid}-${i}-${Math.random().toString(36).slice(2)}.txt`);
    let full: string[];
    let env = opts.env ?? process.env;
    if (rssMethod() === 'gnu-time') {
      full = [GNU_TIME, '-f', '%M', '-o', out, ...argv];
    } else if (argv[0] === process.execPath) {
      const preload = tmpFile(
        'rss-preload.js',
        "process.on('exit', () => require('fs').writeFileSync(process.env.DOCKERDB_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
      );
      full = [argv[0], '--require', preload, ...argv.slice(1)];
      env = { ...env, DOCKERDB_BENCH_RSS_FILE: out };
    } else {
      return undefined;
    }
    const r = await runProcess(full, { cwd: opts.cwd, env, timeoutMs: opts.timeoutMs });
    if (r.code !== 0) throw failure(full, r);
    const text = fs.readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
    const kb = Number(text);
    if (!Number.isFinite(kb) || kb <= 0) throw new Error(`peak RSS of ${argv.join(' ')}: unreadable "${text}"`);
    samples.push(kb / 1024);
  }
  return summarize(samples);
}

/** Runs `fn` over items with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Like mapLimit but never rejects: returns the errors. */
export async function settleLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<unknown[]> {
  const errors: unknown[] = [];
  await mapLimit(items, limit, async (item) => {
    try {
      await fn(item);
    } catch (e) {
      errors.push(e);
    }
  });
  return errors;
}
