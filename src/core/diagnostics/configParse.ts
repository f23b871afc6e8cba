/**
 * Connection settings written in a workspace (`.env*`, compose `environment:`/`env_file`,
 * `.vscode/settings.json` and `launch.json`), with file and line, grouped into connection targets.
 * Pure: file texts in, entries and targets out.
 */
import { parseDotEnv } from '../compose/dotenv';
import { interpolate, VariableLookup } from '../compose/interpolate';
import { loadYaml } from '../compose/yamlDoc';

export interface ConfigEntry {
  file: string;
  line: number;
  key: string;
  value: string;
  /** The compose service whose environment holds the entry (it runs inside the compose network). */
  service?: string;
}

export type TargetField = 'host' | 'port' | 'user' | 'password' | 'database';

/** One way the workspace connects to PostgreSQL: a URL, or a family of variables (PG*, DB_*, POSTGRES_*) of one file/service. */
export interface ConnectionTarget {
  /** `url:KEY` or the family (`PG`, `DB`, `POSTGRES`). */
  kind: string;
  service?: string;
  values: Partial<Record<TargetField, string>>;
  /** Where each field is written. */
  where: Partial<Record<TargetField, ConfigEntry>>;
}

const FAMILIES: ReadonlyArray<{ family: string; fields: Record<string, TargetField> }> = [
  { family: 'PG', fields: { PGHOST: 'host', PGPORT: 'port', PGUSER: 'user', PGPASSWORD: 'password', PGDATABASE: 'database' } },
  {
    family: 'DB',
    fields: { DB_HOST: 'host', DB_PORT: 'port', DB_USER: 'user', DB_USERNAME: 'user', DB_PASSWORD: 'password', DB_PASS: 'password', DB_NAME: 'database', DB_DATABASE: 'database' },
  },
  { family: 'POSTGRES', fields: { POSTGRES_HOST: 'host', POSTGRES_PORT: 'port', POSTGRES_USER: 'user', POSTGRES_PASSWORD: 'password', POSTGRES_DB: 'database' } },
];

const URL_KEY = /(?:^|_)(?:URL|URI|DSN)$/;

export function isConnectionKey(key: string): boolean {
  return URL_KEY.test(key) || FAMILIES.some((f) => key in f.fields);
}

function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value.trim());
}

/** `KEY=value` entries of a .env text that name connection settings. */
export function entriesFromDotEnv(text: string, file: string, service?: string, lookup?: VariableLookup): ConfigEntry[] {
  const parsed = parseDotEnv(text, lookup);
  return Object.entries(parsed.values)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && isConnectionKey(e[0]))
    .map(([key, value]) => ({ file, line: parsed.lines[key] ?? 1, key, value, ...(service ? { service } : {}) }));
}

/** Entries of every service's `environment:` in a compose file, and the `env_file` paths each service names. */
export function entriesFromCompose(text: string, file: string, lookup: VariableLookup): { entries: ConfigEntry[]; envFiles: Array<{ service: string; path: string }> } {
  const yaml = loadYaml(text, file);
  const services = (yaml.value as { services?: Record<string, unknown> } | undefined)?.services;
  const entries: ConfigEntry[] = [];
  const envFiles: Array<{ service: string; path: string }> = [];
  if (!services || typeof services !== 'object') return { entries, envFiles };
  const expand = (v: unknown): string => interpolate(String(v), lookup).value;
  for (const [service, raw] of Object.entries(services)) {
    const svc = raw as { environment?: unknown; env_file?: unknown } | null;
    if (!svc || typeof svc !== 'object') continue;
    const env = svc.environment;
    const push = (key: string, value: unknown, at: Array<string | number>): void => {
      if (value === null || value === undefined || !isConnectionKey(key)) return;
      entries.push({ file, line: yaml.positionOf(['services', service, 'environment', ...at]).line, key, value: expand(value), service });
    };
    if (Array.isArray(env)) {
      env.forEach((item, i) => {
        const m = /^([^=]+)=(.*)$/s.exec(String(item));
        if (m) push(m[1].trim(), m[2], [i]);
      });
    } else if (env && typeof env === 'object') {
      for (const [key, value] of Object.entries(env as Record<string, unknown>)) push(key, value, [key]);
    }
    const files = Array.isArray(svc.env_file) ? svc.env_file : svc.env_file !== undefined ? [svc.env_file] : [];
    for (const f of files) {
      const p = typeof f === 'string' ? f : (f as { path?: unknown } | null)?.path;
      if (typeof p === 'string') envFiles.push({ service, path: p });
    }
  }
  return { entries, envFiles };
}

/** `"KEY": "value"` lines of a JSON(C) file (settings.json env maps, launch.json `env`) that name connection settings. */
export function entriesFromJson(text: string, file: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const re = /"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (isConnectionKey(m[1])) out.push({ file, line: i + 1, key: m[1], value: JSON.parse(`"${m[2]}"`) as string });
    }
  });
  return out;
}

function fromUrl(entry: ConfigEntry): ConnectionTarget | null {
  if (!isPostgresUrl(entry.value)) return null;
  let u: URL;
  try {
    u = new URL(entry.value.trim());
  } catch {
    return null;
  }
  const values: ConnectionTarget['values'] = {};
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host) values.host = host;
  values.port = u.port || '5432';
  if (u.username) values.user = decodeURIComponent(u.username);
  if (u.password) values.password = decodeURIComponent(u.password);
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (db) values.database = db;
  const where: ConnectionTarget['where'] = {};
  for (const k of Object.keys(values) as TargetField[]) where[k] = entry;
  return { kind: `url:${entry.key}`, ...(entry.service ? { service: entry.service } : {}), values, where };
}

/** URLs one target each; variables of one family grouped per file and service. */
export function connectionTargets(entries: readonly ConfigEntry[]): ConnectionTarget[] {
  const out: ConnectionTarget[] = [];
  const groups = new Map<string, ConnectionTarget>();
  for (const e of entries) {
    if (URL_KEY.test(e.key)) {
      const t = fromUrl(e);
      if (t) out.push(t);
      continue;
    }
    const family = FAMILIES.find((f) => e.key in f.fields);
    if (!family) continue;
    const id = `${family.family}|${e.file}|${e.service ?? ''}`;
    let g = groups.get(id);
    if (!g) {
      g = { kind: family.family, ...(e.service ? { service: e.service } : {}), values: {}, where: {} };
      groups.set(id, g);
      out.push(g);
    }
    const field = family.fields[e.key];
    g.values[field] = e.value;
    g.where[field] = e;
  }
  return out;
}
