/**
 * Recognises the database engine of a container from what a list call already tells:
 * image name, labels and exposed ports (and environment names when an inspect is at hand).
 */
import type { EngineKind } from '../../shared/containers';

export interface EngineHints {
  image: string;
  labels?: Record<string, string>;
  exposedPorts?: number[];
  /** Environment variable names (values are not needed). */
  envNames?: string[];
}

/** The repository part of an image reference, lower-cased, without registry host, tag or digest. */
export function imageRepository(image: string): string {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    parts.shift();
  }
  return parts.join('/');
}

const IMAGE_RULES: Array<[RegExp, EngineKind]> = [
  [/(^|\/)(postgres|postgresql|postgis|timescaledb(-ha|-postgis)?|pgvector|supabase-postgres|pg)$/, 'postgres'],
  [/^supabase\/postgres$/, 'postgres'],
  [/(^|\/)(cloudnative-pg|crunchy-postgres|patroni|spilo[-\w]*)$/, 'postgres'],
  [/(^|\/)mariadb$/, 'mariadb'],
  [/(^|\/)(mysql|mysql-server|percona(-server)?)$/, 'mysql'],
  [/(^|\/)(redis|redis-stack(-server)?|valkey|keydb|dragonfly)$/, 'redis'],
  [/(^|\/)clickhouse(-server)?$/, 'clickhouse'],
  [/(^|\/)(mongo|mongodb|mongodb-community-server|mongodb-enterprise-server)$/, 'mongo'],
];

const ENV_RULES: Array<[string, EngineKind]> = [
  ['POSTGRES_PASSWORD', 'postgres'],
  ['POSTGRESQL_PASSWORD', 'postgres'],
  ['MARIADB_ROOT_PASSWORD', 'mariadb'],
  ['MYSQL_ROOT_PASSWORD', 'mysql'],
  ['REDIS_PASSWORD', 'redis'],
  ['CLICKHOUSE_USER', 'clickhouse'],
  ['MONGO_INITDB_ROOT_USERNAME', 'mongo'],
];

const PORT_RULES: Array<[number, EngineKind]> = [
  [5432, 'postgres'],
  [3306, 'mysql'],
  [6379, 'redis'],
  [8123, 'clickhouse'],
  [27017, 'mongo'],
];

const ENGINES: ReadonlySet<string> = new Set(['postgres', 'mysql', 'mariadb', 'redis', 'clickhouse', 'mongo']);

/** Label a user can set on a container to state its engine explicitly (`none`: not a database). */
export const ENGINE_LABEL = 'dockerdb.engine';

export function detectEngine(hints: EngineHints): EngineKind | null {
  const labelled = hints.labels?.[ENGINE_LABEL]?.trim().toLowerCase();
  if (labelled === 'none') {
    return null;
  }
  if (labelled && ENGINES.has(labelled)) {
    return labelled as EngineKind;
  }
  const repo = imageRepository(hints.image);
  for (const [pattern, engine] of IMAGE_RULES) {
    if (pattern.test(repo)) return engine;
  }
  // Bitnami and similar vendor images: "bitnami/postgresql", "bitnami/mysql", ...
  const base = repo.split('/').pop() ?? repo;
  for (const [pattern, engine] of IMAGE_RULES) {
    if (pattern.test(base)) return engine;
  }
  for (const [name, engine] of ENV_RULES) {
    if (hints.envNames?.includes(name)) return engine;
  }
  for (const [port, engine] of PORT_RULES) {
    if (hints.exposedPorts?.includes(port)) return engine;
  }
  return null;
}

/** The port an engine listens on inside its container by default. */
export function defaultPort(engine: EngineKind): number {
  switch (engine) {
    case 'postgres':
      return 5432;
    case 'mysql':
    case 'mariadb':
      return 3306;
    case 'redis':
      return 6379;
    case 'clickhouse':
      return 8123;
    case 'mongo':
      return 27017;
  }
}
