/**
 * Inside the container, through docker exec: does PostgreSQL answer there, and does something
 * listen on its port on an address the port forwarding can reach?
 */
import type Docker from 'dockerode';
import type { CheckResult } from '../../shared/diagnostics';
import type { DbCredentials } from '../engines/credentials';
import { execInContainer, ExecResult } from '../docker/exec';
import { redact } from '../util/redact';
import { CheckOutcome, fail, pass, runCheck, skip } from './check';
import { listenScope, parseProcNetTcp } from './procNet';

export interface InsideContext {
  docker: Docker;
  container: string;
  credentials: DbCredentials;
  port: number;
  timeoutMs: number;
}

function missingProgram(r: ExecResult): boolean {
  // Not "No such file or directory" alone: psql says that when the server's socket is missing.
  return r.exitCode === 126 || r.exitCode === 127 || /executable file not found/i.test(r.stderr);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

export function pgIsReadyOutcome(r: ExecResult, ctx: Pick<InsideContext, 'container'>): CheckOutcome {
  const said = firstLine(r.stdout.toString('utf8')) || firstLine(r.stderr);
  if (missingProgram(r)) return skip('pg_isready is not available in the image.');
  switch (r.exitCode) {
    case 0:
      return pass(`pg_isready inside the container: ${said}.`);
    case 1:
      return fail(`Inside the container PostgreSQL rejects connections (${said}). It is starting up or shutting down.`, `Wait until it is ready (dockerdb wait ${ctx.container}) and diagnose again.`, 'rejecting');
    case 2:
      return fail(`Inside the container PostgreSQL does not answer (${said}). The server is not running in the container.`, `Read the container logs (docker logs ${ctx.container}) for why the server stopped.`, 'no-response');
    default:
      return fail(`pg_isready inside the container exited with ${r.exitCode} (${said}). Its parameters or environment are wrong.`, `Run it by hand: docker exec ${ctx.container} pg_isready.`, `exit-${r.exitCode}`);
  }
}

export function psqlOutcome(r: ExecResult, ctx: Pick<InsideContext, 'container' | 'credentials'>): CheckOutcome {
  const user = ctx.credentials.user ?? 'postgres';
  const db = ctx.credentials.database ?? user;
  if (missingProgram(r)) return skip('psql is not available in the image.');
  const out = r.stdout.toString('utf8').trim();
  if (r.exitCode === 0 && out === '1') return pass(`psql -U ${user} -d ${db} -c 'select 1' answered inside the container.`);
  const err = redact(firstLine(r.stderr) || out, ctx.credentials.password ? [ctx.credentials.password] : []);
  if (/does not exist/.test(err) && /database/.test(err)) {
    return fail(`Inside the container database "${db}" does not exist (${err}). POSTGRES_DB creates it only with a new data directory.`, `Create it (docker exec ${ctx.container} createdb -U ${user} ${db}).`, '3D000');
  }
  if (/role .* does not exist/.test(err)) {
    return fail(`Inside the container role "${user}" does not exist (${err}). POSTGRES_USER creates it only with a new data directory.`, 'Use the role the database was initialised with, or create this one.', '28000');
  }
  if (/too many clients|remaining connection slots/i.test(err)) {
    return fail(`Inside the container PostgreSQL has no free connection slot either (${err}). Other clients hold every connection.`, 'Close idle connections (pg_stat_activity, a connection pool) or raise max_connections.', '53300');
  }
  if (/starting up|in recovery mode/i.test(err)) {
    return fail(`Inside the container PostgreSQL is still starting up (${err}). The server is initialising or recovering.`, `Wait until it is ready (dockerdb wait ${ctx.container}) and diagnose again.`, '57P03');
  }
  return fail(`psql -c 'select 1' failed inside the container: ${err || `exit ${r.exitCode}`}. The server is down, starting, or refuses local connections.`, `Read the container logs (docker logs ${ctx.container}).`, `exit-${r.exitCode}`);
}

export function listenerOutcome(procNetText: string, port: number, ctx: Pick<InsideContext, 'container'>): CheckOutcome {
  const { scope, addresses } = listenScope(parseProcNetTcp(procNetText), port);
  if (scope === 'reachable') return pass(`Port ${port} is listened on inside the container (${addresses.join(', ')}).`);
  if (scope === 'loopback-only') {
    return fail(`Inside the container PostgreSQL listens on port ${port} only on ${addresses.join(', ')}. The port forwarding reaches the container's network address, where nothing listens.`, `Set listen_addresses = '*' (e.g. command: postgres -c listen_addresses='*') and restart ${ctx.container}.`, 'loopback-only');
  }
  return fail(`Nothing listens on port ${port} inside the container. PostgreSQL is not running, still starting, or configured for another port.`, `Read the container logs (docker logs ${ctx.container}) and check the port setting (PGPORT, -c port=...).`, 'not-listening');
}

/** pg_isready, psql and the listener table in one exec (one round trip instead of three). Values arrive as $1..$3. */
const INSIDE_SCRIPT = [
  'p="$1"; u="$2"; d="$3"',
  'echo @@pg_isready; pg_isready -p "$p" -U "$u" -d "$d" -t 1 2>&1; echo "@@exit $?"',
  "echo @@psql; psql -X -A -t -p \"$p\" -U \"$u\" -d \"$d\" -c 'select 1' 2>&1; echo \"@@exit $?\"",
  'echo @@listener; cat /proc/net/tcp /proc/net/tcp6 2>&1; echo "@@exit $?"',
].join('\n');

/** The sections of INSIDE_SCRIPT's output as exec results (output doubles as stderr for messages); null when incomplete. */
export function splitInside(out: string, elapsedMs: number): Record<'pg_isready' | 'psql' | 'listener', ExecResult> | null {
  const found: Partial<Record<string, ExecResult>> = {};
  const re = /^@@(pg_isready|psql|listener)\n([\s\S]*?)^@@exit (\d+)$/gm;
  for (let m = re.exec(out); m; m = re.exec(out)) {
    found[m[1]] = { exitCode: Number(m[3]), stdout: Buffer.from(m[2]), stderr: m[2], truncated: false, elapsedMs };
  }
  return found.pg_isready && found.psql && found.listener ? (found as Record<'pg_isready' | 'psql' | 'listener', ExecResult>) : null;
}

function listenerFrom(r: ExecResult, ctx: InsideContext): CheckOutcome {
  const text = r.exitCode === 0 ? r.stdout.toString('utf8') : '';
  if (text.trim() === '') return skip(`/proc/net/tcp could not be read inside the container (${firstLine(r.stderr) || `exit ${r.exitCode}`}).`);
  return listenerOutcome(text, ctx.port, ctx);
}

export async function insideChecks(ctx: InsideContext): Promise<CheckResult[]> {
  const user = ctx.credentials.user ?? 'postgres';
  const db = ctx.credentials.database ?? user;
  const exec = (argv: string[], env?: Record<string, string>) => execInContainer(ctx.docker, ctx.container, argv, { timeoutMs: ctx.timeoutMs, maxOutputBytes: 256 * 1024, ...(env ? { env } : {}) });
  const spec = (id: string, title: string) => ({ id, title, layer: 'inside' as const, timeoutMs: ctx.timeoutMs + 500 });
  const env: Record<string, string> = { PGCONNECT_TIMEOUT: String(Math.max(1, Math.floor(ctx.timeoutMs / 1000))) };
  if (ctx.credentials.password) env.PGPASSWORD = ctx.credentials.password;
  const specs = {
    pg_isready: spec('inside.pg_isready', 'pg_isready inside the container'),
    psql: spec('inside.psql', "psql -c 'select 1' inside the container"),
    listener: spec('inside.listener', `Listener on port ${ctx.port} inside the container`),
  };
  const started = Date.now();
  let combined: ExecResult;
  try {
    combined = await exec(['sh', '-c', INSIDE_SCRIPT, 'sh', String(ctx.port), user, db], { ...env, PGCONNECT_TIMEOUT: '1' });
  } catch (err) {
    const why = fail(`docker exec into ${ctx.container} did not answer: ${(err as Error).message}. The container is overloaded, stopping, or the engine is slow.`, `Run docker exec ${ctx.container} pg_isready by hand; restart the container if it hangs.`, 'exec-failed');
    return Object.values(specs).map((s) => ({ id: s.id, title: s.title, layer: s.layer, ms: Date.now() - started, ...why }));
  }
  const parts = splitInside(combined.stdout.toString('utf8'), combined.elapsedMs);
  if (parts) {
    const at = (s: (typeof specs)['psql'], o: CheckOutcome): CheckResult => ({ id: s.id, title: s.title, layer: s.layer, ms: parts.psql.elapsedMs, ...o });
    return [at(specs.pg_isready, pgIsReadyOutcome(parts.pg_isready, ctx)), at(specs.psql, psqlOutcome(parts.psql, ctx)), at(specs.listener, listenerFrom(parts.listener, ctx))];
  }
  // No shell in the image (or it failed): one exec per check.
  return Promise.all([
    runCheck(specs.pg_isready, async () => pgIsReadyOutcome(await exec(['pg_isready', '-p', String(ctx.port), '-U', user, '-d', db, '-t', '2']), ctx)),
    runCheck(specs.psql, async () => psqlOutcome(await exec(['psql', '-X', '-A', '-t', '-p', String(ctx.port), '-U', user, '-d', db, '-c', 'select 1'], env), ctx)),
    runCheck(specs.listener, async () => listenerFrom(await exec(['cat', '/proc/net/tcp', '/proc/net/tcp6']), ctx)),
  ]);
}
