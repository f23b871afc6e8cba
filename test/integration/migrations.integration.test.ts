/**
 * Migration status against a real PostgreSQL: every tool's real history table (the tool's own DDL),
 * workspace folders in each tool's layout, and the same report over the direct and exec transports.
 */
import * as assert from 'node:assert/strict';
import { computeMigrationStatus, HISTORY_ROW_LIMIT } from '../../src/core/migrations/status';
import { DirectTransport } from '../../src/core/transport/directTransport';
import type { QueryTransport, QueryTarget } from '../../src/core/transport/types';
import type { MigrationReport, MigrationToolId, ToolStatus } from '../../src/shared/migrations';
import { removeRunContainers, requireDocker } from '../support/docker';
import { PgTransports, startPgTransports } from '../support/pgTransports';
import { Tree, writeTree } from '../support/migrationTree';
import { DRIZZLE_ROWS_SQL, HISTORY_SQL, WORKSPACES } from './migrationsScenario';

function tool(report: MigrationReport, id: MigrationToolId): ToolStatus {
  const found = report.tools.filter((t) => t.tool === id);
  assert.equal(found.length, 1, `one ${id} status in ${JSON.stringify(report.tools.map((t) => t.tool))}`);
  return found[0];
}

const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id);
const late = (list: Array<{ id: string; outOfOrder?: boolean }>): string[] => list.filter((x) => x.outOfOrder).map((x) => x.id);

/** Everything but the timing. */
function comparable(r: MigrationReport): Omit<MigrationReport, 'ms' | 'transport'> {
  const { ms: _m, transport: _t, ...rest } = r;
  return rest;
}

