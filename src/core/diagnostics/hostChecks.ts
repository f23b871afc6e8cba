/**
 * From this machine to the published port, one address at a time: TCP connect, PostgreSQL
 * startup (through probePostgres), then login with the container's credentials and `SELECT 1`.
 */
import { Client } from 'pg';
import type { CheckResult } from '../../shared/diagnostics';
import type { HostEndpoint } from '../docker/endpoints';
import { formatEndpoint } from '../docker/endpoints';
import type { DbCredentials } from '../engines/credentials';
import { probePostgres, ProbeResult } from '../transport/probe';
import { redact } from '../util/redact';
import { CheckOutcome, fail, pass, runCheck, skipped } from './check';

export interface SqlAnswer {
  ok: boolean;
  /** SQLSTATE or socket error code. */
  code: string | null;
  message: string;
  ms: number;
}

/** Logs in and runs `SELECT 1` within `timeoutMs`; never throws. */
export async function loginAndSelect(e: HostEndpoint, creds: DbCredentials, timeoutMs: number): Promise<SqlAnswer> {
  const started = Date.now();
  const client = new Client({
    host: e.host,
    port: e.port,
    user: creds.user ?? 'postgres',
    database: creds.database ?? creds.user ?? 'postgres',
    password: () => creds.password ?? undefined,
    connectionTimeoutMillis: Math.max(1, timeoutMs),
    application_name: 'Docker DB doctor',
  } as unknown as ConstructorParameters<typeof Client>[0]);
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout expired'), { code: 'ETIMEDOUT' })), Math.max(1, timeoutMs));
  });
  try {
    await Promise.race([client.connect(), guard]);
    const r = await Promise.race([client.query('SELECT 1 AS one'), guard]);
    const one = (r.rows[0] as { one?: unknown } | undefined)?.one;
    return one === 1 ? { ok: true, code: null, message: 'SELECT 1 returned 1', ms: Date.now() - started } : { ok: false, code: null, message: `SELECT 1 returned ${String(one)}`, ms: Date.now() - started };
  } catch (err) {
    const e2 = err as { code?: unknown; message?: unknown };
    return { ok: false, code: typeof e2.code === 'string' ? e2.code : null, message: typeof e2.message === 'string' ? e2.message : String(err), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    client.end().catch(() => undefined);
  }
}

export interface HostCheckContext {
  container: string;
  credentials: DbCredentials;
  /** Budget of the TCP + startup probe per address (the black-holed case waits this long). */
  probeBudgetMs: number;
}

/** TCP and protocol outcomes from one probe; `null` protocol means "not reached". */
export function probeOutcomes(e: HostEndpoint, probe: ProbeResult, budgetMs: number): { tcp: CheckOutcome; protocol: CheckOutcome | null; answered: boolean } {
  const a = formatEndpoint(e);
  const accepted = pass(`${a} accepted a TCP connection.`);
  if (probe.ok) return { tcp: accepted, protocol: pass(`PostgreSQL answered the startup on ${a}.`), answered: true };
  switch (probe.reason) {
    case 'refused':
      return { tcp: fail(`Nothing accepted a TCP connection on ${a} (connection refused). No proxy listens on that address: the forwarding is gone or the binding differs.`, 'Restart the container to recreate the port forwarding, and check the published address.', 'refused'), protocol: null, answered: false };
    case 'timeout-connect':
      return { tcp: fail(`${a} did not accept a TCP connection within ${budgetMs} ms. A firewall rule on this machine drops traffic to that port.`, `Check the firewall rules (iptables -S, nft list ruleset) for rules that drop port ${e.port}.`, 'timeout-connect'), protocol: null, answered: false };
    case 'timeout-after-accept':
      return {
        tcp: accepted,
        protocol: fail(`${a} accepted the TCP connection but PostgreSQL never answered within ${budgetMs} ms. docker-proxy accepts on the host, but its connection to the container is dropped on the way.`, 'Restart the container to recreate the port forwarding, check firewall rules for the container address, or query through docker exec.', 'timeout-after-accept'),
        answered: false,
      };
    case 'reset':
      return {
        tcp: accepted,
        protocol: fail(`${a} accepted the TCP connection and closed it at once. docker-proxy could not reach PostgreSQL inside the container (not listening on its network address, or still starting).`, 'Read the in-container checks: make PostgreSQL listen on all addresses (listen_addresses = \'*\') and wait until it is healthy.', 'reset'),
        answered: false,
      };
    case 'other':
      if (/does not speak the PostgreSQL protocol/.test(probe.message)) {
        return { tcp: accepted, protocol: fail(`${a} answered, but not as PostgreSQL. Another program holds this host port.`, 'Find the program that owns the port (ss -ltnp) and publish the database on a free port.', 'not-postgres'), answered: false };
      }
      return { tcp: accepted, protocol: pass(`PostgreSQL answered the startup on ${a}.`), answered: true };
    default:
      // auth, no-database: the server answered; the login check tells the exact SQLSTATE.
      return { tcp: accepted, protocol: pass(`PostgreSQL answered the startup on ${a}.`), answered: true };
  }
}

