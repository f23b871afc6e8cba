import * as assert from 'node:assert/strict';
import type { HistoryRow, HistoryTable } from '../../src/core/migrations/adapter';
import { liquibaseChangesetChecksum, liquibaseSqlChecksum } from '../../src/core/migrations/checksums/liquibase';
import { nodeFileSystem } from '../../src/core/migrations/nodeFs';
import { liquibaseAdapter } from '../../src/core/migrations/tools/liquibase';
import { parseFormattedSql } from '../../src/core/migrations/tools/liquibaseChangelog';
import { Tree, writeTree } from '../support/migrationTree';
import { LIQUIBASE_SELECT_1_V9 } from '../support/migrationReferences';

const TABLE: HistoryTable = {
  schema: 'public',
  table: 'databasechangelog',
  columns: ['id', 'author', 'filename', 'dateexecuted', 'orderexecuted', 'exectype', 'md5sum', 'description', 'comments', 'tag', 'liquibase', 'contexts', 'labels', 'deployment_id'],
  siblings: ['databasechangeloglock'],
};
const sum = (sql: string): string => liquibaseChangesetChecksum([liquibaseSqlChecksum(sql)]);
let order = 0;
function row(filename: string, id: string, author: string, md5sum: string | null, lock: Partial<Record<string, string | null>> = {}): HistoryRow {
  order += 1;
  return { id, author, filename, dateexecuted: `2024-01-01 10:00:${String(order % 60).padStart(2, '0')}`, orderexecuted: String(order), exectype: 'EXECUTED', md5sum, locked: 'f', lockgranted: null, lockedby: null, ...lock };
}

const CHANGELOG = [
  '-- liquibase formatted sql',
  '',
  '--changeset "Jane Doe":select-one',
  '--comment: the published reference changeset',
  'select 1',
  '--rollback select 0',
  '',
  '--changeset bob:2 runOnChange:true',
  'create or replace view v as select 2;',
  '',
  '--changeset bob:3 dbms:mysql',
  'create table only_on_mysql (id int);',
  '',
  '--changeset bob:4',
  '--validCheckSum: ANY',
  'create table t4 (id int);',
  '/* liquibase rollback',
  'drop table t4;',
  '*/',
  '',
  '--changeset bob:5',
  'create table ${prefix}_t5 (id int);',
].join('\n');

