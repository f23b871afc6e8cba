/**
 * The result of running SQL, identical whichever transport ran it (direct pg connection or
 * `docker exec … psql`). Values stay in PostgreSQL's text form: strings, or null for NULL.
 */

export type TransportKind = 'direct' | 'exec';

export interface ResultColumn {
  name: string;
  /** PostgreSQL's type name as `format_type()` prints it, e.g. "integer", "character varying(20)", "timestamp with time zone". */
  type: string;
}

export interface StatementResult {
  /** Command tag as the server reports it: "SELECT 3", "INSERT 0 1", "CREATE TABLE", "UPDATE 2". */
  command: string;
  /** Empty for statements that return no rows (INSERT without RETURNING, DDL, SET ...). */
  columns: ResultColumn[];
  rows: Array<Array<string | null>>;
  /** Rows returned (SELECT/RETURNING) or affected (INSERT/UPDATE/DELETE); null when the command has no count. */
  rowCount: number | null;
  /** More rows existed than the row limit; `rows` holds the first `rowLimit`. */
  truncated: boolean;
}

export interface QueryNotice {
  severity: string;
  message: string;
  code?: string;
}

export interface QueryError {
  message: string;
  /** SQLSTATE, e.g. "42601". */
  code: string | null;
  /** 1-based character position in the statement that failed, when the server reports one. */
  position: number | null;
  /** 0-based index of the failing statement within the SQL that was sent. */
  statementIndex: number | null;
  detail?: string;
  hint?: string;
}

export interface QueryResult {
  transport: TransportKind;
  /** Why this transport was used, e.g. "host port 127.0.0.1:55434 accepted the connection but never answered". */
  transportReason: string;
  database: string;
  user: string;
  /** One entry per statement that completed (a failing statement stops the run). */
  results: StatementResult[];
  notices: QueryNotice[];
  error: QueryError | null;
  /** Wall-clock time of the run, ms. */
  ms: number;
  /** The output was larger than the exec transport's cap and was cut. */
  outputCapped?: boolean;
}
