/**
 * The Node.js tools: knex, node-pg-migrate, TypeORM, Sequelize, Drizzle Kit, on realistic rows and files.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { HistoryTable } from '../../src/core/migrations/adapter';
import { nodeFileSystem as fs } from '../../src/core/migrations/nodeFs';
import { drizzleAdapter } from '../../src/core/migrations/tools/drizzle';
import { knexAdapter } from '../../src/core/migrations/tools/knex';
import { nodePgMigrateAdapter } from '../../src/core/migrations/tools/nodePgMigrate';
import { sequelizeAdapter } from '../../src/core/migrations/tools/sequelize';
import { typeormAdapter } from '../../src/core/migrations/tools/typeorm';
import { treeKeeper } from '../support/migrationTree';

const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id);
const t = (table: string, columns: string[], siblings: string[] = [], schema = 'public'): HistoryTable => ({ schema, table, columns, siblings });
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('Node.js migration tools: knex, node-pg-migrate, TypeORM, Sequelize, Drizzle', () => {
  const { tree, removeAll } = treeKeeper();
  after(removeAll);

  it('knex: reads the lock in the same query, reports a stuck lock even with an empty history, and follows the knexfile directory', async () => {
    const knex = t('knex_migrations', ['id', 'name', 'batch', 'migration_time'], ['knex_migrations_lock'], 'app');
    assert.match(knexAdapter.historyQuery(knex, '"app"."knex_migrations"'), /FROM \(SELECT max\(is_locked\) AS is_locked FROM "app"\."knex_migrations_lock"\) l LEFT JOIN "app"\."knex_migrations" h ON true/);
    assert.doesNotMatch(knexAdapter.historyQuery({ ...knex, siblings: [] }, 'q'), /knex_migrations_lock/);
    const x = await tree({ 'knexfile.ts': "export default { migrations: { tableName: 'knex_migrations', directory: './db/knex' } };\n", 'db/knex/20240101000000_a.ts': '', 'db/knex/notes.md': '' });
    const scan = await knexAdapter.scanWorkspace(x.root, fs);
    assert.ok(scan);
    assert.deepEqual([scan.dir, ids(scan.migrations), scan.guessed], [x.at('db/knex'), ['20240101000000_a.ts'], false]);
    const s = knexAdapter.status([{ id: null, name: null, batch: null, migration_time: null, is_locked: '1' }], scan, knex);
    assert.deepEqual([s.applied, ids(s.pending), ids(s.failed)], [[], ['20240101000000_a.ts'], ['app.knex_migrations_lock']]);
    const unlocked = knexAdapter.status([{ id: '1', name: '20240101000000_a.js', batch: '1', migration_time: '2024-01-01 00:00:00+00', is_locked: '0' }], scan, knex);
    assert.deepEqual([unlocked.failed, ids(unlocked.missing), ids(unlocked.pending)], [[], ['20240101000000_a.js'], ['20240101000000_a.ts']], 'a .js → .ts rename changes the id');
  });

  it('knex: in the root folder only numbered files count (not knexfile.js)', async () => {
    const x = await tree({ 'knexfile.js': '', 'eslint.config.js': '', '20240101000000_a.js': '' });
    assert.deepEqual(ids((await knexAdapter.scanWorkspace(x.root, fs))?.migrations ?? []), ['20240101000000_a.js']);
  });

  it('node-pg-migrate: ids without the extension, SQL up/down pairs as one, dot files ignored, numeric order', async () => {
    const x = await tree({ 'package.json': '{"scripts":{"migrate":"node-pg-migrate"},"devDependencies":{"node-pg-migrate":"7"}}', 'migrations/1700000000000_init.js': '', 'migrations/1700000000001_users.up.sql': '', 'migrations/1700000000001_users.down.sql': '', 'migrations/.eslintrc': '', 'migrations/20240101000000000_utc.ts': '' });
    const scan = await nodePgMigrateAdapter.scanWorkspace(x.root, fs);
    assert.ok(scan);
    assert.deepEqual([ids(scan.migrations), scan.guessed], [['1700000000000_init', '1700000000001_users', '20240101000000000_utc'], false]);
    const s = nodePgMigrateAdapter.status([{ id: '1', name: '1700000000001_users', run_on: '2024-01-01 00:00:00' }], scan, t('pgmigrations', ['id', 'name', 'run_on']));
    assert.deepEqual(ids(s.pending), ['1700000000000_init', '20240101000000000_utc']);
    assert.deepEqual(s.pending.map((p) => p.outOfOrder ?? false), [true, false], 'checkOrder would refuse the earlier pending file');
  });

  it('TypeORM: the class name (or its name property) is the id, ordered by its 13-digit timestamp; other files ignored', async () => {
    const cls = (name: string, prop?: string): string => `import { MigrationInterface } from "typeorm";\nexport class ${name} implements MigrationInterface {\n${prop ? `  name = "${prop}";\n` : ''}  async up() {}\n}\n`;
    const x = await tree({ 'src/migrations/1700000000002-B.ts': cls('B1700000000002'), 'src/migrations/1700000000001-A.ts': cls('A1700000000001', 'Renamed1700000000001'), 'src/migrations/index.d.ts': cls('X1'), 'src/migrations/util.ts': 'export const x = 1;\n' });
    const scan = await typeormAdapter.scanWorkspace(x.root, fs);
    assert.deepEqual(ids(scan?.migrations ?? []), ['Renamed1700000000001', 'B1700000000002']);
    const s = typeormAdapter.status([{ id: '1', timestamp: '1700000000002', name: 'B1700000000002' }], scan, t('migrations', ['id', 'timestamp', 'name']));
    assert.deepEqual([ids(s.applied), ids(s.pending), s.pending[0].outOfOrder], [['B1700000000002'], ['Renamed1700000000001'], true]);
  });

  it('Sequelize: quoted "SequelizeMeta", file names with extensions, createdAt when the table has timestamps', async () => {
    const meta = t('SequelizeMeta', ['name', 'createdat', 'updatedat']);
    assert.equal(sequelizeAdapter.matches(meta), true);
    assert.equal(sequelizeAdapter.historyQuery(meta, '"public"."SequelizeMeta"'), 'SELECT name, "createdAt" AS created_at FROM "public"."SequelizeMeta"');
    const x = await tree({ '.sequelizerc': '', 'migrations/20240101000000-a.js': '', 'migrations/20240102000000-b.cjs': '', 'migrations/types.d.ts': '' });
    const scan = await sequelizeAdapter.scanWorkspace(x.root, fs);
    assert.deepEqual([ids(scan?.migrations ?? []), scan?.guessed], [['20240101000000-a.js', '20240102000000-b.cjs'], false]);
    const s = sequelizeAdapter.status(
      [
        { name: '20240102000000-b.cjs', created_at: '2024-02-01 00:00:00+00' },
        { name: '20240101000000-a.js', created_at: '2024-02-02 00:00:00+00' },
      ],
      scan,
      meta,
    );
    assert.deepEqual(s.applied.map((a) => [a.id, a.outOfOrder ?? false]), [['20240102000000-b.cjs', false], ['20240101000000-a.js', true]]);
  });

  it('Drizzle 1.0: folders matched by name, hash compared with sha256 of migration.sql', async () => {
    const sql = 'CREATE TABLE "users" ("id" serial);\n';
    const x = await tree({ 'drizzle/20240101000000_init/migration.sql': sql, 'drizzle/20240101000000_init/snapshot.json': '{}', 'drizzle/20240201000000_posts/migration.sql': 'CREATE TABLE "posts" ("id" serial);\n' });
    const scan = await drizzleAdapter.scanWorkspace(x.root, fs);
    const table = t('__drizzle_migrations', ['id', 'hash', 'created_at', 'name', 'applied_at'], [], 'drizzle');
    assert.match(drizzleAdapter.historyQuery(table, 'q'), /name, applied_at/);
    const s = drizzleAdapter.status([{ id: '1', hash: sha256(sql), created_at: '1704067200000', name: '20240101000000_init', applied_at: '2024-01-01 00:00:00+00' }], scan, table);
    assert.deepEqual([ids(s.applied), s.applied[0].checksumOk, ids(s.pending)], [['20240101000000_init'], true, ['20240201000000_posts']]);
  });

  it('Drizzle 0.x: a broken journal is a note, not a crash', async () => {
    const x = await tree({ 'drizzle/meta/_journal.json': '{ not json' });
    const scan = await drizzleAdapter.scanWorkspace(x.root, fs);
    assert.ok(scan);
    assert.deepEqual(scan.migrations, []);
    assert.match(scan.notes.join(), /_journal\.json is not valid JSON/);
  });
});
