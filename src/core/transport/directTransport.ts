/**
 * The direct transport: node-postgres over the container's published host port.
 *
 * One dedicated `pg.Client` per target (not a pool), opened on the first run and kept, so SET,
 * temp tables and open transactions persist from run to run like a psql session. Statements are
 * split like psql does and sent one by one as simple queries, stopping at the first error
 * (ON_ERROR_STOP, each statement autocommits), so an error's statement index and position are exact.
 *
 * Rows are read by a custom submittable that sees the protocol messages directly: values stay in
 * PostgreSQL's text form (no type parsing), the command tag is the server's own text, and rows past
 * the row limit are counted and dropped as they arrive, so memory holds at most `rowLimit` rows per
 * statement however large the result (the server still sends them all; a cancel stops it).
 */
import { Client, DatabaseError } from 'pg';
import type { QueryError, QueryNotice, QueryResult, StatementResult } from '../../shared/results';
import type { HostEndpoint } from '../docker/endpoints';
import { formatEndpoint } from '../docker/endpoints';
import { splitStatements } from '../sql/split';
import { withTimeout } from '../util/timeout';
import { FORMAT_TYPE_SQL, TypeNames } from './pgTypes';
import { classifyConnectError, describeConnectFailure, describeNotPublished, ProbeFailureReason } from './probe';
import { CANCELED_MESSAGE, DEFAULT_ROW_LIMIT, QueryTarget, QueryTransport, RunOptions, tagRowCount } from './types';

/** The connection could not be opened (refused, timeout, wrong password, missing database …). */
export class DirectConnectError extends Error {
  override readonly name = 'DirectConnectError';
  constructor(message: string, readonly reason: ProbeFailureReason, readonly code: string | null) {
    super(message);
  }
}

export interface DirectTransportOptions {
  /** Connect (TCP + login) timeout, ms. Default 3000. */
  connectTimeoutMs?: number;
  /** After a cancel, how long to wait for the server before dropping the connection, ms. Default 1500. */
  cancelGraceMs?: number;
}

export interface ColumnField {
  name: string;
  oid: number;
  typmod: number;
}

/** One statement result plus the raw column descriptions its type names come from. */
export interface CollectedResult {
  result: StatementResult;
  fields: ColumnField[];
}


/**
 * A node-postgres submittable for one simple query. The client calls these handlers with the
 * parsed protocol messages; `done` settles with null (ReadyForQuery) or the error.
 */
export class StatementCollector {
  readonly collected: CollectedResult[] = [];
  readonly done: Promise<Error | null>;
  private fields: ColumnField[] | null = null;
  private rows: Array<Array<string | null>> = [];
  private seen = 0;
  private settle!: (err: Error | null) => void;

  constructor(
    readonly text: string,
    private readonly rowLimit: number,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleRowDescription(msg: { fields: Array<{ name: string; dataTypeID: number; dataTypeModifier: number }> }): void {
    this.fields = msg.fields.map((f) => ({ name: f.name, oid: f.dataTypeID, typmod: f.dataTypeModifier }));
    this.rows = [];
    this.seen = 0;
  }

  handleDataRow(msg: { fields: Array<string | null> }): void {
    this.seen++;
    if (this.rows.length < this.rowLimit) this.rows.push(msg.fields);
  }

  handleCommandComplete(msg: { text: string }): void {
    const fields = this.fields ?? [];
    this.collected.push({
      fields,
      result: {
        command: msg.text,
        columns: fields.map((f) => ({ name: f.name, type: '' })),
        rows: this.rows,
        rowCount: this.fields ? this.seen : tagRowCount(msg.text),
        truncated: this.seen > this.rows.length,
      },
    });
    this.fields = null;
    this.rows = [];
    this.seen = 0;
  }

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('COPY FROM STDIN is not supported here: there is no input stream');
  }

  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
  handleError(err: Error): void {
    this.settle(err);
  }
  handleReadyForQuery(): void {
    this.settle(null);
  }
}

/** A server error as the result model reports it (position 1-based within the statement's text). */
export function toQueryError(err: Error, statementIndex: number | null): QueryError {
  const e = err as Partial<DatabaseError>;
  const out: QueryError = {
    message: err.message,
    code: typeof e.code === 'string' ? e.code : null,
    position: e.position ? Number(e.position) || null : null,
    statementIndex,
  };
  if (e.detail) out.detail = e.detail;
  if (e.hint) out.hint = e.hint;
  return out;
}

