/**
 * Every migration tool adapter, most specific history-table signature first (the catalog match
 * takes the first adapter that claims a table when the workspace does not settle it), and the
 * idempotency linter of pending files.
 */
import type { IdempotencyFinding } from '../../shared/migrations';
import type { MigrationToolAdapter } from './adapter';
import { dbmateAdapter } from './tools/dbmate';
import { golangMigrateAdapter } from './tools/golangMigrate';
import { knexAdapter } from './tools/knex';
import { railsAdapter } from './tools/rails';

export const MIGRATION_ADAPTERS: readonly MigrationToolAdapter[] = [golangMigrateAdapter, knexAdapter, dbmateAdapter, railsAdapter];

/** Idempotency review of one pending file (migsum's linter once merged). */
export function lintMigrationFile(_file: string, _text: string): IdempotencyFinding[] {
  return [];
}
