/**
 * Known lines in a database container's logs, each with a plain explanation and what to do.
 * Pure: log text in, matches out (newest match of each signature, with how often it occurred).
 */
import { CheckOutcome, pass, warn } from './check';

export interface LogSignature {
  id: string;
  pattern: RegExp;
  /** What the line means, for a person (one or two sentences). */
  meaning: string;
  fix: string;
}

export interface LogMatch {
  signature: LogSignature;
  /** The newest matching line, trimmed. */
  line: string;
  count: number;
}

export const LOG_SIGNATURES: readonly LogSignature[] = [
  {
    id: 'auth-failed',
    pattern: /password authentication failed for user|FATAL:\s+(?:no pg_hba\.conf entry|SASL authentication failed)/i,
    meaning: 'A client tried to log in with a wrong password (or from an address pg_hba.conf does not allow).',
    fix: "Compare the client's password with the container's POSTGRES_PASSWORD; it only takes effect when the data directory is created.",
  },
  {
    id: 'role-missing',
    pattern: /FATAL:\s+role "[^"]*" does not exist/i,
    meaning: 'A client logged in as a role that does not exist in this database server.',
    fix: 'Use the role the server was initialised with (POSTGRES_USER), or create the role.',
  },
  {
    id: 'database-missing',
    pattern: /FATAL:\s+database "[^"]*" does not exist/i,
    meaning: 'A client asked for a database that does not exist on this server.',
    fix: 'Create the database (createdb) or fix the database name in the client; POSTGRES_DB only applies to a new data directory.',
  },
  {
    id: 'address-in-use',
    pattern: /could not bind .*Address (?:already )?in use|address already in use|port is already allocated/i,
    meaning: 'PostgreSQL (or Docker) could not listen on its port because something else already holds it.',
    fix: 'Stop whatever holds the port, or use another port.',
  },
  {
    id: 'out-of-memory',
    pattern: /out of memory|terminated by signal 9|\bOOM[- ]?kill/i,
    meaning: 'The server or one of its processes ran out of memory and was killed.',
    fix: 'Give the container more memory (mem_limit / --memory) or lower shared_buffers and work_mem.',
  },
  {
    id: 'too-many-connections',
    pattern: /sorry, too many clients already|remaining connection slots are reserved/i,
    meaning: 'Every connection slot was taken when a client tried to connect.',
    fix: 'Close idle connections (a connection pool, pg_stat_activity) or raise max_connections.',
  },
  {
    id: 'starting-up',
    pattern: /the database system is starting up|the database system is in recovery mode/i,
    meaning: 'Clients connected while PostgreSQL was still starting or recovering.',
    fix: 'Make clients wait until the container is healthy (depends_on: condition: service_healthy).',
  },
  {
    id: 'migration-failed',
    pattern: /migration .*failed|failed to (?:run|apply) migration|error: relation "[^"]*" already exists|ERROR:\s+relation "[^"]*" already exists/i,
    meaning: 'A schema migration failed in this database: the schema is probably half-applied.',
    fix: 'Read the migration tool\'s output, fix the failing migration, and re-run it (or restore the schema).',
  },
  {
    id: 'host-not-found',
    pattern: /could not translate host name "[^"]*" to address|getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|Name or service not known/i,
    meaning: 'A host name could not be resolved: a service name that is not on the same Docker network, or a typo.',
    fix: 'Put both containers on the same network and use the compose service name as the host.',
  },
  {
    id: 'data-dir-incompatible',
    pattern: /database files are incompatible with server|initialized by PostgreSQL version/i,
    meaning: 'The data directory was created by another major PostgreSQL version than the one starting now.',
    fix: 'Use the image version that created the volume, or upgrade the data (pg_upgrade / dump and restore).',
  },
  {
    id: 'permission-denied',
    pattern: /could not (?:open|create|change) .*Permission denied|data directory .* has wrong ownership|has invalid permissions/i,
    meaning: 'PostgreSQL cannot use its data directory: wrong ownership or permissions on the volume.',
    fix: 'Fix the owner of the mounted data directory (the postgres user, uid 999 in the official image) or use a named volume.',
  },
  {
    id: 'no-password',
    pattern: /superuser password is not specified|POSTGRES_PASSWORD is not specified/i,
    meaning: 'The official image refuses to create a database without a superuser password.',
    fix: 'Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust for a throw-away database) and recreate the container.',
  },
];

/** Every signature found in `logs`, in the order of the list, with its newest line and count. */
export function scanLogs(logs: string, signatures: readonly LogSignature[] = LOG_SIGNATURES): LogMatch[] {
  const lines = logs.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const out: LogMatch[] = [];
  for (const signature of signatures) {
    const hits = lines.filter((l) => signature.pattern.test(l));
    if (hits.length > 0) out.push({ signature, line: hits[hits.length - 1], count: hits.length });
  }
  return out;
}

/** The logs check: a warning listing each known signature with its meaning, or a pass. */
export function logsOutcome(logs: string, lineCount: number, redact: (text: string) => string = (t) => t): CheckOutcome {
  const matches = scanLogs(logs);
  if (matches.length === 0) return pass(`No known problem in the last ${lineCount} log lines.`);
  const items = matches.map((m) => `${m.signature.meaning} (${m.count}×, last: "${redact(m.line)}")`);
  return warn(`The recent logs show ${matches.length === 1 ? 'a known problem' : `${matches.length} known problems`}: ${items.join(' ')}`, matches.map((m) => m.signature.fix).join(' '), matches[0].signature.id);
}