interface Session {
  client: Client;
  pid: number;
  types: TypeNames;
  broken: boolean;
  /** statement_timeout this transport last set, ms (0: none). */
  timeoutMs: number;
}

const TEXT_TYPES = { getTypeParser: () => (value: string) => value };
const noop = (): void => undefined;

export class DirectTransport implements QueryTransport {
  readonly kind = 'direct' as const;
  private session: Session | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private notices: QueryNotice[] | null = null;
  private disposed = false;
  private readonly connectTimeoutMs: number;
  private readonly cancelGraceMs: number;

  constructor(
    private readonly target: QueryTarget,
    options: DirectTransportOptions = {},
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.cancelGraceMs = options.cancelGraceMs ?? 1500;
  }

  get user(): string {
    return this.target.credentials.user ?? 'postgres';
  }

  get database(): string {
    return this.target.database ?? this.target.credentials.database ?? this.user;
  }

  /**
   * Runs one `sql` at a time (calls queue up). SQL errors, lost connections and cancels resolve with
   * `error` set; failing to connect rejects with {@link DirectConnectError}.
   */
  run(sql: string, options: RunOptions = {}): Promise<QueryResult> {
    const next = this.queue.then(() => this.runNow(sql, options));
    this.queue = next.catch(noop);
    return next;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const s = this.session;
    this.session = null;
    if (s) await withTimeout(s.client.end(), 2000, 'close').catch(() => destroy(s.client));
  }

  private async runNow(sql: string, options: RunOptions): Promise<QueryResult> {
    const started = Date.now();
    const endpoint = this.endpoint();
    const out: QueryResult = {
      transport: 'direct',
      transportReason: options.reason ?? `direct connection to ${formatEndpoint(endpoint)}`,
      database: this.database,
      user: this.user,
      results: [],
      notices: [],
      error: null,
      ms: 0,
    };
    const statements = splitStatements(sql);
    const signal = options.signal;
    const cancelled = (i: number, err?: Error): QueryError => ({
      message: err && (err as Partial<DatabaseError>).code === '57014' ? err.message : CANCELED_MESSAGE,
      code: '57014',
      position: null,
      statementIndex: i,
    });
    if (signal?.aborted) return { ...out, error: cancelled(0), ms: Date.now() - started };
    const s = await this.connect(endpoint);
    this.notices = out.notices;
    const collected: CollectedResult[] = [];
    try {
      out.error = await this.applyTimeout(s, options.statementTimeoutMs ?? 0);
      for (let i = 0; i < statements.length && !out.error; i++) {
        if (signal?.aborted) {
          out.error = cancelled(i);
          break;
        }
        const q = new StatementCollector(statements[i].text, Math.max(0, options.rowLimit ?? DEFAULT_ROW_LIMIT));
        const err = await this.execute(s, q, signal);
        collected.push(...q.collected);
        if (!err) continue;
        if (signal?.aborted) out.error = cancelled(i, err);
        else if (s.broken || !(err instanceof DatabaseError) || err.severity === 'FATAL' || err.severity === 'PANIC') {
          s.broken = true;
          out.error = { ...toQueryError(err, i), code: (err as Partial<DatabaseError>).code ?? '08006', message: this.lostMessage(endpoint, i, err) };
        } else out.error = toQueryError(err, i);
      }
      await this.nameColumns(s, collected);
    } finally {
      this.notices = null;
      if (s.broken) this.drop(s);
    }
    out.results = collected.map((c) => c.result);
    out.ms = Date.now() - started;
    return out;
  }

  private endpoint(): HostEndpoint {
    if (this.disposed) throw new Error('This direct connection was closed.');
    const e = this.target.endpoint;
    if (!e) throw new DirectConnectError(`${describeNotPublished()} Publish the port, or query through docker exec.`, 'not-published', null);
    return e;
  }

  private lostMessage(endpoint: HostEndpoint, i: number, err: Error): string {
    return `Lost the connection to PostgreSQL at ${formatEndpoint(endpoint)} while running statement ${i + 1} (${err.message}). The container probably stopped or restarted, or its port forwarding broke; run again to reconnect.`;
  }

