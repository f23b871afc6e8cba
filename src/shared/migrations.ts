/**
 * Migration status of one database: `dockerdb migrations --json`, the Migrations tree node and the
 * migrations webview all read this shape. Plain data only.
 */

export type MigrationToolId =
  | 'flyway'
  | 'liquibase'
  | 'prisma'
  | 'alembic'
  | 'django'
  | 'rails'
  | 'knex'
  | 'node-pg-migrate'
  | 'golang-migrate'
  | 'dbmate'
  | 'sqlx'
  | 'typeorm'
  | 'sequelize'
  | 'drizzle'
  | 'goose'
  | 'atlas'
  | 'diesel';

/** Display names, e.g. for "Flyway: 42 applied, 2 pending". */
export const MIGRATION_TOOL_NAMES: Readonly<Record<MigrationToolId, string>> = {
  flyway: 'Flyway',
  liquibase: 'Liquibase',
  prisma: 'Prisma Migrate',
  alembic: 'Alembic',
  django: 'Django',
  rails: 'Rails',
  knex: 'knex',
  'node-pg-migrate': 'node-pg-migrate',
  'golang-migrate': 'golang-migrate',
  dbmate: 'dbmate',
  sqlx: 'sqlx',
  typeorm: 'TypeORM',
  sequelize: 'Sequelize',
  drizzle: 'Drizzle Kit',
  goose: 'goose',
  atlas: 'Atlas',
  diesel: 'Diesel',
};

export interface AppliedMigration {
  id: string;
  name?: string;
  /** ISO time, when the tool stores one. */
  appliedAt?: string;
  /** true/false when a checksum was stored and the workspace file was found; absent otherwise. */
  checksumOk?: boolean;
  /** Workspace file of this migration, when found (absolute path). */
  file?: string;
  /** Applied after a later version had already been applied. */
  outOfOrder?: boolean;
}

export interface PendingMigration {
  id: string;
  /** Absolute path. */
  file: string;
  name?: string;
  /** Sorts before a migration that is already applied (the tool may refuse it or run it out of order). */
  outOfOrder?: boolean;
}

export interface MissingMigration {
  id: string;
  name?: string;
}

export interface FailedMigration {
  id: string;
  /** What the tool recorded, for a person: "success = false", "dirty", "finished_at is null", "lock held since …". */
  detail: string;
  file?: string;
}

export interface ChecksumMismatch {
  id: string;
  file: string;
  /** The checksum stored in the history table, in the tool's own notation. */
  expected: string;
  /** The checksum recomputed from the workspace file the tool's way. */
  actual: string;
}

/** A statement that fails when run twice (e.g. CREATE INDEX without IF NOT EXISTS). */
export interface IdempotencyFinding {
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  /** Stable rule id, e.g. `create-index-without-if-not-exists`. */
  rule: string;
  message: string;
}

export interface ToolStatus {
  tool: MigrationToolId;
  /** Schema-qualified history table, e.g. `public.flyway_schema_history`; absent when only files were found. */
  table?: string;
  /** Workspace folder holding the tool's files, when found (absolute path). */
  dir?: string;
  applied: AppliedMigration[];
  pending: PendingMigration[];
  missing: MissingMigration[];
  failed: FailedMigration[];
  checksumMismatch: ChecksumMismatch[];
  idempotency: IdempotencyFinding[];
  /** Things a person should know that are not statuses: multiple Alembic heads, unreadable files. */
  notes: string[];
}

export interface ExpectedSchemaFinding {
  table: string;
  /** Absent when the whole table is missing. */
  column?: string;
}

export interface MigrationReport {
  /** The database the history was read from. */
  database: string;
  container?: string;
  transport?: 'direct' | 'exec';
  tools: ToolStatus[];
  /** Tables/columns from the expected-schema setting that the database lacks. */
  missingSchema: ExpectedSchemaFinding[];
  ms: number;
}

/** True when anything needs attention: pending, failed or mismatched (the CLI exits 1). */
export function needsAttention(report: MigrationReport): boolean {
  return report.tools.some((t) => t.pending.length > 0 || t.failed.length > 0 || t.checksumMismatch.length > 0);
}
