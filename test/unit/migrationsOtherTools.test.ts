/**
 * goose, Diesel and Django adapters on realistic rows and files.
 */
import * as assert from 'node:assert/strict';
import type { HistoryTable } from '../../src/core/migrations/adapter';
import { nodeFileSystem as fs } from '../../src/core/migrations/nodeFs';
import { dieselAdapter } from '../../src/core/migrations/tools/diesel';
import { djangoAdapter } from '../../src/core/migrations/tools/django';
import { gooseAdapter } from '../../src/core/migrations/tools/goose';
import { treeKeeper } from '../support/migrationTree';

const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id);
const t = (table: string, columns: string[]): HistoryTable => ({ schema: 'public', table, columns, siblings: [] });

describe('goose, Diesel and Django adapters', () => {
  const { tree, removeAll } = treeKeeper();
  after(removeAll);

  it('goose: the history query keeps only the latest row per version and drops the seed row; ids are integers', async () => {
    const q = gooseAdapter.historyQuery(t('goose_db_version', ['id', 'version_id', 'is_applied', 'tstamp']), '"public"."goose_db_version"');
    assert.match(q, /g\.id = \(SELECT max\(g2\.id\) FROM "public"\."goose_db_version" g2 WHERE g2\.version_id = g\.version_id\) AND g\.is_applied AND g\.version_id > 0/);
    const x = await tree({ 'db/migrations/00001_a.sql': '-- +goose Up\nselect 1;\n', 'db/migrations/00002_b.go': 'package migrations\nfunc init() { goose.AddMigration(up, down) }\n', 'db/migrations/20240101000000_c.sql': '-- +goose Up\n' });
    const scan = await gooseAdapter.scanWorkspace(x.root, fs);
    assert.deepEqual([ids(scan?.migrations ?? []), scan?.guessed], [['1', '2', '20240101000000'], false]);
    const s = gooseAdapter.status([{ version_id: '1', tstamp: '2024-01-01 00:00:00' }, { version_id: '20240101000000', tstamp: '2024-01-02 00:00:00' }], scan, null);
    assert.deepEqual([ids(s.pending), s.pending[0].outOfOrder], [['2'], true]);
    assert.equal(gooseAdapter.upText?.('-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n'), '-- +goose Up\nCREATE TABLE a (id int);\n\n\n');
    const plain = await tree({ 'migrations/00001_a.sql': 'create table a (id int);\n' });
    assert.equal((await gooseAdapter.scanWorkspace(plain.root, fs))?.guessed, true, 'numbered SQL without -- +goose Up is only a guess');
  });

  it('Diesel: version = folder prefix without dashes; folders without up.sql and dot folders skipped; diesel.toml dir honoured', async () => {
    const x = await tree({
      'diesel.toml': '[migrations_directory]\ndir = "db/diesel"\n',
      'db/diesel/00000000000000_diesel_initial_setup/up.sql': '',
      'db/diesel/2024-01-02-030405_create_users/up.sql': '',
      'db/diesel/2024-01-03-000000_empty/README': '',
      'db/diesel/.keep/up.sql': '',
    });
    const scan = await dieselAdapter.scanWorkspace(x.root, fs);
    assert.ok(scan);
    assert.equal(scan.dir, x.at('db/diesel'));
    assert.deepEqual(scan.migrations.map((m) => [m.id, m.name]), [['00000000000000', 'diesel_initial_setup'], ['20240102030405', 'create_users']]);
    const s = dieselAdapter.status([{ version: '20240102030405', run_on: '2024-05-01 00:00:00' }], scan, t('__diesel_schema_migrations', ['version', 'run_on']));
    assert.deepEqual([ids(s.applied), s.applied[0].appliedAt, ids(s.pending), s.pending[0].outOfOrder], [['20240102030405'], '2024-05-01T00:00:00.000Z', ['00000000000000'], true]);
  });

  it('Django: apps found below the project, order per app, contrib apps never missing, private files ignored', async () => {
    const x = await tree({
      'manage.py': '',
      'src/shop/orders/migrations/__init__.py': '',
      'src/shop/orders/migrations/0001_initial.py': 'class Migration: pass\n',
      'src/shop/orders/migrations/0002_total.py': 'class Migration: pass\n',
      'src/shop/orders/migrations/_helpers.py': '',
      'users/migrations/__init__.py': '',
      'users/migrations/0001_initial.py': 'class Migration: pass\n',
      'node_modules/x/migrations/__init__.py': '',
      'node_modules/x/migrations/0001_initial.py': '',
    });
    const scan = await djangoAdapter.scanWorkspace(x.root, fs);
    assert.deepEqual([ids(scan?.migrations ?? []), scan?.guessed], [['orders.0001_initial', 'orders.0002_total', 'users.0001_initial'], false]);
    const rows = [
      { app: 'users', name: '0001_initial', applied: '2024-01-01 00:00:00+00' },
      { app: 'orders', name: '0001_initial', applied: '2024-01-02 00:00:00+00' },
      { app: 'admin', name: '0001_initial', applied: '2024-01-02 00:00:00+00' },
      { app: 'orders', name: '0007_dropped', applied: '2024-01-03 00:00:00+00' },
    ];
    const s = djangoAdapter.status(rows, scan, t('django_migrations', ['id', 'app', 'name', 'applied']));
    assert.deepEqual(ids(s.missing), ['orders.0007_dropped']);
    assert.deepEqual(ids(s.pending), ['orders.0002_total']);
    assert.equal(s.applied.filter((a) => a.outOfOrder).length, 0, 'users applied before orders is not out of order');
  });

  it('Django: a squash is applied once everything it replaces is, and the replaced files may be gone', async () => {
    const x = await tree({
      'manage.py': '',
      'blog/migrations/__init__.py': '',
      'blog/migrations/0001_squashed_0003_tags.py': "class Migration(migrations.Migration):\n    replaces = [('blog', '0001_initial'), ('blog', '0002_slug'), ('blog', '0003_tags')]\n",
      'blog/migrations/0004_more.py': 'class Migration: pass\n',
    });
    const scan = await djangoAdapter.scanWorkspace(x.root, fs);
    const rows = ['0001_initial', '0002_slug', '0003_tags'].map((name) => ({ app: 'blog', name, applied: '2024-01-01 00:00:00+00' }));
    const s = djangoAdapter.status(rows, scan, t('django_migrations', ['id', 'app', 'name', 'applied']));
    assert.deepEqual(s.missing, []);
    assert.deepEqual(ids(s.pending), ['blog.0004_more']);
    assert.ok(ids(s.applied).includes('blog.0001_squashed_0003_tags'));
    const partial = djangoAdapter.status(rows.slice(0, 2), scan, t('django_migrations', ['id', 'app', 'name', 'applied']));
    assert.deepEqual(ids(partial.pending), ['blog.0001_squashed_0003_tags', 'blog.0004_more']);
  });
});