  private newClient(endpoint: HostEndpoint, timeoutMs: number): Client {
    const password = this.target.credentials.password;
    const client = new Client({
      host: endpoint.host,
      port: endpoint.port,
      user: this.user,
      database: this.database,
      // A function keeps PGPASSWORD and ~/.pgpass out of it: only the container's password is tried.
      password: () => password ?? undefined,
      connectionTimeoutMillis: Math.max(1, timeoutMs),
      keepAlive: true,
      application_name: 'Docker DB',
      // Like psql on a UTF-8 system; node-postgres decodes the text as UTF-8.
      options: '-c client_encoding=UTF8',
      types: TEXT_TYPES,
    } as unknown as ConstructorParameters<typeof Client>[0]);
    client.on('error', noop);
    return client;
  }

  private async connect(endpoint: HostEndpoint): Promise<Session> {
    if (this.session && !this.session.broken) return this.session;
    if (this.session) this.drop(this.session);
    const client = this.newClient(endpoint, this.connectTimeoutMs);
    let accepted = false;
    client.connection.once('connect', () => (accepted = true));
    try {
      await client.connect();
    } catch (err) {
      destroy(client);
      const f = classifyConnectError(err, accepted);
      const { credentials } = this.target;
      const ctx = { endpoint, user: this.user, database: this.database, credentials, timeoutMs: this.connectTimeoutMs };
      throw new DirectConnectError(describeConnectFailure(f, ctx), f.reason, f.code);
    }
    const s: Session = {
      client,
      pid: (client as unknown as { processID: number }).processID,
      types: new TypeNames(async (oids, typmods) => {
        const r = await client.query({ text: FORMAT_TYPE_SQL, values: [oids, typmods], rowMode: 'array' });
        return r.rows.map((row: unknown[]) => String(row[0]));
      }),
      broken: false,
      timeoutMs: 0,
    };
    client.on('error', () => (s.broken = true));
    client.on('end', () => (s.broken = true));
    client.on('notice', (n) => this.notices?.push({ severity: n.severity ?? 'NOTICE', message: n.message ?? '', ...(n.code ? { code: n.code } : {}) }));
    this.session = s;
    return s;
  }

  private drop(s: Session): void {
    s.broken = true;
    if (this.session === s) this.session = null;
    destroy(s.client);
  }

  private async applyTimeout(s: Session, ms: number): Promise<QueryError | null> {
    const wanted = Number.isFinite(ms) && ms > 0 ? Math.floor(ms) : 0;
    if (wanted === s.timeoutMs) return null;
    const q = new StatementCollector(`SET statement_timeout = ${wanted}`, 0);
    s.client.query(q);
    const err = await q.done;
    if (err) return { ...toQueryError(err, null), message: `Could not set statement_timeout: ${err.message}` };
    s.timeoutMs = wanted;
    return null;
  }

  /** Runs one statement; on abort, cancels it server-side and drops the connection if the server does not react in time. */
  private async execute(s: Session, q: StatementCollector, signal: AbortSignal | undefined): Promise<Error | null> {
    s.client.query(q);
    if (!signal) return q.done;
    let cancelling: Promise<void> | undefined;
    let grace: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      cancelling = this.cancelBackend(s.pid);
      grace = setTimeout(() => this.drop(s), this.cancelGraceMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await q.done;
    } finally {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(grace);
      await cancelling;
    }
  }

  /** `pg_cancel_backend(pid)` from a second, short-lived connection; bounded by the cancel grace time. */
  private async cancelBackend(pid: number): Promise<void> {
    const endpoint = this.target.endpoint;
    if (!endpoint) return;
    const client = this.newClient(endpoint, Math.min(this.connectTimeoutMs, this.cancelGraceMs));
    const work = client.connect().then(() => client.query({ text: 'SELECT pg_cancel_backend($1)', values: [pid] }));
    await withTimeout(work, this.cancelGraceMs, 'cancel').catch(noop);
    destroy(client);
  }

  private async nameColumns(s: Session, collected: CollectedResult[]): Promise<void> {
    const pairs = collected.flatMap((c) => c.fields);
    // In a failed transaction block every query errors out: use the static names instead.
    const txStatus = (s.client as unknown as { _txStatus?: string | null })._txStatus;
    if (pairs.length > 0 && !s.broken && txStatus !== 'E') await s.types.resolve(pairs);
    for (const c of collected) c.result.columns = c.fields.map((f) => ({ name: f.name, type: s.types.name(f.oid, f.typmod) }));
  }
}

function destroy(client: Client): void {
  client.end().catch(noop);
  client.connection.stream.destroy();
}