describe('Liquibase adapter', () => {
  let tree: Tree;
  afterEach(async () => tree?.remove());

  it('parses formatted SQL changesets: quoted authors, directives left out of the checksum, dbms filter, ${properties}', () => {
    const sets = parseFormattedSql('/ws/changes.sql', CHANGELOG, 'db/changes.sql');
    assert.deepEqual(sets.map((s) => [s.id, s.line]), [
      ['db/changes.sql::select-one::Jane Doe', 3],
      ['db/changes.sql::2::bob', 8],
      ['db/changes.sql::4::bob', 14],
      ['db/changes.sql::5::bob', 21],
    ]);
    // Same value as Liquibase's own test for <sql>select 1</sql>: comment and rollback lines do not count.
    assert.equal(sets[0].checksum, LIQUIBASE_SELECT_1_V9);
    assert.equal(sets[2].checksum, sum('create table t4 (id int);'));
    assert.equal(sets[3].checksum, undefined);
  });

  it('leaves --ignoreLines blocks and counted lines out of the checksum, as Liquibase does', () => {
    const text = ['--liquibase formatted sql', '--changeset a:1', '--ignoreLines:start', 'SET search_path = x;', '--ignoreLines:end', 'select 1', '--ignoreLines:1', 'select 99', ''].join('\n');
    assert.equal(parseFormattedSql('/ws/c.sql', text, 'c.sql')[0].checksum, LIQUIBASE_SELECT_1_V9);
  });

  it('follows a YAML master changelog to XML and formatted SQL changelogs, includeAll folders and relative includes', async () => {
    tree = await writeTree({
      'src/main/resources/db/changelog/db.changelog-master.yaml': [
        'databaseChangeLog:',
        '  - include:',
        '      file: db/changelog/xml/base.xml',
        '  - includeAll:',
        '      path: db/changelog/sql/',
      ].join('\n'),
      'src/main/resources/db/changelog/xml/base.xml': '<databaseChangeLog>\n  <changeSet id="1" author="ann">\n    <createTable tableName="a"/>\n  </changeSet>\n  <include file="more.yaml" relativeToChangelogFile="true"/>\n</databaseChangeLog>\n',
      'src/main/resources/db/changelog/xml/more.yaml': 'databaseChangeLog:\n  - changeSet:\n      id: 2\n      author: ann\n      changes:\n        - dropTable:\n            tableName: a\n',
      'src/main/resources/db/changelog/sql/001.sql': '--liquibase formatted sql\n--changeset ann:3\nselect 3;\n',
      'src/main/resources/db/changelog/sql/notes.sql': 'select 0; -- not a changelog\n',
    });
    const scan = await liquibaseAdapter.scanWorkspace(tree.root, nodeFileSystem);
    assert.ok(scan);
    assert.deepEqual(scan.migrations.map((m) => [m.id, m.checksum !== undefined]), [
      ['db/changelog/xml/base.xml::1::ann', false],
      ['db/changelog/xml/more.yaml::2::ann', false],
      ['db/changelog/sql/001.sql::3::ann', true],
    ]);
    assert.ok(scan.notes.some((n) => /formatted SQL changesets only/.test(n)));
  });

  it('finds formatted SQL changelogs without a master changelog', async () => {
    tree = await writeTree({ 'liquibase/changes/a.sql': '--liquibase formatted sql\n--changeset x:1\nselect 1;\n' });
    const scan = await liquibaseAdapter.scanWorkspace(tree.root, nodeFileSystem);
    assert.deepEqual(scan?.migrations.map((m) => m.id), ['liquibase/changes/a.sql::1::x']);
  });

  it('status: runOnChange edits are pending, validCheckSum ANY is accepted, 8: values are not compared, classpath: names match', async () => {
    tree = await writeTree({ 'changelog.sql': CHANGELOG.replace('select 1', 'select 2') });
    const scan = await liquibaseAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const rows = [
      row('classpath:/changelog.sql', 'select-one', 'Jane Doe', '8:0123456789abcdef0123456789abcdef'),
      row('changelog.sql', '2', 'bob', sum('create or replace view v as select 1;')),
      row('changelog.sql', '4', 'bob', sum('create table t4 (id serial);')),
    ];
    const st = liquibaseAdapter.status(rows, scan, TABLE);
    assert.deepEqual(st.applied.map((a) => [a.id, a.checksumOk]), [
      ['changelog.sql::select-one::Jane Doe', undefined],
      ['changelog.sql::2::bob', false],
      ['changelog.sql::4::bob', true],
    ]);
    assert.deepEqual(st.checksumMismatch, []);
    assert.deepEqual(st.pending.map((p) => p.id), ['changelog.sql::2::bob', 'changelog.sql::5::bob']);
    assert.ok(st.notes.some((n) => /older Liquibase version/.test(n)));
    assert.deepEqual(st.failed, []);
  });

  it('status: mismatch, missing, out of order, and a lock held with an empty history', async () => {
    tree = await writeTree({ 'changelog.sql': '--liquibase formatted sql\n--changeset a:1\nselect 1;\n--changeset a:2\nselect 2;\n' });
    const scan = await liquibaseAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const st = liquibaseAdapter.status([row('changelog.sql', '2', 'a', sum('select 2;')), row('changelog.sql', '1', 'a', sum('select 1')), row('old.sql', '0', 'a', null)], scan, TABLE);
    assert.deepEqual(st.applied.map((a) => [a.id, a.outOfOrder ?? false]), [['changelog.sql::2::a', false], ['changelog.sql::1::a', true], ['old.sql::0::a', false]]);
    assert.deepEqual(st.checksumMismatch.map((m) => [m.id, m.expected, m.actual]), [['changelog.sql::1::a', sum('select 1'), sum('select 1;')]]);
    assert.deepEqual(st.missing.map((m) => m.id), ['old.sql::0::a']);
    const locked = liquibaseAdapter.status([{ id: null, author: null, filename: null, locked: 't', lockgranted: '2024-01-05 10:00:00', lockedby: 'host (1.2.3.4)' }], scan, TABLE);
    assert.deepEqual(locked.applied, []);
    assert.equal(locked.pending.length, 2);
    assert.deepEqual(locked.failed.map((f) => f.id), ['public.databasechangeloglock']);
    assert.match(locked.failed[0].detail, /release-locks/);
  });

  it('reviews only the pending changesets of a changelog, with lines counted in the changelog, and hides the file from the whole-file review', async () => {
    const text = ['--liquibase formatted sql', '--changeset a:1', 'CREATE TABLE applied_one (id int);', '', '--changeset a:2', '--comment: new', 'CREATE INDEX ix ON t (a);', '--rollback DROP INDEX ix;', 'DROP TABLE old;', ''].join('\n');
    tree = await writeTree({ 'changelog.sql': text });
    const scan = await liquibaseAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const st = liquibaseAdapter.status([row('changelog.sql', '1', 'a', sum('CREATE TABLE applied_one (id int);'))], scan, TABLE);
    assert.deepEqual(st.pending.map((p) => p.id), ['changelog.sql::2::a']);
    assert.deepEqual(st.idempotency.map((f) => [f.file, f.line, f.column, f.rule]), [
      [tree.at('changelog.sql'), 7, 1, 'create-index-without-if-not-exists'],
      [tree.at('changelog.sql'), 9, 1, 'drop-table-without-if-exists'],
    ]);
    assert.equal(liquibaseAdapter.upText?.(text), '');
  });

  it('reads the lock table in the same query, or none when the catalog saw no lock table', () => {
    assert.match(liquibaseAdapter.historyQuery(TABLE, '"public"."databasechangelog"'), /FROM "public"\."databasechangeloglock"\) l LEFT JOIN "public"\."databasechangelog" h ON true/);
    assert.doesNotMatch(liquibaseAdapter.historyQuery({ ...TABLE, siblings: [] }, '"public"."databasechangelog"'), /databasechangeloglock/);
  });
});
