import * as assert from 'node:assert/strict';
import type { HistoryRow, HistoryTable } from '../../src/core/migrations/adapter';
import { sqlxChecksum } from '../../src/core/migrations/checksums/sqlx';
import { nodeFileSystem } from '../../src/core/migrations/nodeFs';
import { sqlxAdapter } from '../../src/core/migrations/tools/sqlx';
import { Tree, writeTree } from '../support/migrationTree';

const TABLE: HistoryTable = { schema: 'public', table: '_sqlx_migrations', columns: ['version', 'description', 'installed_on', 'success', 'checksum', 'execution_time'] };

const row = (version: string, sql: string, success = 't'): HistoryRow => ({
  version,
  description: 'x',
  installed_on: `2024-01-01 10:00:0${version.slice(-1)}+00`,
  success,
  checksum: sqlxChecksum(sql).toUpperCase().replace('\\X', '\\x'),
  execution_time: '1000',
});

describe('sqlx adapter', () => {
  let tree: Tree;
  afterEach(async () => tree?.remove());

  it('reads <version>_<desc>.sql and .up.sql, skips .down.sql, orders versions as integers', async () => {
    tree = await writeTree({
      'Cargo.toml': '[dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n',
      'migrations/10_ten.sql': 'select 10;',
      'migrations/9_nine.up.sql': 'select 9;',
      'migrations/9_nine.down.sql': 'select -9;',
      'migrations/0001_first_one.sql': 'select 1;',
      'migrations/README.md': 'docs',
    });
    const scan = await sqlxAdapter.scanWorkspace(tree.root, nodeFileSystem);
    assert.ok(scan);
    assert.deepEqual(scan.migrations.map((m) => [m.id, m.name]), [['1', 'first one'], ['9', 'nine'], ['10', 'ten']]);
    assert.equal(scan.migrations[1].checksum, sqlxChecksum('select 9;'));
    assert.equal(scan.guessed, false);
  });

  it('is only a guess without sqlx in Cargo.toml or a sqlx.toml', async () => {
    tree = await writeTree({ 'migrations/1_a.sql': 'select 1;' });
    assert.equal((await sqlxAdapter.scanWorkspace(tree.root, nodeFileSystem))?.guessed, true);
  });

  it('matches BYTEA checksums in any hex case, reports mismatches, the dirty version, missing and out-of-order pending', async () => {
    tree = await writeTree({ 'Cargo.toml': 'sqlx = "0.8"', 'migrations/1_a.sql': 'A', 'migrations/2_b.sql': 'B', 'migrations/3_c.sql': 'C changed', 'migrations/4_d.sql': 'D' });
    const scan = await sqlxAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const st = sqlxAdapter.status([row('1', 'A'), row('3', 'C'), row('4', 'D', 'f'), row('7', 'gone')], scan, TABLE);
    assert.deepEqual(st.applied.map((a) => [a.id, a.checksumOk]), [['1', true], ['3', false], ['7', undefined]]);
    assert.deepEqual(st.checksumMismatch.map((m) => [m.id, m.expected.toLowerCase(), m.actual]), [['3', sqlxChecksum('C'), sqlxChecksum('C changed')]]);
    assert.deepEqual(st.failed.map((f) => [f.id, f.file]), [['4', tree.at('migrations/4_d.sql')]]);
    assert.match(st.failed[0].detail, /success = false/);
    assert.deepEqual(st.missing.map((m) => m.id), ['7']);
    assert.deepEqual(st.pending.map((p) => [p.id, p.outOfOrder]), [['2', true]]);
  });
});