/** Auth and database outcomes from the login + SELECT 1 answer. */
export function sqlOutcomes(e: HostEndpoint, ctx: Pick<HostCheckContext, 'container' | 'credentials'>, r: SqlAnswer): { auth: CheckOutcome; database: CheckOutcome } {
  const a = formatEndpoint(e);
  const user = ctx.credentials.user ?? 'postgres';
  const db = ctx.credentials.database ?? user;
  const src = ctx.credentials.passwordSource ?? 'the container environment';
  const authOk = pass(`User "${user}" logged in with the password from ${src}.`);
  const notTried = { status: 'skip' as const, detail: 'Not reached: the login failed.' };
  const c = ctx.container;
  if (r.ok) return { auth: authOk, database: pass(`SELECT 1 answered on database "${db}" in ${r.ms} ms.`) };
  switch (r.code) {
    case '28P01':
      return ctx.credentials.password === null
        ? { auth: fail(`PostgreSQL at ${a} asked user "${user}" for a password and the container sets none (28P01). Local trust does not apply to TCP connections.`, `Set POSTGRES_PASSWORD, or query through docker exec (dockerdb query ${c} --via exec).`, '28P01'), database: notTried }
        : {
            auth: fail(
              `PostgreSQL at ${a} rejected the password of user "${user}" from ${src} (28P01). The password stored in the database differs: POSTGRES_PASSWORD applies only when the data directory is first created.`,
              `Use the password the database was initialised with, or reset it: docker exec ${c} psql -U ${user} -c "ALTER USER ${user} PASSWORD '...'"; docker exec works meanwhile.`,
              '28P01',
            ),
            database: notTried,
          };
    case '28000':
      return { auth: fail(`PostgreSQL at ${a} refused user "${user}" (28000). pg_hba.conf has no rule for this connection, or the role does not exist.`, `Check the role and pg_hba.conf (docker exec ${c} psql -U ${user} -c '\\du').`, '28000'), database: notTried };
    case '3D000':
      return { auth: authOk, database: fail(`Database "${db}" does not exist on ${a} (3D000). POSTGRES_DB creates it only with a new data directory, so it was never created here.`, `Create it (docker exec ${c} createdb -U ${user} ${db}) or connect to an existing database.`, '3D000') };
    case '57P03':
      return { auth: { status: 'skip', detail: 'Not reached: the server is starting up.' }, database: fail(`PostgreSQL at ${a} is still starting up (57P03). The server is initialising or recovering.`, `Wait until it is ready (dockerdb wait ${c}) and diagnose again.`, '57P03') };
    case '53300':
      return { auth: authOk, database: fail(`PostgreSQL at ${a} has no free connection slot (53300). Other clients hold every connection.`, 'Close idle connections (pg_stat_activity) or raise max_connections.', '53300') };
    default:
      return { auth: { status: 'skip', detail: 'Not reached.' }, database: fail(`Logging in and running SELECT 1 on ${a} failed: ${r.message}. The server answered the startup but not the query.`, 'Read the message above; try again through docker exec.', r.code ?? 'error') };
  }
}

/** The four checks for one address. */
export async function checkAddress(e: HostEndpoint, ctx: HostCheckContext): Promise<CheckResult[]> {
  const a = formatEndpoint(e);
  const secrets = ctx.credentials.password ? [ctx.credentials.password] : [];
  const clean = (o: CheckOutcome): CheckOutcome => ({ ...o, detail: redact(o.detail, secrets), ...(o.fix ? { fix: redact(o.fix, secrets) } : {}) });
  const spec = (id: string, title: string, layer: CheckResult['layer']) => ({ id: `${id}:${a}`, title, layer, timeoutMs: ctx.probeBudgetMs + 1000 });
  let outcomes: ReturnType<typeof probeOutcomes> | undefined;
  const tcp = await runCheck(spec('tcp', `TCP connect to ${a}`, 'tcp'), async () => {
    outcomes = probeOutcomes(e, await probePostgres(e, ctx.credentials, { budgetMs: ctx.probeBudgetMs }), ctx.probeBudgetMs);
    return clean(outcomes.tcp);
  });
  const protoSpec = spec('protocol', `PostgreSQL startup on ${a}`, 'protocol');
  const authSpec = spec('auth', `Login on ${a}`, 'auth');
  const dbSpec = spec('database', `Database and SELECT 1 on ${a}`, 'database');
  if (!outcomes || !outcomes.protocol) {
    return [tcp, skipped(protoSpec, 'Not reached: no TCP connection.'), skipped(authSpec, 'Not reached.'), skipped(dbSpec, 'Not reached.')];
  }
  const protocol: CheckResult = { id: protoSpec.id, title: protoSpec.title, layer: 'protocol', ms: tcp.ms, ...clean(outcomes.protocol) };
  if (!outcomes.answered) return [tcp, protocol, skipped(authSpec, 'Not reached: PostgreSQL did not answer.'), skipped(dbSpec, 'Not reached.')];
  const answer = await loginAndSelect(e, ctx.credentials, Math.max(500, ctx.probeBudgetMs));
  const sql = sqlOutcomes(e, ctx, answer);
  const auth: CheckResult = { id: authSpec.id, title: authSpec.title, layer: 'auth', ms: answer.ms, ...clean(sql.auth) };
  const database: CheckResult = { id: dbSpec.id, title: dbSpec.title, layer: 'database', ms: answer.ms, ...clean(sql.database) };
  return [tcp, protocol, auth, database];
}
