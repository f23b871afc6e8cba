/**
 * Credentials and default database of a database container, read from its environment the way
 * the official images (and Bitnami's) read them. `*_FILE` variants are read through exec.
 */
import type { EngineKind } from '../../shared/containers';

export interface DbCredentials {
  engine: EngineKind;
  user: string | null;
  /** null: no password configured (or the server trusts connections). */
  password: string | null;
  database: string | null;
  /** Where the password came from, for messages (never the value). */
  passwordSource: string | null;
  /** The server accepts connections without a password (e.g. POSTGRES_HOST_AUTH_METHOD=trust). */
  trust: boolean;
}

/** A `*_FILE` variable whose file must be read inside the container. */
export interface SecretFile {
  field: 'user' | 'password' | 'database';
  variable: string;
  path: string;
}

export interface CredentialPlan {
  credentials: DbCredentials;
  files: SecretFile[];
}

/** NAME=value list (as in inspect's Config.Env) to a map; the last entry wins. */
export function envMap(env: readonly string[] | null | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) map[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return map;
}

type Field = 'user' | 'password' | 'database';
type Spec = Record<Field, string[]> & { defaults: Partial<Record<Field, string | ((c: DbCredentials) => string | null)>> };

const SPECS: Record<EngineKind, Spec> = {
  postgres: {
    user: ['POSTGRES_USER', 'POSTGRESQL_USERNAME', 'POSTGRESQL_USER'],
    password: ['POSTGRES_PASSWORD', 'POSTGRESQL_PASSWORD', 'POSTGRESQL_POSTGRES_PASSWORD'],
    database: ['POSTGRES_DB', 'POSTGRESQL_DATABASE'],
    defaults: { user: 'postgres', database: (c) => c.user },
  },
  mysql: {
    user: ['MYSQL_USER'],
    password: ['MYSQL_PASSWORD'],
    database: ['MYSQL_DATABASE'],
    defaults: {},
  },
  mariadb: {
    user: ['MARIADB_USER', 'MYSQL_USER'],
    password: ['MARIADB_PASSWORD', 'MYSQL_PASSWORD'],
    database: ['MARIADB_DATABASE', 'MYSQL_DATABASE'],
    defaults: {},
  },
  redis: { user: ['REDIS_USERNAME'], password: ['REDIS_PASSWORD'], database: [], defaults: {} },
  clickhouse: {
    user: ['CLICKHOUSE_USER'],
    password: ['CLICKHOUSE_PASSWORD'],
    database: ['CLICKHOUSE_DB'],
    defaults: { user: 'default', database: 'default' },
  },
  mongo: {
    user: ['MONGO_INITDB_ROOT_USERNAME'],
    password: ['MONGO_INITDB_ROOT_PASSWORD'],
    database: ['MONGO_INITDB_DATABASE'],
    defaults: {},
  },
};

/** Credentials from the environment; `*_FILE` entries are returned for the caller to read. */
export function planCredentials(engine: EngineKind, env: Record<string, string>, cmd: readonly string[] = []): CredentialPlan {
  const spec = SPECS[engine];
  const c: DbCredentials = { engine, user: null, password: null, database: null, passwordSource: null, trust: false };
  const files: SecretFile[] = [];
  for (const field of ['user', 'password', 'database'] as const) {
    for (const name of spec[field]) {
      if (env[name] !== undefined && env[name] !== '') {
        c[field] = env[name];
        if (field === 'password') c.passwordSource = name;
        break;
      }
      const fileVar = `${name}_FILE`;
      if (env[fileVar]) {
        files.push({ field, variable: fileVar, path: env[fileVar] });
        break;
      }
    }
  }
  // MySQL/MariaDB without an app user: the root account.
  if ((engine === 'mysql' || engine === 'mariadb') && c.user === null && !files.some((f) => f.field === 'user')) {
    c.user = 'root';
    c.password = null;
    c.passwordSource = null;
    const rootVars = engine === 'mariadb' ? ['MARIADB_ROOT_PASSWORD', 'MYSQL_ROOT_PASSWORD'] : ['MYSQL_ROOT_PASSWORD'];
    for (const name of rootVars) {
      if (env[name]) {
        c.password = env[name];
        c.passwordSource = name;
        break;
      }
      if (env[`${name}_FILE`]) {
        files.push({ field: 'password', variable: `${name}_FILE`, path: env[`${name}_FILE`] });
        break;
      }
    }
    c.trust = /^(yes|true|1)$/i.test(env.MYSQL_ALLOW_EMPTY_PASSWORD ?? env.MARIADB_ALLOW_EMPTY_ROOT_PASSWORD ?? '');
  }
  if (engine === 'redis' && c.password === null) {
    const i = cmd.indexOf('--requirepass');
    if (i >= 0 && cmd[i + 1]) {
      c.password = cmd[i + 1];
      c.passwordSource = 'the --requirepass argument';
    }
  }
  if (engine === 'postgres') {
    c.trust = (env.POSTGRES_HOST_AUTH_METHOD ?? '').toLowerCase() === 'trust' || env.ALLOW_EMPTY_PASSWORD === 'yes';
  }
  applyDefaults(c, spec, files);
  return { credentials: c, files };
}

function applyDefaults(c: DbCredentials, spec: Spec, files: SecretFile[]): void {
  for (const field of ['user', 'database'] as const) {
    const d = spec.defaults[field];
    if (c[field] === null && d !== undefined && !files.some((f) => f.field === field)) {
      c[field] = typeof d === 'function' ? d(c) : d;
    }
  }
}

/** Fills in values read from `*_FILE` files (trailing newline removed, like the entrypoints do). */
export function completeCredentials(plan: CredentialPlan, read: Partial<Record<Field, string>>): DbCredentials {
  const c = { ...plan.credentials };
  for (const f of plan.files) {
    const value = read[f.field];
    if (value !== undefined) {
      c[f.field] = value.replace(/\r?\n$/, '');
      if (f.field === 'password') c.passwordSource = f.variable;
    }
  }
  applyDefaults(c, SPECS[c.engine], []);
  return c;
}
