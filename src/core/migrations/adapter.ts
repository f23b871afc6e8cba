/**
 * One adapter per migration tool (src/core/migrations/tools/<tool>.ts). An adapter is pure apart
 * from reading workspace files: it says how to recognise the tool's history table, which
 * read-only SQL reads it, how to find the tool's files, and how both combine into a ToolStatus.
 * The status service (status.ts) finds history tables, runs the SQL over a QueryTransport (direct
 * or exec: both return text values) and calls the adapters.
 */
import type { IdempotencyFinding, MigrationToolId, ToolStatus } from '../../shared/migrations';

/** A history table found in the database's catalog. */
export interface HistoryTable {
  schema: string;
  table: string;
  /** Lower-case column names. */
  columns: string[];
  /**
   * Lower-case names of the other candidate tables in the same schema (knex_migrations_lock,
   * ar_internal_metadata, databasechangeloglock): side tables an adapter may read or match on.
   */
  siblings?: string[];
}

/** One row of the history query: column name → text value (null for SQL NULL), as both transports return them. */
export type HistoryRow = Readonly<Record<string, string | null>>;

/** A migration file (or changeset, or revision) found in the workspace. */
export interface LocalMigration {
  /** The id the history table stores for it (Flyway version, Prisma folder name, knex file name, ...). */
  id: string;
  name?: string;
  /** Absolute path of the file that holds it. */
  file: string;
  /** 1-based line where it starts inside `file` (Liquibase changesets), when not 1. */
  line?: number;
  /** Its checksum recomputed the tool's own way, in the notation the history table stores. */
  checksum?: string;
  /** Tool-specific extras, e.g. Alembic `down` revisions, Drizzle journal `when`, Liquibase author. */
  extra?: Readonly<Record<string, string | string[] | number | boolean | null>>;
}

export interface LocalScan {
  /** The folder that holds the tool's migrations (absolute path). */
  dir: string;
  /** In the tool's own apply order. */
  migrations: LocalMigration[];
  /** Unreadable files, layout problems: shown to the user as notes. */
  notes: string[];
  /**
   * True when only a file-name pattern that other tools share identified the folder (no marker
   * file such as knexfile.js): the status service then reports it only when the tool's history
   * table exists too.
   */
  guessed?: boolean;
}

export interface ReadFileSystem {
  readFile(path: string): Promise<Buffer>;
  /** Entries of a directory (names only); [] when it does not exist. */
  readdir(path: string): Promise<{ name: string; isDirectory: boolean }[]>;
  exists(path: string): Promise<boolean>;
}

export interface MigrationToolAdapter {
  readonly id: MigrationToolId;
  /**
   * Recognises the tool's history table by its columns (any schema, any table name where the
   * tool lets users rename it). More specific signatures win when several adapters match.
   */
  matches(table: HistoryTable): boolean;
  /** Read-only SQL selecting the history rows of `table`, ordered the tool's way. `qualified` is already quoted. */
  historyQuery(table: HistoryTable, qualified: string): string;
  /** Finds the tool's migrations under `root` (a workspace folder, or `--dir`); null when there are none. */
  scanWorkspace(root: string, fs: ReadFileSystem): Promise<LocalScan | null>;
  /**
   * The part of a pending file that runs on the way up, for the idempotency review: files that
   * hold both directions (goose `-- +goose Down`, dbmate `-- migrate:down`) blank the down part,
   * keeping line numbers. Absent: the whole file.
   */
  upText?(text: string): string;
  /** Applied, pending, missing, failed, checksum mismatches, out of order. Pure. */
  status(rows: readonly HistoryRow[] | null, local: LocalScan | null, table: HistoryTable | null): ToolStatus;
}

/** Idempotency review of one pending migration file's text (SQL, or Python for Alembic). */
export type IdempotencyLinter = (file: string, text: string) => IdempotencyFinding[];
