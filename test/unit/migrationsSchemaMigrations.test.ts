/**
 * The three tools of `schema_migrations`: Rails, dbmate and golang-migrate, on realistic rows and files.
 */
import * as assert from 'node:assert/strict';
import type { HistoryTable } from '../../src/core/migrations/adapter';
import { nodeFileSystem as fs } from '../../src/core/migrations/nodeFs';
import { dbmateAdapter } from '../../src/core/migrations/tools/dbmate';
import { golangMigrateAdapter } from '../../src/core/migrations/tools/golangMigrate';
import { railsAdapter } from '../../src/core/migrations/tools/rails';
import { treeKeeper } from '../support/migrationTree';

const table = (columns: string[], siblings: string[] = []): HistoryTable => ({ schema: 'public', table: 'schema_migrations', columns, siblings });
const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id);

describe('schema_migrations tools: Rails, dbmate, golang-migrate', () => {
  const { tree, removeAll } = treeKeeper();
  after(removeAll);

  it('tells the tables apart by columns and the Rails metadata table', () => {
    assert.equal(golangMigrateAdapter.matches(table(['version', 'dirty'])), true);
    assert.equal(railsAdapter.matches(table(['version', 'dirty'])), false);
    assert.equal(dbmateAdapter.matches(table(['version'], ['ar_internal_metadata'])), false);
    assert.equal(railsAdapter.matches(table(['version'], ['ar_internal_metadata'])), true);
    assert.equal(dbmateAdapter.matches(table(['version'])), true);
  });

  it('Rails: versions compare as integers, engine scopes and sub-folders count, stray files do not', async () => {
    const t = await tree({
      'db/migrate/001_create_users.rb': '',
      'db/migrate/20240102000000_add_blobs.active_storage.rb': '',
      'db/migrate/archive/20230101000000_old.rb': '',
      'db/migrate/README.md': '',
      'db/migrate/helper.rb': '',
    });
    const scan = await railsAdapter.scanWorkspace(t.root, fs);
    assert.ok(scan);
    assert.deepEqual(scan.migrations.map((m) => [m.id, m.name]), [['001', 'create_users'], ['20230101000000', 'old'], ['20240102000000', 'add_blobs']]);
    const s = railsAdapter.status([{ version: '1' }, { version: '20240102000000' }], scan, table(['version'], ['ar_internal_metadata']));
    assert.deepEqual(ids(s.applied), ['1', '20240102000000']);
    assert.equal(s.applied[0].file, t.at('db/migrate/001_create_users.rb'), '"1" in the table is the file 001_');
    assert.deepEqual(ids(s.pending), ['20230101000000']);
    assert.equal(s.pending[0].outOfOrder, true);
    assert.deepEqual(s.missing, []);
  });

  it('dbmate: needs its -- migrate:up marker to claim a folder, and its down section is not reviewed', async () => {
    const marked = await tree({ 'db/migrations/20240101000000_a.sql': '-- migrate:up transaction:false\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n' });
    const plain = await tree({ 'db/migrations/20240101000000_a.sql': 'create table a (id int);\n' });
    assert.equal((await dbmateAdapter.scanWorkspace(marked.root, fs))?.guessed, false);
    assert.equal((await dbmateAdapter.scanWorkspace(plain.root, fs))?.guessed, true);
    const up = dbmateAdapter.upText?.('-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n');
    assert.equal(up, '-- migrate:up\ncreate table a (id int);\n\n\n');
    const scan = await dbmateAdapter.scanWorkspace(marked.root, fs);
    const s = dbmateAdapter.status([{ version: '20240101000000' }, { version: '20231201000000' }], scan, table(['version']));
    assert.deepEqual(ids(s.missing), ['20231201000000']);
    assert.deepEqual(s.pending, []);
  });

  it('golang-migrate: one row decides; dirty is a failure, a clean version applies its own file too', async () => {
    const t = await tree({
      'go.mod': 'require github.com/golang-migrate/migrate/v4 v4.17.0\n',
      'migrations/000001_init.up.sql': '',
      'migrations/000001_init.down.sql': '',
      'migrations/000002_users.up.sql': '',
      'migrations/000010_posts.up.sql': '',
    });
    const scan = await golangMigrateAdapter.scanWorkspace(t.root, fs);
    assert.ok(scan);
    assert.equal(scan.guessed, false);
    assert.deepEqual(ids(scan.migrations), ['1', '2', '10'], 'numeric order, leading zeros dropped');
    const clean = golangMigrateAdapter.status([{ version: '2', dirty: 'f' }], scan, table(['version', 'dirty']));
    assert.deepEqual([ids(clean.applied), ids(clean.pending), clean.failed], [['1', '2'], ['10'], []]);
    const dirty = golangMigrateAdapter.status([{ version: '10', dirty: 't' }], scan, table(['version', 'dirty']));
    assert.deepEqual([ids(dirty.applied), ids(dirty.pending), ids(dirty.failed)], [['1', '2'], [], ['10']]);
    assert.equal(dirty.failed[0].file, t.at('migrations/000010_posts.up.sql'));
    const empty = golangMigrateAdapter.status([], scan, table(['version', 'dirty']));
    assert.deepEqual(ids(empty.pending), ['1', '2', '10']);
    const gone = golangMigrateAdapter.status([{ version: '7', dirty: 'f' }], scan, table(['version', 'dirty']));
    assert.deepEqual(ids(gone.missing), ['7']);
    assert.deepEqual(ids(gone.pending), ['10']);
  });
});
