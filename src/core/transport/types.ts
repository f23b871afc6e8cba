/**
 * One interface, two transports: `direct` (node-postgres over the published host port) and
 * `exec` (`docker exec … psql` inside the container). Both return the same {@link QueryResult}.
 */
import type { QueryResult, TransportKind } from '../../shared/results';
import type { DbCredentials } from '../engines/credentials';
import type { HostEndpoint } from '../docker/endpoints';

/** The database to run SQL against. */
export interface QueryTarget {
  containerId: string;
  containerName: string;
  credentials: DbCredentials;
  /** Published host endpoint of the PostgreSQL port; null when the port is not published. */
  endpoint: HostEndpoint | null;
  /** Database to use instead of the credentials' default. */
  database?: string;
}

export interface RunOptions {
  /** Rows kept per statement (default 10,000); `truncated` says when more existed. */
  rowLimit?: number;
  /** Abort to cancel: the server-side backend is cancelled, then the client side ends. */
  signal?: AbortSignal;
  /** Server-side statement_timeout, ms (0 or absent: none). */
  statementTimeoutMs?: number;
  /** Why the caller chose this transport, copied into the result. */
  reason?: string;
}

export interface QueryTransport {
  readonly kind: TransportKind;
  /** Runs every statement of `sql` in order, stopping at the first error (like psql's ON_ERROR_STOP). */
  run(sql: string, options?: RunOptions): Promise<QueryResult>;
  /** Releases connections and processes. */
  dispose(): Promise<void>;
}

export const DEFAULT_ROW_LIMIT = 10_000;

/** The message PostgreSQL gives a cancelled statement (SQLSTATE 57014); both transports report it. */
export const CANCELED_MESSAGE = 'canceling statement due to user request';

const COUNTED = /^(?:INSERT \d+|SELECT|UPDATE|DELETE|MERGE|FETCH|MOVE|COPY) (\d+)$/;

/** The row count a command tag carries ("INSERT 0 3" → 3, "UPDATE 2" → 2, "CREATE TABLE" → null). */
export function tagRowCount(tag: string): number | null {
  const m = COUNTED.exec(tag);
  return m ? Number(m[1]) : null;
}
