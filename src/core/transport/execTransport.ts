/**
 * The exec transport: `psql` inside the container through ONE `docker exec` per run, talking to
 * the server on its local socket. The SQL is a generated psql script on stdin (psqlScript.ts),
 * written one statement at a time: statement i+1 is sent only after psql reported statement i
 * complete, so a cancel or an output cap leaves nothing queued (closing the exec's stream does
 * NOT stop a docker exec process; closing its stdin does stop psql at the end of its input).
 * Stdout is parsed as it streams (psqlOutput.ts); stderr (errors, notices: psqlMessages.ts) when
 * psql has exited.
 *
 * Contract, as the direct transport's: SQL errors, cancels, a lost server and the output cap
 * resolve with `error` set (and the results of the statements that completed); failing to start
 * psql or to log in rejects with {@link ExecConnectError} or `ContainerUnavailableError`.
 */
import type Docker from 'dockerode';
import { StringDecoder } from 'node:string_decoder';
import type { QueryError, QueryResult } from '../../shared/results';
import { ContainerUnavailableError, demuxExecStream, execExitCode, execInContainer } from '../docker/exec';
import { splitStatements } from '../sql/split';
import { redact } from '../util/redact';
import { withTimeout } from '../util/timeout';
import { classifyExecStartFailure, parsePsqlStderr, positionFromCursor, PsqlMessage } from './psqlMessages';
import { PsqlOutputParser } from './psqlOutput';
import { buildPsqlScript, cancelArgv, isCopyWithClientIo, MIN_PSQL_VERSION, newRunTokens, PsqlLogin, PsqlScript, psqlArgv, psqlEnv } from './psqlScript';
import { CANCELED_MESSAGE, DEFAULT_ROW_LIMIT, QueryTarget, QueryTransport, RunOptions } from './types';

/** The server's own text for a cancelled statement; used as is when the cancel landed between statements. */

export interface ExecTransportOptions {
  /** psql output read per run before it is cut (`outputCapped`). Default 256 MiB. */
  maxOutputBytes?: number;
  /** After a cancel, how long psql may take to exit before its stream is dropped, ms. Default 1500. */
  cancelGraceMs?: number;
  /** Creating and starting the exec, ms. Default 10,000. */
  startTimeoutMs?: number;
}

/** psql could not run or could not log in inside the container (nothing ran). */
export class ExecConnectError extends Error {
  override readonly name = 'ExecConnectError';
  constructor(message: string, readonly reason: 'no-psql' | 'old-psql' | 'not-ready' | 'login') {
    super(message);
  }
}

type HijackedStream = NodeJS.ReadWriteStream & { destroy(): void; setTimeout?: (ms: number) => void; socket?: { setTimeout?: (ms: number) => void } };

/** What one psql process left behind. */
interface Outcome {
  parser: PsqlOutputParser;
  stderr: string;
  /** First bytes of stdout, for the engine's own exec errors ("executable file not found"). */
  head: string;
  exitCode: number | null;
  cancelled: boolean;
  capped: boolean;
}

const MAX_STDERR = 1024 * 1024;
const DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024;
const ERROR_SEVERITIES = new Set(['ERROR', 'FATAL', 'PANIC']);
const noop = (): void => undefined;

