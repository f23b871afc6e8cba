/**
 * The one place the editor calls the core's migration status service: it runs the history queries
 * through a QueryService (direct or docker exec, the same choice as Run Query).
 */
import type { ContainerSummary } from '../../shared/containers';
import type { MigrationReport } from '../../shared/migrations';
import type { QueryService, TransportMode } from '../../core/query/service';

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

/** Interim until the core status service is merged into this branch. */
export function coreStatusSource(queries: QueryService): ComputeStatus {
  return async (request) => {
    void queries;
    throw new Error(`Migration status of ${request.container.name} is not available in this build.`);
  };
}
