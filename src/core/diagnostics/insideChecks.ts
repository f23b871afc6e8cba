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
  return r.exitCode === 126 || r.exitCode === 127 || /executable file not found|no such file or directory/i.test(r.stderr);
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

export async function insideChecks(ctx: InsideContext): Promise<CheckResult[]> {
  const user = ctx.credentials.user ?? 'postgres';
  const db = ctx.credentials.database ?? user;
  const exec = (argv: string[], env?: Record<string, string>) => execInContainer(ctx.docker, ctx.container, argv, { timeoutMs: ctx.timeoutMs, maxOutputBytes: 256 * 1024, ...(env ? { env } : {}) });
  const spec = (id: string, title: string) => ({ id, title, layer: 'inside' as const, timeoutMs: ctx.timeoutMs + 500 });
  const env: Record<string, string> = { PGCONNECT_TIMEOUT: String(Math.max(1, Math.floor(ctx.timeoutMs / 1000))) };
  if (ctx.credentials.password) env.PGPASSWORD = ctx.credentials.password;
  return Promise.all([
    runCheck(spec('inside.pg_isready', 'pg_isready inside the container'), async () => pgIsReadyOutcome(await exec(['pg_isready', '-p', String(ctx.port), '-U', user, '-d', db, '-t', '2']), ctx)),
    runCheck(spec('inside.psql', "psql -c 'select 1' inside the container"), async () => psqlOutcome(await exec(['psql', '-X', '-A', '-t', '-p', String(ctx.port), '-U', user, '-d', db, '-c', 'select 1'], env), ctx)),
    runCheck(spec('inside.listener', `Listener on port ${ctx.port} inside the container`), async () => {
      const r = await exec(['cat', '/proc/net/tcp', '/proc/net/tcp6']);
      const text = r.stdout.toString('utf8');
      if (text.trim() === '') return skip(`/proc/net/tcp could not be read inside the container (${firstLine(r.stderr) || `exit ${r.exitCode}`}).`);
      return listenerOutcome(text, ctx.port, ctx);
    }),
  ]);
}
