/**
 * The one place the editor calls the core's migration status service: it runs the read-only
 * history queries through a QueryService (direct or docker exec, the same choice as Run Query).
 */
import type { ContainerSummary } from '../../shared/containers';
import type { MigrationReport } from '../../shared/migrations';
import type { QueryService, TransportMode } from '../../core/query/service';
import { CatalogCache, computeMigrationStatus, HISTORY_ROW_LIMIT } from '../../core/migrations/status';

export interface StatusRequest {
  container: ContainerSummary;
  /** Workspace folders (absolute paths) searched for migration files. */
  roots: string[];
  /** table → columns the application needs (dockerDb.migrations.expectedSchema). */
  expectedSchema: Record<string, string[]>;
  via: TransportMode;
  signal?: AbortSignal;
}

export type ComputeStatus = (request: StatusRequest) => Promise<MigrationReport>;

/**
 * Each container keeps its catalog cache, so a refresh sends the last history queries with the
 * catalog query: one round trip instead of two while the history tables stay the same.
 */
export function coreStatusSource(queries: QueryService): ComputeStatus {
  const caches = new Map<string, CatalogCache>();
  return (request) => {
    let catalogCache = caches.get(request.container.id);
    if (!catalogCache) caches.set(request.container.id, (catalogCache = {}));
    return computeMigrationStatus({
      run: (sql) => queries.run(request.container, sql, { via: request.via, rowLimit: HISTORY_ROW_LIMIT, signal: request.signal }),
      roots: request.roots,
      expectedSchema: { tables: request.expectedSchema },
      container: request.container.name,
      catalogCache,
    });
  };
}
