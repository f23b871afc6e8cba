import * as assert from 'node:assert/strict';
import type { HistoryRow, HistoryTable } from '../../src/core/migrations/adapter';
import { flywayChecksum } from '../../src/core/migrations/checksums/flyway';
import { nodeFileSystem } from '../../src/core/migrations/nodeFs';
import { compareFlywayVersions, flywayAdapter } from '../../src/core/migrations/tools/flyway';
import { sqlxAdapter } from '../../src/core/migrations/tools/sqlx';
import { Tree, writeTree } from '../support/migrationTree';

const TABLE: HistoryTable = {
  schema: 'public',
  table: 'flyway_schema_history',
  columns: ['installed_rank', 'version', 'description', 'type', 'script', 'checksum', 'installed_by', 'installed_on', 'execution_time', 'success'],
};

/** A history row as both transports return it (text values, t/f booleans). */
function row(rank: number, version: string | null, description: string, checksum: number | null, extra: Partial<Record<string, string | null>> = {}): HistoryRow {
  return { installed_rank: String(rank), version, description, type: 'SQL', script: `V${version}__x.sql`, checksum: checksum === null ? null : String(checksum), installed_on: `2024-01-0${Math.min(rank, 9)} 10:00:00`, success: 't', ...extra };
}

describe('Flyway adapter', () => {
  let tree: Tree;
  afterEach(async () => tree?.remove());

  it('compares versions numerically, part by part, trailing zeros ignored', () => {
    assert.ok(compareFlywayVersions('1.10', '1.9') > 0);
    assert.ok(compareFlywayVersions('2', '10') < 0);
    assert.equal(compareFlywayVersions('001', '1'), 0);
    assert.equal(compareFlywayVersions('1.0', '1'), 0);
    assert.equal(compareFlywayVersions('1_1', '1.1'), 0);
  });

  it('claims the Flyway table and leaves the sqlx table (a subset of its columns) alone, and vice versa', () => {
    const sqlx: HistoryTable = { schema: 'public', table: '_sqlx_migrations', columns: ['version', 'description', 'installed_on', 'success', 'checksum', 'execution_time'] };
    assert.ok(flywayAdapter.matches(TABLE));
    assert.ok(!flywayAdapter.matches(sqlx));
    assert.ok(sqlxAdapter.matches(sqlx));
    assert.ok(!sqlxAdapter.matches(TABLE));
    assert.match(flywayAdapter.historyQuery(TABLE, '"public"."flyway_schema_history"'), /WHERE installed_rank >= 0 ORDER BY installed_rank$/);
  });

  it('scans V/R files recursively in version order (1.9 before 1.10), skips U undo files, reads flyway.conf locations', async () => {
    tree = await writeTree({
      'flyway.conf': 'flyway.url=jdbc:postgresql://localhost/app\nflyway.locations=filesystem:database/sql\n',
      'database/sql/V1_10__ten.sql': 'select 10;',
      'database/sql/sub/V1_9__nine.sql': 'select 9;',
      'database/sql/V2__two.SQL': 'select 2;',
      'database/sql/U2__undo_two.sql': 'select -2;',
      'database/sql/R__refresh_views.sql': 'select 0;',
      'database/sql/notes.txt': 'not a migration',
      'database/sql/v3__lower_case_prefix.sql': 'select 3;',
      'db/migration/V1__elsewhere.sql': 'select 1;',
    });
    const scan = await flywayAdapter.scanWorkspace(tree.root, nodeFileSystem);
    assert.ok(scan);
    assert.equal(scan.dir, tree.at('database/sql'));
    assert.deepEqual(
      scan.migrations.map((m) => [m.id, m.name, m.extra?.script]),
      [
        ['1.9', 'nine', 'sub/V1_9__nine.sql'],
        ['1.10', 'ten', 'V1_10__ten.sql'],
        ['2', 'two', 'V2__two.SQL'],
        ['R:refresh views', 'refresh views', 'R__refresh_views.sql'],
      ],
    );
    assert.equal(scan.migrations[0].checksum, String(flywayChecksum('select 9;')));
  });

  it('falls back to the conventional locations and returns null when there are no migrations', async () => {
    tree = await writeTree({ 'src/main/resources/db/migration/V1__init.sql': 'create table t (a int);' });
    const scan = await flywayAdapter.scanWorkspace(tree.root, nodeFileSystem);
    assert.deepEqual(scan?.migrations.map((m) => m.id), ['1']);
    assert.equal(await flywayAdapter.scanWorkspace(tree.at('src'), nodeFileSystem), null);
  });

  it('skips the SCHEMA marker, honours BASELINE (lower files are not pending) and DELETE rows, and does not call Java migrations missing', async () => {
    tree = await writeTree({
      'db/migration/V1__old.sql': 'select 1;',
      'db/migration/V2__base.sql': 'select 2;',
      'db/migration/V3__next.sql': 'select 3;',
      'db/migration/V4__redo.sql': 'select 4;',
    });
    const scan = await flywayAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const rows = [
      row(0, null, '<< Flyway Schema Creation >>', null, { type: 'SCHEMA', script: '"public"' }),
      row(1, '2', '<< Flyway Baseline >>', null, { type: 'BASELINE', script: '<< Flyway Baseline >>' }),
      row(2, '2.5', 'java step', null, { type: 'JDBC', script: 'db.migration.V2_5__java_step' }),
      row(3, '4', 'redo', flywayChecksum('select 4;')),
      row(4, '4', 'redo', null, { type: 'DELETE' }),
    ];
    const s = flywayAdapter.status(rows, scan, TABLE);
    assert.deepEqual(s.applied.map((a) => a.id), ['2', '2.5']);
    assert.deepEqual(s.missing, []);
    assert.deepEqual(s.pending.map((p) => p.id), ['3', '4']);
    assert.equal(s.table, 'public.flyway_schema_history');
  });

  it('re-runs a changed repeatable migration (pending, note) instead of reporting a mismatch', async () => {
    tree = await writeTree({ 'sql/R__views.sql': 'create or replace view v as select 2;', 'sql/V1__init.sql': 'select 1;' });
    const scan = await flywayAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const rows = [row(1, '1', 'init', flywayChecksum('select 1;')), row(2, null, 'views', flywayChecksum('create or replace view v as select 1;')), row(3, null, 'views', flywayChecksum('create or replace view v as select 1;'))];
    const s = flywayAdapter.status(rows, scan, TABLE);
    assert.deepEqual(s.checksumMismatch, []);
    assert.deepEqual(s.applied.map((a) => [a.id, a.checksumOk]), [['1', true], ['R:views', false]]);
    assert.deepEqual(s.pending.map((p) => p.id), ['R:views']);
    assert.ok(s.notes.some((n) => /repeatable migration changed/.test(n)));
  });

  it('flags a pending version below the highest applied one as out of order', async () => {
    tree = await writeTree({ 'sql/V1__a.sql': 'select 1;', 'sql/V2__b.sql': 'select 2;', 'sql/V3__c.sql': 'select 3;' });
    const scan = await flywayAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const s = flywayAdapter.status([row(1, '1', 'a', flywayChecksum('select 1;')), row(2, '3', 'c', flywayChecksum('select 3;'))], scan, TABLE);
    assert.deepEqual(s.pending, [{ id: '2', file: tree.at('sql/V2__b.sql'), name: 'b', outOfOrder: true }]);
    assert.ok(s.notes.some((n) => /outOfOrder=true/.test(n)));
    assert.equal(s.applied[0].appliedAt, '2024-01-01T10:00:00.000Z');
  });

  it('reports a failed repeatable migration as failed, not as applied or pending', async () => {
    tree = await writeTree({ 'sql/R__views.sql': 'create or replace view v as select 1;' });
    const scan = await flywayAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const s = flywayAdapter.status([row(1, null, 'views', flywayChecksum('create or replace view v as select 1;'), { success: 'f' })], scan, TABLE);
    assert.deepEqual([s.applied, s.pending], [[], []]);
    assert.deepEqual(s.failed.map((f) => [f.id, f.file]), [['R:views', tree.at('sql/R__views.sql')]]);
    // "flyway repair" marks a repeatable migration deleted: it runs again.
    const repaired = flywayAdapter.status([row(1, null, 'views', 1), row(2, null, 'views', null, { type: 'DELETE' })], scan, TABLE);
    assert.deepEqual([repaired.applied, repaired.pending.map((p) => p.id)], [[], ['R:views']]);
  });

  it('works from the history alone (no workspace files): applied and failed, nothing pending or missing', () => {
    const s = flywayAdapter.status([row(1, '1', 'a', 1), row(2, '2', 'b', 2, { success: 'f' })], null, TABLE);
    assert.deepEqual(s.applied.map((a) => [a.id, a.checksumOk]), [['1', undefined]]);
    assert.deepEqual(s.failed.map((f) => f.id), ['2']);
    assert.deepEqual([s.pending, s.missing, s.checksumMismatch], [[], [], []]);
  });
});
