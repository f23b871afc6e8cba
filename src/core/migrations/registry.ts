/**
 * Every migration tool adapter, most specific history-table signature first (the catalog match
 * takes the first adapter that claims a table when the workspace does not settle it), and the
 * idempotency linter of pending files.
 */
import type { IdempotencyLinter, MigrationToolAdapter } from './adapter';
import { lintMigration } from './idempotency';
import { alembicAdapter } from './tools/alembic';
import { atlasAdapter } from './tools/atlas';
import { dbmateAdapter } from './tools/dbmate';
import { dieselAdapter } from './tools/diesel';
import { djangoAdapter } from './tools/django';
import { drizzleAdapter } from './tools/drizzle';
import { flywayAdapter } from './tools/flyway';
import { golangMigrateAdapter } from './tools/golangMigrate';
import { gooseAdapter } from './tools/goose';
import { knexAdapter } from './tools/knex';
import { liquibaseAdapter } from './tools/liquibase';
import { nodePgMigrateAdapter } from './tools/nodePgMigrate';
import { prismaAdapter } from './tools/prisma';
import { railsAdapter } from './tools/rails';
import { sequelizeAdapter } from './tools/sequelize';
import { sqlxAdapter } from './tools/sqlx';
import { typeormAdapter } from './tools/typeorm';

export const MIGRATION_ADAPTERS: readonly MigrationToolAdapter[] = [
  flywayAdapter,
  liquibaseAdapter,
  prismaAdapter,
  atlasAdapter,
  sqlxAdapter,
  gooseAdapter,
  djangoAdapter,
  golangMigrateAdapter,
  knexAdapter,
  nodePgMigrateAdapter,
  dieselAdapter,
  typeormAdapter,
  drizzleAdapter,
  sequelizeAdapter,
  alembicAdapter,
  dbmateAdapter,
  railsAdapter,
];

/** Idempotency review of one pending file (SQL, or Python for Alembic). */
export const lintMigrationFile: IdempotencyLinter = lintMigration;
