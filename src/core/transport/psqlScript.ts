/**
 * The psql invocation and the script the exec transport sends on psql's stdin.
 *
 * One `psql -f -` session runs every statement. Around each statement the script echoes control
 * lines that start with a per-run random marker, so the output parser can split psql's stdout
 * into statements without guessing:
 *
 *   <marker> V <VERSION_NUM>   psql's version (csv output needs psql 12)
 *   <marker> P <pid>           backend pid (before the first statement; used to cancel)
 *   <marker> D <i>             then `\gdesc` of statement i: a "Column,Type" CSV table, or one
 *                              line saying the statement returns no columns
 *   <marker> R <i>             then statement i run by `\g` (re-sends the buffer \gdesc described):
 *                              CSV header + rows, and/or psql's command status line
 *   <marker> E <i> <ROW_COUNT> statement i completed; psql's ROW_COUNT variable
 *   <marker> Z                 every statement completed
 *
 * The SQL goes on stdin and never in argv. The transport writes the preamble, then block i+1
 * only after it has read "E i", so psql never has a statement queued that the user cancelled.
 */
import { randomBytes } from 'node:crypto';

/** Unguessable per run, so no database value can forge a control line or a NULL. */
export interface RunTokens {
  /** Starts every control line. */
  marker: string;
  /** What psql prints (unquoted) for NULL: `\pset null`. */
  nullMarker: string;
  /** Prefix of the psql variables the script sets (none outlives the preamble). */
  varPrefix: string;
}

export function newRunTokens(): RunTokens {
  const hex = (): string => randomBytes(16).toString('hex');
  return { marker: `#DDB${hex()}`, nullMarker: `N${hex()}`, varPrefix: `ddb${hex()}_` };
}

export interface PsqlLogin {
  user: string;
  database: string;
}

/**
 * argv of the psql process: no host (the local socket, which the official image trusts), no
 * password (it goes in the exec's environment as PGPASSWORD), no SQL (it goes on stdin).
 * `-q` keeps the preamble silent; the script turns QUIET off before the first statement so psql
 * prints each command's status line.
 */
export function psqlArgv(login: PsqlLogin): string[] {
  return ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', `--username=${login.user}`, `--dbname=${dbnameArg(login.database)}`, '-f', '-'];
}

/** argv of the one-shot psql that cancels the running statement of backend `pid`. */
export function cancelArgv(login: PsqlLogin, pid: number): string[] {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`not a backend pid: ${pid}`);
  return ['psql', '-X', '-q', '-A', '-t', `--username=${login.user}`, `--dbname=${dbnameArg(login.database)}`, '-c', `select pg_cancel_backend(${pid})`];
}

/** psql treats a --dbname holding "=" or a URI as a connection string: quote such names as one. */
function dbnameArg(name: string): string {
  if (!/=|^postgres(ql)?:\/\//i.test(name)) return name;
  return `dbname='${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The exec's environment: UTF-8 client encoding, untranslated psql messages, the password if any. */
export function psqlEnv(password: string | null): Record<string, string> {
  const env: Record<string, string> = { PGCLIENTENCODING: 'UTF8', LC_ALL: 'C', PGAPPNAME: 'docker-db' };
  if (password) env.PGPASSWORD = password;
  return env;
}

/** statement_timeout's largest value (ms). */
const MAX_TIMEOUT_MS = 2147483647;

/** csv output (`\\pset format csv`) arrived in psql 12, `\\gdesc` in 11. */
export const MIN_PSQL_VERSION = 120000;

export interface ScriptOptions {
  /** `SET statement_timeout` for the session (ms; 0 or absent: server default). */
  statementTimeoutMs?: number;
}

export interface PsqlScript {
  /** Settings, then the backend pid; write first. */
  preamble: string;
  /** One block per statement; write block i+1 after reading "E i". */
  blocks: string[];
  /** Echoes the done marker; write after the last block, then close stdin. */
  trailer: string;
  /** The statement whose block holds script line `line` (1-based, as psql reports it), or null. */
  statementAtLine(line: number): number | null;
}

export function buildPsqlScript(statements: readonly string[], tokens: RunTokens, options: ScriptOptions = {}): PsqlScript {
  const m = tokens.marker;
  const pidVar = `${tokens.varPrefix}pid`;
  const timeout = Math.min(MAX_TIMEOUT_MS, Math.max(0, Math.floor(options.statementTimeoutMs ?? 0)));
  const preamble = [
    `\\echo ${m} V :VERSION_NUM`,
    '\\set VERBOSITY verbose',
    '\\set SHOW_CONTEXT errors',
    '\\pset pager off',
    '\\pset format csv',
    `\\pset null ${tokens.nullMarker}`,
    `SELECT pg_backend_pid() AS pid \\gset ${tokens.varPrefix}`,
    `\\echo ${m} P :${pidVar}`,
    `\\unset ${pidVar}`,
    ...(timeout > 0 ? [`SET statement_timeout = ${timeout};`] : []),
    '\\set QUIET off',
    '',
  ].join('\n');
  const firstLines: number[] = [];
  let line = lineCount(preamble) + 1;
  const blocks = statements.map((text, i) => {
    firstLines.push(line);
    const block = `\\echo ${m} D ${i}\n${text}\n\\gdesc\n\\echo ${m} R ${i}\n\\g\n\\echo ${m} E ${i} :ROW_COUNT\n`;
    line += lineCount(block);
    return block;
  });
  const end = line;
  return {
    preamble,
    blocks,
    trailer: `\\echo ${m} Z\n`,
    statementAtLine(n: number): number | null {
      if (n < (firstLines[0] ?? end) || n >= end) return null;
      let lo = 0;
      let hi = firstLines.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (firstLines[mid] <= n) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}

/** Lines psql reads from `text` that ends with a newline (psql counts lines by "\n"). */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * `COPY … FROM STDIN` would read the rest of the script as data, and `COPY … TO STDOUT` writes
 * raw rows into the output the parser reads; neither can run through this transport.
 */
export function isCopyWithClientIo(text: string): boolean {
  return /^copy\b/i.test(text) && /\b(from\s+stdin|to\s+stdout)\b/i.test(text);
}

/** First keyword of a statement (upper case), skipping comments and opening parentheses. */
export function firstKeyword(text: string): string {
  const m = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*([A-Za-z]+)/.exec(text);
  return m ? m[1].toUpperCase() : '';
}
