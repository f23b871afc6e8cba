import * as assert from 'node:assert/strict';
import type { HistoryTable } from '../../src/core/migrations/adapter';
import { matchTables, parseCatalog, qualify, quoteLiteral } from '../../src/core/migrations/catalog';
import { missingSchema, expectedSchemaSql } from '../../src/core/migrations/expectedSchema';
import { batchSql } from '../../src/core/migrations/readOnlyBatch';
import { MIGRATION_ADAPTERS } from '../../src/core/migrations/registry';
import { compareDigits, isoTime } from '../../src/core/migrations/toolKit';
import { railsAdapter } from '../../src/core/migrations/tools/rails';
import type { StatementResult } from '../../src/shared/results';

function catalog(rows: Array<[string, string, string]>): StatementResult {
  return {
    command: `SELECT ${rows.length}`,
    columns: [
      { name: 'table_schema', type: 'name' },
      { name: 'table_name', type: 'name' },
      { name: 'columns', type: 'text' },
    ],
    rows,
    rowCount: rows.length,
    truncated: false,
  };
}

function claim(tables: HistoryTable[]): Record<string, string> {
  return Object.fromEntries(matchTables(tables, MIGRATION_ADAPTERS, new Map()).map((m) => [`${m.table.schema}.${m.table.table}`, m.adapter.id]));
}

describe('migration history tables: catalog and matching', () => {
  it('classifies every tool of this module by its columns, wherever the table lives', () => {
    const tables = parseCatalog(
      catalog([
        ['public', 'django_migrations', 'id,app,name,applied'],
        ['public', 'knex_migrations', 'id,name,batch,migration_time'],
        ['public', 'knex_migrations_lock', 'index,is_locked'],
        ['public', 'pgmigrations', 'id,name,run_on'],
        ['public', 'migrations', 'id,timestamp,name'],
        ['public', 'SequelizeMeta', 'name'],
        ['drizzle', '__drizzle_migrations', 'id,hash,created_at'],
        ['public', 'goose_db_version', 'id,version_id,is_applied,tstamp'],
        ['public', '__diesel_schema_migrations', 'version,run_on'],
        ['gm', 'schema_migrations', 'version,dirty'],
        ['rails', 'schema_migrations', 'version'],
        ['rails', 'ar_internal_metadata', 'key,value,created_at,updated_at'],
        ['dbm', 'schema_migrations', 'version'],
      ]),
    );
    assert.deepEqual(claim(tables), {
      'public.django_migrations': 'django',
      'public.knex_migrations': 'knex',
      'public.pgmigrations': 'node-pg-migrate',
      'public.migrations': 'typeorm',
      'public.SequelizeMeta': 'sequelize',
      'drizzle.__drizzle_migrations': 'drizzle',
      'public.goose_db_version': 'goose',
      'public.__diesel_schema_migrations': 'diesel',
      'gm.schema_migrations': 'golang-migrate',
      'rails.schema_migrations': 'rails',
      'dbm.schema_migrations': 'dbmate',
    });
    assert.deepEqual(tables.find((t) => t.table === 'knex_migrations')?.siblings?.includes('knex_migrations_lock'), true);
  });

  it('gives a bare schema_migrations(version) to Rails when the workspace has Rails files and no metadata table', () => {
    const [table] = parseCatalog(catalog([['public', 'schema_migrations', 'version']]));
    assert.equal(matchTables([table], MIGRATION_ADAPTERS, new Map())[0].adapter.id, 'dbmate');
    const scans = new Map([['rails', { dir: '/p/db/migrate', migrations: [{ id: '1', file: '/p/db/migrate/1_a.rb' }], notes: [] }]]);
    assert.equal(matchTables([table], MIGRATION_ADAPTERS, scans)[0].adapter.id, 'rails');
    assert.equal(railsAdapter.matches(table), true);
  });

  it('quotes identifiers and literals', () => {
    assert.equal(qualify({ schema: 'my"s', table: 'SequelizeMeta', columns: [] }), '"my""s"."SequelizeMeta"');
    assert.equal(quoteLiteral("o'brien"), "'o''brien'");
  });

  it('wraps the reads in one READ ONLY transaction behind a savepoint, after probing for a transaction already open', () => {
    assert.equal(
      batchSql(['SELECT 1;', 'SELECT 2']),
      'SELECT now() = statement_timestamp() AS idle;\nBEGIN TRANSACTION READ ONLY;\nSAVEPOINT dockerdb_status;\nSELECT 1;\nSELECT 2;\nRELEASE SAVEPOINT dockerdb_status;',
    );
  });

  it('reports expected tables and columns the database lacks', () => {
    const expected = { tables: { users: ['id', 'email', 'deleted_at'], 'billing.invoices': [], orders: [] } };
    assert.match(expectedSchemaSql(expected) ?? '', /table_name IN \('users', 'invoices', 'orders'\)/);
    assert.equal(expectedSchemaSql({ tables: {} }), null);
    const found: StatementResult = {
      command: 'SELECT 3',
      columns: [],
      rows: [
        ['public', 'users', 'id', 't'],
        ['public', 'users', 'email', 't'],
        ['other', 'orders', 'id', 'f'],
      ],
      rowCount: 3,
      truncated: false,
    };
    assert.deepEqual(missingSchema(expected, found), [{ table: 'users', column: 'deleted_at' }, { table: 'billing.invoices' }, { table: 'orders' }]);
  });

  it('reads PostgreSQL timestamp text as ISO time and compares versions as integers', () => {
    assert.equal(isoTime('2024-03-01 10:20:30.5+01'), '2024-03-01T09:20:30.500Z');
    assert.equal(isoTime('2024-03-01 10:20:30'), '2024-03-01T10:20:30.000Z');
    assert.equal(isoTime('2024-03-01 10:20:30+05:30'), '2024-03-01T04:50:30.000Z');
    assert.equal(isoTime(null), undefined);
    assert.ok(compareDigits('001', '1') === 0 && compareDigits('9', '10') < 0 && compareDigits('20240101000000', '20231231235959') > 0);
  });
});
