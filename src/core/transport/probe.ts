/**
 * Can this machine talk to the container's PostgreSQL through the published host port?
 *
 * Two steps inside one time budget:
 *  1. a raw TCP connect that sends PostgreSQL's 8-byte SSLRequest. A live server answers one
 *     byte ('S' or 'N') at once. This separates "refused" from "accepted, then silence" — the
 *     black-holed case where docker-proxy accepts on the host but its dial to the container is
 *     dropped — and from "accepted, then closed" (docker-proxy could not reach the backend);
 *  2. a real startup + authentication with node-postgres, so a wrong password or a missing
 *     database is known before any SQL is sent.
 */
import * as net from 'node:net';
import { Client } from 'pg';
import type { HostEndpoint } from '../docker/endpoints';
import { formatEndpoint } from '../docker/endpoints';
import type { DbCredentials } from '../engines/credentials';
import { redact } from '../util/redact';

export type ProbeFailureReason =
  | 'refused'
  | 'timeout-connect'
  | 'timeout-after-accept'
  | 'reset'
  | 'auth'
  | 'no-database'
  | 'not-published'
  | 'other';

export type ProbeResult = { ok: true; ms: number } | { ok: false; reason: ProbeFailureReason; message: string; ms: number };

export interface ProbeOptions {
  /** The whole probe finishes within this many ms (plus a few ms of slack). Default 1500. */
  budgetMs?: number;
  /** Database to log in to; default: the credentials' database. */
  database?: string;
}

/** What went wrong connecting, in the probe's vocabulary; used by the probe and the direct transport. */
export interface ConnectFailure {
  reason: ProbeFailureReason;
  /** SQLSTATE when the server sent one (28P01, 3D000, …), else the socket error code, else null. */
  code: string | null;
  detail: string;
}

/** PostgreSQL's SSLRequest: length 8, code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Classifies a node-postgres / socket error raised while connecting. `accepted`: the TCP connection was established. */
export function classifyConnectError(err: unknown, accepted: boolean): ConnectFailure {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : null;
  const detail = typeof e?.message === 'string' ? e.message : String(err);
  let reason: ProbeFailureReason = 'other';
  if (code === '28P01' || code === '28000' || /SASL|password must be/i.test(detail)) reason = 'auth';
  else if (code === '3D000') reason = 'no-database';
  else if (code === 'ECONNREFUSED') reason = 'refused';
  else if (code === 'ECONNRESET' || code === 'EPIPE' || /terminated unexpectedly/i.test(detail)) reason = accepted ? 'reset' : 'refused';
  else if (code === 'ETIMEDOUT' || /timeout/i.test(detail)) reason = accepted ? 'timeout-after-accept' : 'timeout-connect';
  return { reason, code, detail };
}

export interface FailureContext {
  endpoint: HostEndpoint;
  user: string;
  database: string;
  credentials: Pick<DbCredentials, 'password' | 'passwordSource'>;
  timeoutMs: number;
}

/** One plain sentence each: what happened, the probable cause, what to do. Never contains the password. */
export function describeConnectFailure(f: ConnectFailure, ctx: FailureContext): string {
  const at = formatEndpoint(ctx.endpoint);
  const src = ctx.credentials.passwordSource ?? 'the container environment';
  const text = ((): string => {
    switch (f.reason) {
      case 'refused':
        return `Nothing accepted a connection on ${at} (connection refused): the port is not published on that address, or the container stopped. Check the container's port mapping.`;
      case 'timeout-connect':
        return `${at} did not accept a TCP connection within ${ctx.timeoutMs} ms: a firewall drops the traffic or the address is unreachable. Check the port mapping and local firewall rules.`;
      case 'timeout-after-accept':
        return `${at} accepted the TCP connection but the database never answered within ${ctx.timeoutMs} ms: the port forwarding (docker-proxy/iptables) is broken, not the database. Query through docker exec, or restart the container to recreate the forwarding.`;
      case 'reset':
        return `${at} accepted the TCP connection and then closed it: docker-proxy could not reach PostgreSQL inside the container (still starting, or not listening on the published port). Wait until the container is healthy, or check its logs.`;
      case 'auth':
        return ctx.credentials.password === null
          ? `PostgreSQL at ${at} asked for a password for user "${ctx.user}", and none is known: the container sets no password variable. Set POSTGRES_PASSWORD, or query through docker exec.`
          : `PostgreSQL at ${at} rejected the login of user "${ctx.user}" (${f.code ?? 'authentication failed'}): the password from ${src} differs from the one stored in the database (it is set only when the data directory is first created), or pg_hba.conf refuses the connection. Fix the password, or query through docker exec.`;
      case 'no-database':
        return `Database "${ctx.database}" does not exist on ${at}: POSTGRES_DB names a database that was never created, or the port reaches another server. Pick an existing database.`;
      default:
        return `Could not connect to PostgreSQL at ${at}: ${f.detail}.`;
    }
  })();
  return redact(text, ctx.credentials.password ? [ctx.credentials.password] : []);
}