describe('migration status against a real PostgreSQL, over direct and exec', function () {
  this.timeout(120000);
  let pg: PgTransports;
  let direct: QueryTransport;
  let exec: QueryTransport;
  let target: QueryTarget;
  const trees = new Map<string, Tree>();

  const statusOver = (transport: QueryTransport, extra: { dir?: string; expectedSchema?: { tables: Record<string, string[]> } } = {}): Promise<MigrationReport> =>
    computeMigrationStatus({ run: (sql) => transport.run(sql, { rowLimit: HISTORY_ROW_LIMIT }), roots: [...trees.values()].map((t) => t.root), ...extra });

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    pg = await startPgTransports({ user: 'mig', db: 'appdb' });
    ({ direct, exec, target } = pg);
    const setup = await direct.run(`${HISTORY_SQL}\n${DRIZZLE_ROWS_SQL}`);
    assert.equal(setup.error, null, JSON.stringify(setup.error));
    for (const [name, files] of Object.entries(WORKSPACES)) trees.set(name, await writeTree(files));
  });

  after(async function () {
    this.timeout(60000);
    await pg?.close();
    for (const t of trees.values()) await t.remove();
    await removeRunContainers();
  });

  it('finds every tool and reports applied, pending, missing, failed, changed and out-of-order migrations', async () => {
    const r = await statusOver(direct);
    assert.equal(r.database, 'appdb');
    assert.deepEqual(r.tools.map((t) => t.tool).sort(), Object.keys(WORKSPACES).sort(), 'tools whose files were only guessed at are not reported');
    const at = (name: string, rel: string): string => (trees.get(name) as Tree).at(rel);

    const django = tool(r, 'django');
    assert.equal(django.table, 'public.django_migrations');
    assert.deepEqual(ids(django.applied), ['auth.0001_initial', 'blog.0001_initial', 'blog.0003_tags', 'blog.0002_add_slug', 'blog.0099_gone']);
    assert.deepEqual(late(django.applied), ['blog.0002_add_slug']);
    assert.deepEqual(ids(django.missing), ['blog.0099_gone'], 'contrib app rows are not missing');
    assert.deepEqual(django.pending, [{ id: 'blog.0004_pending', name: '0004_pending', file: at('django', 'blog/migrations/0004_pending.py') }]);
    assert.equal(django.applied[1].appliedAt, '2024-01-01T10:00:00.000Z');

    const knex = tool(r, 'knex');
    assert.deepEqual(ids(knex.applied), ['20231231000000_old.js', '20240101000000_a.js', '20240103000000_c.js']);
    assert.deepEqual(ids(knex.missing), ['20231231000000_old.js']);
    assert.deepEqual(ids(knex.pending), ['20240102000000_b.js']);
    assert.deepEqual(late(knex.pending), ['20240102000000_b.js']);
    assert.deepEqual(ids(knex.failed), ['public.knex_migrations_lock']);
    assert.match(knex.failed[0].detail, /is_locked = 1.*knex migrate:unlock/);

    const npm = tool(r, 'node-pg-migrate');
    assert.deepEqual(ids(npm.applied), ['1700000000000_init', '1690000000000_removed']);
    assert.deepEqual(ids(npm.missing), ['1690000000000_removed']);
    assert.deepEqual(ids(npm.pending), ['1700000000001_users']);
    assert.equal(npm.applied[0].appliedAt, '2024-03-01T12:00:00.000Z');

    const typeorm = tool(r, 'typeorm');
    assert.deepEqual(ids(typeorm.applied), ['Init1700000000000']);
    assert.equal(typeorm.applied[0].file, at('typeorm', 'src/migrations/1700000000000-Init.ts'));
    assert.deepEqual(ids(typeorm.pending), ['AddUsers1700000000001']);

    const sequelize = tool(r, 'sequelize');
    assert.equal(sequelize.table, 'public.SequelizeMeta');
    assert.deepEqual(ids(sequelize.applied), ['20240101000000-create-users.js']);
    assert.deepEqual(ids(sequelize.pending), ['20240102000000-add-email.js']);

    const drizzle = tool(r, 'drizzle');
    assert.equal(drizzle.table, 'drizzle.__drizzle_migrations');
    assert.deepEqual(ids(drizzle.applied), ['1700000000000', '1700000002000']);
    assert.deepEqual(drizzle.applied.map((a) => a.checksumOk), [true, false]);
    assert.deepEqual(ids(drizzle.checksumMismatch), ['1700000002000']);
    assert.equal(drizzle.checksumMismatch[0].file, at('drizzle', 'drizzle/0002_posts.sql'));
    assert.deepEqual(ids(drizzle.pending), ['1700000001000', '1700000003000']);
    assert.deepEqual(late(drizzle.pending), ['1700000001000'], 'drizzle skips journal entries older than the last applied');

    const goose = tool(r, 'goose');
    assert.deepEqual(ids(goose.applied), ['1', '3'], 'the latest row per version decides; the seed row is ignored');
    assert.deepEqual(ids(goose.pending), ['2']);
    assert.deepEqual(late(goose.pending), ['2']);
    assert.deepEqual(goose.idempotency.map((f) => [f.file, f.line]), [[at('goose', 'migrations/00002_users.sql'), 2]], 'pending files reviewed; applied ones not');

    const diesel = tool(r, 'diesel');
    assert.deepEqual(ids(diesel.applied), ['00000000000000', '20231201000000', '20240102030405']);
    assert.deepEqual(ids(diesel.missing), ['20231201000000']);
    assert.deepEqual(diesel.pending, [{ id: '20240201000000', name: 'create_posts', file: at('diesel', 'migrations/2024-02-01-000000_create_posts/up.sql') }]);

    const golang = tool(r, 'golang-migrate');
    assert.equal(golang.table, 'public.schema_migrations');
    assert.deepEqual(ids(golang.applied), ['1']);
    assert.deepEqual(ids(golang.failed), ['2']);
    assert.match(golang.failed[0].detail, /dirty/);
    assert.deepEqual(ids(golang.pending), ['3']);
    assert.deepEqual(golang.idempotency.map((f) => [f.file, f.line, f.rule]), [[at('golang-migrate', 'migrations/000003_posts.up.sql'), 1, 'create-index-without-if-not-exists']]);

    const rails = tool(r, 'rails');
    assert.equal(rails.table, 'rails.schema_migrations');
    assert.deepEqual(ids(rails.applied), ['20231212000000', '20240101000000', '20240103000000']);
    assert.deepEqual(ids(rails.missing), ['20231212000000']);
    assert.deepEqual(ids(rails.pending), ['20240102000000']);
    assert.deepEqual(late(rails.pending), ['20240102000000']);

    const dbmate = tool(r, 'dbmate');
    assert.equal(dbmate.table, 'dbm.schema_migrations', 'found in a non-public schema');
    assert.deepEqual(ids(dbmate.applied), ['20240101000000']);
    assert.deepEqual(ids(dbmate.pending), ['20240102000000']);
  });

  it('gives the identical report through docker exec psql (no host port used)', async () => {
    const a = await statusOver(direct);
    const b = await statusOver(exec);
    assert.equal(b.transport, 'exec');
    assert.equal(a.transport, 'direct');
    assert.deepEqual(comparable(b), comparable(a));
  });

  it('refreshes in one round trip with a catalog cache, and stays right when a table goes away', async () => {
    let trips = 0;
    const counted = (sql: string) => {
      trips += 1;
      return exec.run(sql, { rowLimit: HISTORY_ROW_LIMIT });
    };
    const roots = [...trees.values()].map((t) => t.root);
    const cache = {};
    const cold = await computeMigrationStatus({ run: counted, roots, catalogCache: cache });
    assert.equal(trips, 2, 'catalog, then the history tables');
    trips = 0;
    const warm = await computeMigrationStatus({ run: counted, roots, catalogCache: cache });
    assert.equal(trips, 1, 'everything in one round trip');
    assert.deepEqual(comparable(warm), comparable(cold));
    const setup = await direct.run('CREATE SCHEMA gone; CREATE TABLE gone.pgmigrations (id serial primary key, name varchar(255) not null, run_on timestamp not null)');
    assert.equal(setup.error, null);
    await computeMigrationStatus({ run: counted, roots, catalogCache: cache });
    assert.equal((await direct.run('DROP SCHEMA gone CASCADE')).error, null);
    trips = 0;
    const after = await computeMigrationStatus({ run: counted, roots, catalogCache: cache });
    assert.deepEqual(comparable(after), comparable(cold), 'the dropped table is gone from the report');
    assert.ok(trips <= 2, `${trips} round trips`);
  });

  it('leaves nothing open and changes nothing: the direct session is idle and the tables are unchanged', async () => {
    const before = await direct.run('SELECT count(*) FROM knex_migrations; SELECT is_locked FROM knex_migrations_lock');
    await statusOver(direct);
    const after = await direct.run("SELECT count(*) FROM knex_migrations; SELECT is_locked FROM knex_migrations_lock; SELECT current_setting('transaction_read_only')");
    assert.deepEqual(after.results.slice(0, 2).map((x) => x.rows), before.results.map((x) => x.rows));
    assert.deepEqual(after.results[2].rows, [['off']], 'the READ ONLY transaction ended');
  });

  it('reads inside a transaction the user left open without ending or aborting it, even when a query fails', async () => {
    const grant = await direct.run('CREATE ROLE txreader; GRANT USAGE ON SCHEMA drizzle, rails, dbm TO txreader; GRANT SELECT ON ALL TABLES IN SCHEMA public, drizzle, rails, dbm TO txreader; REVOKE SELECT ON knex_migrations FROM txreader');
    assert.equal(grant.error, null, JSON.stringify(grant.error));
    const begin = await direct.run('BEGIN; SET LOCAL ROLE txreader; CREATE TEMP TABLE user_work (x int); INSERT INTO user_work VALUES (42)');
    assert.equal(begin.error, null, JSON.stringify(begin.error));
    try {
      const r = await statusOver(direct);
      assert.match(tool(r, 'knex').notes.join('\n'), /permission denied/);
      assert.deepEqual(ids(tool(r, 'goose').applied), ['1', '3']);
      const still = await direct.run('SELECT x FROM user_work; SELECT now() <> statement_timestamp() AS in_block');
      assert.equal(still.error, null, "the user's transaction is neither ended nor aborted");
      assert.deepEqual(still.results.map((x) => x.rows), [[['42']], [['t']]]);
    } finally {
      await direct.run('ROLLBACK');
    }
  });

  it('reports only the tools of --dir, and expected tables and columns the database lacks', async () => {
    const r = await statusOver(exec, { dir: (trees.get('knex') as Tree).root, expectedSchema: { tables: { knex_migrations: ['id', 'name', 'finished'], 'rails.ar_internal_metadata': ['key'], users: [] } } });
    assert.deepEqual(tool(r, 'knex').pending.length, 1);
    assert.equal(tool(r, 'golang-migrate').dir, undefined, 'a table with no files of its own folder');
    assert.deepEqual(r.missingSchema, [{ table: 'knex_migrations', column: 'finished' }, { table: 'users' }]);
  });

  it('still reports the other tools when one history table cannot be read', async () => {
    const setup = await direct.run("CREATE ROLE reader LOGIN PASSWORD 'x'; GRANT USAGE ON SCHEMA drizzle, rails, dbm TO reader; GRANT SELECT ON ALL TABLES IN SCHEMA public, rails, dbm TO reader; REVOKE SELECT ON knex_migrations FROM reader");
    assert.equal(setup.error, null, JSON.stringify(setup.error));
    const reader = new DirectTransport({ ...target, credentials: { ...target.credentials, user: 'reader', password: 'x', passwordSource: 'test' } });
    let r: MigrationReport;
    try {
      r = await statusOver(reader);
      // The failed statement's transaction was rolled back: the session answers again.
      assert.equal((await reader.run('SELECT 1')).error, null);
    } finally {
      await reader.dispose();
    }
    const knex = tool(r, 'knex');
    assert.match(knex.notes.join('\n'), /Could not read "public"\."knex_migrations": permission denied/);
    assert.deepEqual(ids(tool(r, 'goose').applied), ['1', '3']);
    assert.deepEqual(ids(tool(r, 'drizzle').applied), [], 'no SELECT on drizzle tables either: noted, not fatal');
  });
});
