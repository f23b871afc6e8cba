/** Connection URLs for the host side of a published port. */
import type { DbCredentials } from './credentials';
import type { HostEndpoint } from '../docker/endpoints';

const SCHEME: Record<DbCredentials['engine'], string> = {
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mariadb',
  redis: 'redis',
  clickhouse: 'clickhouse',
  mongo: 'mongodb',
};

export function connectionUrl(c: DbCredentials, endpoint: HostEndpoint, options: { includePassword?: boolean } = {}): string {
  const includePassword = options.includePassword ?? true;
  const user = c.user ? encodeURIComponent(c.user) : '';
  const password = includePassword && c.password ? `:${encodeURIComponent(c.password)}` : '';
  const auth = user || password ? `${user}${password}@` : '';
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const db = c.database && c.engine !== 'redis' ? `/${encodeURIComponent(c.database)}` : '';
  return `${SCHEME[c.engine]}://${auth}${host}:${endpoint.port}${db}`;
}
