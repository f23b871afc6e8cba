/**
 * Compares a connection target written in the workspace with the real container: wrong port,
 * wrong user, wrong database, password mismatch (never printed), `localhost` used inside the
 * compose network. Pure.
 */
import type { ConfigEntry, ConnectionTarget, TargetField } from './configParse';

/** What the container really is. */
export interface ActualDatabase {
  name: string;
  /** Compose service name, when the container belongs to a compose project. */
  service?: string;
  /** Names a sibling container can use for it: service, container name, network aliases. */
  aliases: string[];
  /** Host ports that publish the database port. */
  hostPorts: number[];
  containerPort: number;
  user: string;
  password?: string | null;
  database: string;
  /** Host ports published by other containers (a target on one of them is about another database). */
  otherHostPorts: number[];
  /** The compose project's directory (label com.docker.compose.project.working_dir), when it has one. */
  workingDir?: string;
}

function inside(file: string, dir: string | undefined): boolean {
  if (!dir) return false;
  const d = dir.endsWith('/') ? dir : `${dir}/`;
  return file.startsWith(d);
}

export type FindingCode = 'wrong-port' | 'wrong-user' | 'wrong-database' | 'wrong-password' | 'localhost-in-network' | 'host-port-in-network';

export interface ConfigFinding {
  code: FindingCode;
  field: TargetField;
  entry: ConfigEntry;
  detail: string;
  fix: string;
}

const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '']);

function keyOf(t: ConnectionTarget, field: TargetField): string {
  return t.where[field]?.key ?? t.kind;
}

function credentialFindings(t: ConnectionTarget, a: ActualDatabase): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const at = (f: TargetField): ConfigEntry | undefined => t.where[f];
  const u = at('user');
  if (u && t.values.user && t.values.user !== a.user) {
    out.push({ code: 'wrong-user', field: 'user', entry: u, detail: `${keyOf(t, 'user')} uses user "${t.values.user}", but ${a.name} was set up with user "${a.user}". Logins as "${t.values.user}" fail (role does not exist or wrong password).`, fix: `Use user "${a.user}" in ${keyOf(t, 'user')}, or create the role in the database.` });
  }
  const d = at('database');
  if (d && t.values.database && t.values.database !== a.database) {
    out.push({ code: 'wrong-database', field: 'database', entry: d, detail: `${keyOf(t, 'database')} names database "${t.values.database}", but ${a.name} has "${a.database}". Connections fail with "database does not exist".`, fix: `Use database "${a.database}" in ${keyOf(t, 'database')}, or create "${t.values.database}" (createdb).` });
  }
  const p = at('password');
  if (p && t.values.password !== undefined && typeof a.password === 'string' && t.values.password !== a.password) {
    out.push({ code: 'wrong-password', field: 'password', entry: p, detail: `The password in ${keyOf(t, 'password')} differs from the one ${a.name} was given (neither is shown here). Logins fail with "password authentication failed".`, fix: `Copy the password from ${a.name}'s POSTGRES_PASSWORD into ${keyOf(t, 'password')}; changing POSTGRES_PASSWORD later does not change an existing database.` });
  }
  return out;
}

/** Findings for one target; none when the target is about another database (another host, another container's port). */
export function compareTarget(t: ConnectionTarget, a: ActualDatabase): ConfigFinding[] {
  const host = t.values.host ?? (t.kind === 'PG' ? 'localhost' : undefined);
  const portText = t.values.port ?? (t.kind === 'PG' ? '5432' : undefined);
  const port = portText !== undefined ? Number(portText) : undefined;
  const portEntry = t.where.port ?? t.where.host;
  const inNetwork = t.service !== undefined && t.service !== a.service;
  if (t.service !== undefined && t.service === a.service) return t.kind === 'POSTGRES' ? credentialFindings(t, a) : [];
  if (host === undefined) {
    // No address: only POSTGRES_* next to the container's own compose project says which database it means.
    const entry = Object.values(t.where)[0];
    return t.kind === 'POSTGRES' && entry && inside(entry.file, a.workingDir) ? credentialFindings(t, a) : [];
  }
  if (LOCAL.has(host.toLowerCase())) {
    if (inNetwork) {
      const entry = t.where.host ?? (t.where.port as ConfigEntry);
      return [
        {
          code: 'localhost-in-network',
          field: 'host',
          entry,
          detail: `Service "${t.service}" connects to ${host} (${keyOf(t, 'host')}), but inside its container localhost is that container itself, not ${a.name}. The connection is refused there.`,
          fix: `Use the service name${a.service ? ` "${a.service}"` : ''} and port ${a.containerPort} (e.g. postgres://…@${a.service ?? a.name}:${a.containerPort}/…).`,
        },
        ...credentialFindings(t, a),
      ];
    }
    if (port === undefined || a.hostPorts.includes(port)) return credentialFindings(t, a);
    if (a.otherHostPorts.includes(port)) return [];
    const about = (t.values.user === undefined || t.values.user === a.user) && (t.values.database === undefined || t.values.database === a.database);
    if (!about || !portEntry) return [];
    const where = a.hostPorts.length > 0 ? `${a.name} publishes it on host port ${a.hostPorts.join(', ')}` : `${a.name} does not publish its port at all`;
    return [
      {
        code: 'wrong-port',
        field: 'port',
        entry: portEntry,
        detail: `${keyOf(t, 'port')} points at ${host}:${port}, where no container publishes PostgreSQL; ${where}. Connections from this setting are refused or reach another server.`,
        fix: a.hostPorts.length > 0 ? `Change the port in ${keyOf(t, 'port')} to ${a.hostPorts[0]}.` : `Publish the port (ports: ["127.0.0.1:${port}:${a.containerPort}"]) or connect through docker exec.`,
      },
      ...credentialFindings(t, a),
    ];
  }
  if (!a.aliases.includes(host)) return [];
  if (port !== undefined && port !== a.containerPort && portEntry) {
    return [
      {
        code: 'host-port-in-network',
        field: 'port',
        entry: portEntry,
        detail: `${keyOf(t, 'port')} connects to ${host}:${port}, but on the Docker network ${a.name} listens on port ${a.containerPort}; ${port} is ${a.hostPorts.includes(port) ? 'its port on the host only' : 'not its port'}.`,
        fix: `Use port ${a.containerPort} with host "${host}" (the host port applies only from outside Docker).`,
      },
      ...credentialFindings(t, a),
    ];
  }
  return credentialFindings(t, a);
}
