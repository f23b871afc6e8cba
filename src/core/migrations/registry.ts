/**
 * Every migration tool adapter, most specific history-table signature first (the catalog match
 * takes the first adapter that claims a table when the workspace does not settle it), and the
 * idempotency linter of pending files.
 */
import type { IdempotencyFinding } from '../../shared/migrations';
import type { MigrationToolAdapter } from './adapter';
import { dbmateAdapter } from './tools/dbmate';
import { dieselAdapter } from './tools/diesel';
import { djangoAdapter } from './tools/django';
import { drizzleAdapter } from './tools/drizzle';
import { golangMigrateAdapter } from './tools/golangMigrate';
import { gooseAdapter } from './tools/goose';
import { knexAdapter } from './tools/knex';
import { nodePgMigrateAdapter } from './tools/nodePgMigrate';
import { railsAdapter } from './tools/rails';
import { sequelizeAdapter } from './tools/sequelize';
import { typeormAdapter } from './tools/typeorm';

export const MIGRATION_ADAPTERS: readonly MigrationToolAdapter[] = [
  gooseAdapter,
  djangoAdapter,
  golangMigrateAdapter,
  knexAdapter,
  nodePgMigrateAdapter,
  dieselAdapter,
  typeormAdapter,
  drizzleAdapter,
  sequelizeAdapter,
  dbmateAdapter,
  railsAdapter,
];

/** Idempotency review of one pending file (migsum's linter once merged). */
export function lintMigrationFile(_file: string, _text: string): IdempotencyFinding[] {
  return [];
}
