import * as assert from 'node:assert/strict';
import type { MigrationReport, ToolStatus } from '../../src/shared/migrations';
import { migrationRows, NO_HISTORY_LABEL, reportFiles, reportSummary, toolSeverity, treeLines } from '../../src/shared/migrationsView';
import { changesetLine } from '../../src/vscode/migrations/changesetLine';

const DIR = '/ws/db/migration';

function tool(patch: Partial<ToolStatus> = {}): ToolStatus {
  return { tool: 'flyway', table: 'public.flyway_schema_history', dir: DIR, applied: [], pending: [], missing: [], failed: [], checksumMismatch: [], idempotency: [], notes: [], ...patch };
}

function report(tools: ToolStatus[], missingSchema: MigrationReport['missingSchema'] = []): MigrationReport {
  return { database: 'shop', container: 'db-1', transport: 'exec', tools, missingSchema, ms: 12 };
}

const sample = tool({
  applied: [
    { id: '1', name: 'create users', appliedAt: '2026-11-24T10:00:00Z', checksumOk: true, file: `${DIR}/V1__create_users.sql` },
    { id: '2', name: 'add email', appliedAt: '2026-11-24T10:00:01Z', checksumOk: true, file: `${DIR}/V2__add_email.sql` },
  ],
  pending: [{ id: '3', name: 'index email', file: `${DIR}/V3__index_email.sql` }],
  idempotency: [{ file: `${DIR}/V3__index_email.sql`, line: 2, column: 1, rule: 'create-index-without-if-not-exists', message: 'CREATE INDEX without IF NOT EXISTS fails when run twice.' }],
});