type Step1 = { answered: true } | { answered: false; failure: ConnectFailure };

/** TCP connect + SSLRequest; settles within `timeoutMs`. */
function sslRequest(endpoint: HostEndpoint, timeoutMs: number): Promise<Step1> {
  return new Promise((resolve) => {
    let accepted = false;
    let settled = false;
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const finish = (result: Step1): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const fail = (reason: ProbeFailureReason, code: string | null, detail: string): void => finish({ answered: false, failure: { reason, code, detail } });
    const timer = setTimeout(() => fail(accepted ? 'timeout-after-accept' : 'timeout-connect', null, 'timeout'), Math.max(1, timeoutMs));
    socket.once('connect', () => {
      accepted = true;
      socket.write(SSL_REQUEST);
    });
    socket.once('data', (buf: Buffer) => {
      const b = String.fromCharCode(buf[0]);
      if (b === 'S' || b === 'N' || b === 'E') finish({ answered: true });
      else fail('other', null, `the server on this port does not speak the PostgreSQL protocol (it answered 0x${buf[0].toString(16)})`);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const c = classifyConnectError(err, accepted);
      fail(c.reason, c.code, c.detail);
    });
    socket.once('close', () => fail(accepted ? 'reset' : 'refused', null, 'connection closed'));
  });
}

/** Startup + authentication with node-postgres; settles within `timeoutMs`. */
async function login(endpoint: HostEndpoint, credentials: DbCredentials, database: string, timeoutMs: number): Promise<ConnectFailure | null> {
  const client = new Client({
    host: endpoint.host,
    port: endpoint.port,
    user: credentials.user ?? 'postgres',
    database,
    // A function keeps PGPASSWORD and ~/.pgpass out of it: only the container's password is tried.
    password: () => credentials.password ?? undefined,
    connectionTimeoutMillis: Math.max(1, timeoutMs),
    application_name: 'Docker DB probe',
  } as unknown as ConstructorParameters<typeof Client>[0]);
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout expired')), Math.max(1, timeoutMs) + 50);
  });
  try {
    await Promise.race([client.connect(), guard]);
    return null;
  } catch (err) {
    return classifyConnectError(err, true);
  } finally {
    clearTimeout(timer);
    client.end().catch(() => undefined);
  }
}

/** Probes the published endpoint of a PostgreSQL container within `budgetMs`. */
export async function probePostgres(endpoint: HostEndpoint | null, credentials: DbCredentials, options: ProbeOptions = {}): Promise<ProbeResult> {
  const budgetMs = options.budgetMs ?? 1500;
  const started = Date.now();
  const user = credentials.user ?? 'postgres';
  const database = options.database ?? credentials.database ?? user;
  const elapsed = (): number => Date.now() - started;
  const failed = (failure: ConnectFailure): ProbeResult => ({
    ok: false,
    reason: failure.reason,
    message: endpoint ? describeConnectFailure(failure, { endpoint, user, database, credentials, timeoutMs: budgetMs }) : describeNotPublished(),
    ms: elapsed(),
  });
  if (!endpoint) return failed({ reason: 'not-published', code: null, detail: 'not published' });

  const step1 = await sslRequest(endpoint, budgetMs);
  if (!step1.answered) return failed(step1.failure);
  const left = budgetMs - elapsed();
  if (left <= 0) return failed({ reason: 'timeout-after-accept', code: null, detail: 'no time left for the login' });
  const failure = await login(endpoint, credentials, database, left);
  return failure ? failed(failure) : { ok: true, ms: elapsed() };
}

/** The message for a target without a published endpoint. */
export function describeNotPublished(): string {
  return 'The PostgreSQL port of this container is not published on the host.';
}