export class ExecTransport implements QueryTransport {
  readonly kind = 'exec' as const;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly docker: Docker,
    private readonly target: QueryTarget,
    private readonly options: ExecTransportOptions = {},
  ) {}

  get login(): PsqlLogin {
    const user = this.target.credentials.user ?? 'postgres';
    return { user, database: this.target.database ?? this.target.credentials.database ?? user };
  }

  async run(sql: string, options: RunOptions = {}): Promise<QueryResult> {
    const started = Date.now();
    const { user, database } = this.login;
    const out: QueryResult = { transport: 'exec', transportReason: options.reason ?? 'docker exec', database, user, results: [], notices: [], error: null, ms: 0 };
    const finish = (): QueryResult => ({ ...out, ms: Date.now() - started });
    const statements = splitStatements(sql).map((s) => s.text);
    const copy = statements.findIndex(isCopyWithClientIo);
    if (copy >= 0) {
      out.error = {
        message: `Statement ${copy + 1} copies from STDIN or to STDOUT, which cannot run through docker exec: the SQL itself is psql's input. Nothing was run. Copy from or to a file inside the container instead.`,
        code: '0A000',
        position: null,
        statementIndex: copy,
      };
      return finish();
    }
    if (options.signal?.aborted) out.error = cancelledError(0);
    if (statements.length === 0 || out.error) return finish();

    const tokens = newRunTokens();
    const script = buildPsqlScript(statements, tokens, { statementTimeoutMs: options.statementTimeoutMs });
    const parser = new PsqlOutputParser({ ...tokens, rowLimit: Math.max(0, options.rowLimit ?? DEFAULT_ROW_LIMIT), statements });
    const stop = new AbortController();
    const forward = (): void => stop.abort();
    options.signal?.addEventListener('abort', forward, { once: true });
    this.inFlight.add(stop);
    let o: Outcome;
    try {
      o = await this.execute(script, parser, stop.signal);
    } finally {
      options.signal?.removeEventListener('abort', forward);
      this.inFlight.delete(stop);
    }
    await this.interpret(o, script, statements, out, tokens.marker);
    return finish();
  }

  /** Cancels the runs in flight. */
  async dispose(): Promise<void> {
    for (const c of this.inFlight) c.abort();
  }

  private async execute(script: PsqlScript, parser: PsqlOutputParser, signal: AbortSignal): Promise<Outcome> {
    const startMs = this.options.startTimeoutMs ?? 10000;
    const name = this.target.containerName;
    const container = this.docker.getContainer(this.target.containerId);
    let exec: Docker.Exec;
    try {
      const env = Object.entries(psqlEnv(this.target.credentials.password)).map(([k, v]) => `${k}=${v}`);
      const create = container.exec({ Cmd: psqlArgv(this.login), Env: env, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false });
      exec = await withTimeout(create, startMs, `creating the exec in ${name} took too long`);
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404) throw new ContainerUnavailableError(name, 'gone');
      if (status === 409) throw new ContainerUnavailableError(name, 'not running', (err as Error).message.replace(/^.*?: /, ''));
      throw err;
    }
    const stream = (await withTimeout(exec.start({ hijack: true, stdin: true }), startMs, `starting psql in ${name} took too long`)) as HijackedStream;
    stream.setTimeout?.(0);
    stream.socket?.setTimeout?.(0);

    const o: Outcome = { parser, stderr: '', head: '', exitCode: null, cancelled: false, capped: false };
    const maxOut = this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    let outBytes = 0;
    let inputOpen = true;
    let dropped = false;
    let grace: NodeJS.Timeout | undefined;
    const endInput = (): void => {
      if (inputOpen) stream.end();
      inputOpen = false;
    };
    const send = (text: string): void => {
      if (inputOpen) stream.write(text);
    };
    // The last block goes with the trailer and the end of input: nothing can queue behind it, and
    // psql still ends if that statement leaves its lexer inside an unterminated quote or comment.
    const sendBlock = (i: number): void => {
      if (i + 1 < script.blocks.length) return send(script.blocks[i]);
      send(script.blocks[i] + script.trailer);
      endInput();
    };
    parser.onPid = () => sendBlock(0);
    parser.onStatementEnd = (i) => {
      if (i + 1 < script.blocks.length) sendBlock(i + 1);
    };
    const errDecoder = new StringDecoder('utf8');
    const onStdout = (chunk: Buffer): void => {
      if (o.head.length < 512) o.head += chunk.subarray(0, 512).toString('utf8');
      if (o.capped) return;
      if (outBytes + chunk.length > maxOut) {
        parser.push(chunk.subarray(0, maxOut - outBytes));
        o.capped = true;
        endInput(); // psql stops after the statement it is printing: nothing else was sent
        dropped = true;
        stream.destroy();
        return;
      }
      outBytes += chunk.length;
      parser.push(chunk);
    };
    const onStderr = (chunk: Buffer): void => {
      if (o.stderr.length < MAX_STDERR) o.stderr += errDecoder.write(chunk);
    };
    demuxExecStream(stream, onStdout, onStderr);

    const onAbort = (): void => {
      if (parser.done) return;
      o.cancelled = true;
      endInput();
      if (parser.pid !== null) this.cancelBackend(parser.pid).catch(noop);
      grace = setTimeout(() => {
        dropped = true;
        stream.destroy();
      }, this.options.cancelGraceMs ?? 1500);
    };
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    send(script.preamble);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      await ended;
    } finally {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(grace);
      stream.destroy();
    }
    if (o.stderr.length < MAX_STDERR) o.stderr += errDecoder.end();
    if (!dropped && !parser.done) o.exitCode = await execExitCode(exec, 24, true); // about 0.5 s; null: psql still runs
    return o;
  }

  /** `select pg_cancel_backend(pid)` from a second psql in the container. */
  private async cancelBackend(pid: number): Promise<void> {
    const env = psqlEnv(this.target.credentials.password);
    await execInContainer(this.docker, this.target.containerId, cancelArgv(this.login, pid), { env, timeoutMs: 5000 });
  }

  private async interpret(o: Outcome, script: PsqlScript, statements: string[], out: QueryResult, marker: string): Promise<void> {
    const { parser } = o;
    const secrets = [this.target.credentials.password ?? ''];
    const messages = parsePsqlStderr(o.stderr);
    out.results = parser.results;
    for (const m of messages) {
      if (m.severity && !ERROR_SEVERITIES.has(m.severity)) out.notices.push({ severity: m.severity, message: redact(m.message, secrets), ...(m.code ? { code: m.code } : {}) });
    }
    if (parser.done) return;
    const next = parser.results.length;
    const failed = messages.find((m) => m.severity && ERROR_SEVERITIES.has(m.severity)) ?? messages.find((m) => !m.severity);
    if (o.capped) {
      const cut = parser.partial();
      if (cut) out.results = [...parser.results, cut];
      const message = `The output passed the exec transport's limit of ${sizeText(this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT)} in statement ${next + 1}: its rows are cut${next + 1 < statements.length ? ' and the statements after it were not run' : ''}. Select fewer rows or columns, or lower the row limit.`;
      out.outputCapped = true;
      out.notices.push({ severity: 'WARNING', message });
      if (next + 1 < statements.length) out.error = { message, code: null, position: null, statementIndex: next };
      return;
    }
    if (o.cancelled) {
      out.error = cancelledError(next);
      return;
    }
    if (parser.pid === null) throw await this.startFailure(o, failed);
    if (failed?.severity === 'ERROR') {
      // An unterminated quote in the last statement swallows the script's tail: quote the user's text only.
      failed.message = failed.message.split(`\n\\gdesc\n\\echo ${marker} R `)[0] + (failed.message.includes(marker) ? '"' : '');
      out.error = toQueryError(failed, script.statementAtLine(failed.line ?? 0) ?? next, statements, secrets);
      return;
    }
    // psql died or lost its server: the container stopped, restarted, or the server crashed.
    const why = failed
      ? redact(failed.message, secrets)
      : o.exitCode === 3
        ? 'psql reported an error whose text was lost after too many notices'
        : `psql ended with exit code ${o.exitCode ?? 'unknown'}`;
    // A stopping container first shuts the server down (57P01): give the engine a moment to say so.
    const shutdown = !failed || /^57P0/.test(failed.code ?? '');
    const state = await this.containerState(shutdown ? 2000 : 0);
    const message =
      state === 'running'
        ? `Lost the connection to PostgreSQL inside ${this.target.containerName} while running statement ${next + 1} (${why}). The server probably crashed or restarted; run again.`
        : `Container ${this.target.containerName} ${state === 'gone' ? 'was removed' : 'stopped'} while statement ${next + 1} was running (${why}). Start it and run the query again.`;
    out.error = { message, code: failed?.code ?? '08006', position: null, statementIndex: next };
  }

  private async startFailure(o: Outcome, failed: PsqlMessage | undefined): Promise<Error> {
    const name = this.target.containerName;
    const state = await this.containerState();
    if (state !== 'running') return new ContainerUnavailableError(name, state === 'gone' ? 'gone' : 'not running');
    const kind = classifyExecStartFailure(o.exitCode, `${o.head}\n${failed?.message ?? ''}`);
    if (kind === 'no-psql') {
      return new ExecConnectError(`psql was not found in container ${name}, so Docker DB cannot query it through docker exec. Publish the PostgreSQL port to query it directly, or use an image that ships psql.`, 'no-psql');
    }
    if (kind === 'server-not-ready') {
      return new ExecConnectError(`PostgreSQL inside ${name} is not accepting connections yet: the container is probably still starting, restarting or being recreated. Wait until it is healthy (Docker DB: Wait Until Healthy) and run the query again.`, 'not-ready');
    }
    const version = o.parser.psqlVersion;
    if (version !== null && !(version >= MIN_PSQL_VERSION)) {
      const shown = Number.isFinite(version) ? ` ${Math.floor(version / 10000)}` : ' older than 10';
      return new ExecConnectError(`psql in container ${name} is version${shown}; querying through docker exec needs psql 12 or later (PostgreSQL 12+ images). Publish the PostgreSQL port to query it directly.`, 'old-psql');
    }
    const why = redact(failed?.message ?? (o.head.trim() || `psql exited with code ${o.exitCode ?? 'unknown'}`), [this.target.credentials.password ?? '']);
    const { user, database } = this.login;
    return new ExecConnectError(`psql inside ${name} could not log in as "${user}" to database "${database}": ${why}. Check the database name and the container's POSTGRES_USER and POSTGRES_DB.`, 'login');
  }

  /** The container's state; while running, asked again (every 200 ms) until `waitMs` passed. */
  private async containerState(waitMs = 0): Promise<'running' | 'stopped' | 'gone'> {
    const until = Date.now() + waitMs;
    for (let i = 0; i < 50; i++) {
      try {
        const info = await withTimeout(this.docker.getContainer(this.target.containerId).inspect(), 5000, 'inspect took too long');
        if (!info.State.Running) return 'stopped';
      } catch (err) {
        return (err as { statusCode?: number }).statusCode === 404 ? 'gone' : 'stopped';
      }
      if (Date.now() >= until) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return 'running';
  }
}

export function cancelledError(statementIndex: number): QueryError {
  return { message: CANCELED_MESSAGE, code: '57014', position: null, statementIndex };
}

function toQueryError(m: PsqlMessage, statementIndex: number, statements: string[], secrets: string[]): QueryError {
  const text = statements[statementIndex];
  const position = m.cursor && !m.query && text !== undefined ? positionFromCursor(text, m.cursor) : null;
  const e: QueryError = { message: redact(m.message, secrets), code: m.code, position, statementIndex };
  if (m.detail) e.detail = redact(m.detail, secrets);
  if (m.hint) e.hint = redact(m.hint, secrets);
  return e;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