describe('migrations view model', () => {
  it('says "Flyway: 2 applied, 1 pending" with a warning for the tree line', () => {
    const [line] = treeLines(report([sample]));
    assert.equal(line.label, 'Flyway: 2 applied, 1 pending');
    assert.equal(line.severity, 'warning');
    assert.match(line.tooltip, /public\.flyway_schema_history/);
    assert.match(line.tooltip, /1 statement in pending migrations would fail when run twice/);
  });

  it('counts every status class, and failed or tampered migrations are errors', () => {
    const t = tool({
      tool: 'prisma',
      applied: [{ id: 'a' }, { id: 'b', outOfOrder: true }, { id: 'c' }],
      failed: [{ id: 'd', detail: 'finished_at is null' }],
      checksumMismatch: [{ id: 'c', file: '/x/c.sql', expected: 'aa', actual: 'bb' }, { id: 'e', file: '/x/e.sql', expected: '1', actual: '2' }],
      missing: [{ id: 'z' }],
    });
    assert.equal(treeLines(report([t]))[0].label, 'Prisma Migrate: 3 applied, 1 failed, 2 checksum mismatches, 1 missing, 1 out of order');
    assert.equal(toolSeverity(t), 'error');
    assert.equal(toolSeverity(tool({ applied: [{ id: '1' }] })), 'ok');
    assert.equal(toolSeverity(tool({ missing: [{ id: '1' }] })), 'warning');
  });

  it('one line per tool, "No migration history found" when there is none, and the missing schema', () => {
    assert.deepEqual(treeLines(report([])).map((l) => l.label), [NO_HISTORY_LABEL]);
    const lines = treeLines(report([sample, tool({ tool: 'knex', table: 'public.knex_migrations', dir: undefined, applied: [{ id: '001_init.js' }] })], [{ table: 'orders' }, { table: 'users', column: 'email' }]));
    assert.deepEqual(lines.map((l) => [l.label, l.severity]), [
      ['Flyway: 2 applied, 1 pending', 'warning'],
      ['knex: 1 applied', 'ok'],
      ['Missing table orders', 'error'],
      ['Missing column users.email', 'error'],
    ]);
    assert.equal(new Set(lines.map((l) => l.key)).size, lines.length);
  });

  it('the Migrations node summarises the worst', () => {
    assert.deepEqual(reportSummary(report([sample])), { description: '1 pending', severity: 'warning' });
    assert.deepEqual(reportSummary(report([tool({ applied: [{ id: '1' }] })])), { description: 'up to date', severity: 'ok' });
    assert.deepEqual(reportSummary(report([])), { description: 'none found', severity: 'ok' });
    assert.deepEqual(reportSummary(report([tool({ failed: [{ id: '4', detail: 'success = false' }] })], [{ table: 't' }])), { description: '1 failed, 1 missing in schema', severity: 'error' });
  });

  it('lists migrations in apply order: applied, then failed and missing the history has, then pending', () => {
    const t = tool({
      applied: [
        { id: '1', appliedAt: '2026-01-01T00:00:00Z', file: `${DIR}/V1__a.sql` },
        { id: '2', file: `${DIR}/V2__b.sql`, checksumOk: false },
        { id: '4', outOfOrder: true, file: `${DIR}/V4__d.sql` },
        { id: '5' },
      ],
      checksumMismatch: [{ id: '2', file: `${DIR}/V2__b.sql`, expected: '123', actual: '-456' }],
      missing: [{ id: '5', name: 'gone' }],
      failed: [{ id: '6', detail: 'success = false', file: `${DIR}/V6__f.sql` }],
      pending: [{ id: '3', file: `${DIR}/V3__c.sql` }],
      idempotency: [{ file: `${DIR}/V3__c.sql`, line: 1, column: 1, rule: 'drop-without-if-exists', message: 'DROP TABLE without IF EXISTS' }],
    });
    const rows = migrationRows(t);
    assert.deepEqual(rows.map((r) => [r.id, r.status]), [['1', 'applied'], ['2', 'mismatch'], ['4', 'applied'], ['5', 'missing'], ['6', 'failed'], ['3', 'pending']]);
    assert.equal(rows[0].appliedAt, '2026-01-01T00:00:00Z');
    assert.equal(rows[1].expected, '123');
    assert.equal(rows[1].actual, '-456');
    assert.match(rows[1].detail, /history has 123, the file gives -456/);
    assert.equal(rows[2].outOfOrder, true);
    assert.match(rows[2].detail, /out of order/);
    assert.equal(rows[3].file, undefined);
    assert.equal(rows[4].file, `${DIR}/V6__f.sql`);
    assert.match(rows[4].detail, /success = false/);
    assert.equal(rows[5].findings.length, 1);
    assert.equal(rows[0].findings.length, 0);
  });

  it('a pending migration older than an applied one is pending and out of order', () => {
    const t = tool({ applied: [{ id: '2' }], pending: [{ id: '1', file: `${DIR}/V1__a.sql`, outOfOrder: true }] });
    const rows = migrationRows(t);
    assert.deepEqual(rows.map((r) => [r.id, r.status, r.outOfOrder]), [['2', 'applied', false], ['1', 'pending', true]]);
    assert.match(rows[1].detail, /older than an applied migration/);
    assert.equal(treeLines(report([t]))[0].label, 'Flyway: 1 applied, 1 pending, 1 out of order');
  });

  it('names every file of the report, and only those', () => {
    const files = reportFiles(report([sample]));
    assert.deepEqual([...files].sort(), [`${DIR}/V1__create_users.sql`, `${DIR}/V2__add_email.sql`, `${DIR}/V3__index_email.sql`]);
    assert.equal(files.has('/etc/passwd'), false);
  });
});

describe('Liquibase changeset line', () => {
  it('finds SQL, XML and YAML changesets by id or author:id', () => {
    const sql = ['--liquibase formatted sql', '', '--changeset alice:1', 'create table a (id int);', '--changeset bob:2 runOnChange:true', 'create index on a (id);'].join('\n');
    assert.equal(changesetLine(sql, '2'), 5);
    assert.equal(changesetLine(sql, 'db/changelog.sql::2::bob'), 5, 'the status service id: changelog::id::author');
    assert.equal(changesetLine(sql, '1::alice'), 3);
    assert.equal(changesetLine(sql, 'alice:1'), 3);
    const xml = ['<databaseChangeLog>', '  <changeSet id="10" author="a">', '  </changeSet>', '  <changeSet author="b" id="create-orders">'].join('\n');
    assert.equal(changesetLine(xml, 'create-orders'), 4);
    const yaml = ['databaseChangeLog:', '  - changeSet:', '      id: 7', '      author: c'].join('\n');
    assert.equal(changesetLine(yaml, '7'), 3);
  });

  it('is line 1 when the id is not there, and ids are not patterns', () => {
    assert.equal(changesetLine('--changeset a:12\n', '1'), 1);
    assert.equal(changesetLine('--changeset a:1x2\n', '1.2'), 1);
  });
});
