import * as assert from 'node:assert/strict';
import type { HistoryTable } from '../../src/core/migrations/adapter';
import { nodeFileSystem } from '../../src/core/migrations/nodeFs';
import { alembicAdapter, parseRevision } from '../../src/core/migrations/tools/alembic';
import { Tree, writeTree } from '../support/migrationTree';

const TABLE: HistoryTable = { schema: 'public', table: 'alembic_version', columns: ['version_num'] };
const heads = (...ids: string[]) => ids.map((version_num) => ({ version_num }));

/** A revision file as `alembic revision` writes it (typed template of Alembic ≥ 1.13). */
const rev = (id: string, down: string, extra = ''): string =>
  [
    `"""${id} message`,
    '',
    `Revision ID: ${id}`,
    '"""',
    'from typing import Sequence, Union',
    'from alembic import op',
    '',
    `revision: str = '${id}'`,
    `down_revision: Union[str, Sequence[str], None] = ${down}`,
    'branch_labels: Union[str, Sequence[str], None] = None',
    extra || 'depends_on: Union[str, Sequence[str], None] = None',
    '',
    'def upgrade() -> None:',
    '    pass',
    '',
  ].join('\n');

describe('Alembic adapter', () => {
  let tree: Tree;
  afterEach(async () => tree?.remove());

  it('reads revision, down_revision (None, a string, a merge tuple) and depends_on statically', () => {
    assert.deepEqual(parseRevision('/x/a.py', rev('aaa', 'None'))?.extra, { down: [], depends: [] });
    assert.deepEqual(parseRevision('/x/m.py', rev('mmm', "('bbb',\n    'ccc')", "depends_on = 'ddd'"))?.extra, { down: ['bbb', 'ccc'], depends: ['ddd'] });
    assert.equal(parseRevision('/x/a.py', rev('aaa', 'None'))?.name, 'aaa message');
    assert.equal(parseRevision('/x/helper.py', 'import os\n# revision = "nope"\n'), null);
  });

  it('finds versions/ through alembic.ini script_location (with %(here)s) and orders parents first', async () => {
    tree = await writeTree({
      'alembic.ini': '[alembic]\nscript_location = %(here)s/db/alembic\n',
      'db/alembic/versions/0_c.py': rev('ccc', "'bbb'"),
      'db/alembic/versions/1_b.py': rev('bbb', "'aaa'"),
      'db/alembic/versions/2_a.py': rev('aaa', 'None'),
      'db/alembic/versions/__init__.py': '',
    });
    const scan = await alembicAdapter.scanWorkspace(tree.root, nodeFileSystem);
    assert.ok(scan);
    assert.equal(scan.dir, tree.at('db/alembic/versions'));
    assert.deepEqual(scan.migrations.map((m) => m.id), ['aaa', 'bbb', 'ccc']);
    assert.equal(scan.guessed, false);
  });

  it('counts ancestors of the stored head (through merges and depends_on) as applied; the rest is pending', async () => {
    tree = await writeTree({
      'pyproject.toml': '[tool.alembic]\nscript_location = "migrations"\n',
      'migrations/versions/a.py': rev('aaa', 'None'),
      'migrations/versions/b.py': rev('bbb', "'aaa'"),
      'migrations/versions/c.py': rev('ccc', "'aaa'"),
      'migrations/versions/d.py': rev('ddd', 'None'),
      'migrations/versions/m.py': rev('mmm', "('bbb', 'ccc')", "depends_on = 'ddd'"),
      'migrations/versions/n.py': rev('nnn', "'mmm'"),
    });
    const scan = await alembicAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const st = alembicAdapter.status(heads('mmm'), scan, TABLE);
    assert.deepEqual(st.applied.map((a) => a.id).sort(), ['aaa', 'bbb', 'ccc', 'ddd', 'mmm']);
    assert.deepEqual(st.pending.map((p) => p.id), ['nnn']);
    assert.deepEqual([st.failed, st.missing, st.checksumMismatch], [[], [], []]);
    assert.ok(!st.notes.some((n) => /heads/.test(n) && !/current heads/.test(n)), st.notes.join('\n'));
  });

  it('reports a stored revision no file defines as missing, and an empty table as all pending', async () => {
    tree = await writeTree({ 'alembic.ini': '[alembic]\nscript_location = alembic\n', 'alembic/versions/a.py': rev('aaa', 'None') });
    const scan = await alembicAdapter.scanWorkspace(tree.root, nodeFileSystem);
    const gone = alembicAdapter.status(heads('zzz'), scan, TABLE);
    assert.deepEqual(gone.missing, [{ id: 'zzz' }]);
    assert.deepEqual(gone.pending.map((p) => p.id), ['aaa']);
    assert.ok(gone.notes.some((n) => /Can't locate revision/.test(n)));
    assert.deepEqual(alembicAdapter.status([], scan, TABLE).pending.map((p) => p.id), ['aaa']);
    assert.deepEqual(alembicAdapter.status(heads('zzz'), null, TABLE).missing, []);
  });

  it('joins the revisions of every version_locations folder into one graph', async () => {
    tree = await writeTree({
      'alembic.ini': '[alembic]\nscript_location = alembic\nversion_locations = %(here)s/alembic/versions %(here)s/plugins/versions\n',
      'alembic/versions/a.py': rev('aaa', 'None'),
      'plugins/versions/p.py': rev('ppp', "'aaa'"),
    });
    const scan = await alembicAdapter.scanWorkspace(tree.root, nodeFileSystem);
    assert.deepEqual(scan?.migrations.map((m) => m.id), ['aaa', 'ppp']);
    assert.deepEqual(alembicAdapter.status(heads('ppp'), scan, TABLE).applied.map((a) => a.id), ['aaa', 'ppp']);
  });

  it('claims only a table whose single column is version_num', () => {
    assert.ok(alembicAdapter.matches(TABLE));
    assert.ok(!alembicAdapter.matches({ schema: 'public', table: 'x', columns: ['version_num', 'other'] }));
  });
});
