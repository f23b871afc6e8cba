import * as assert from 'node:assert/strict';
import type { HistoryRow, HistoryTable } from '../../src/core/migrations/adapter';
import { atlasSum, formatAtlasSum } from '../../src/core/migrations/checksums/atlas';
import { nodeFileSystem } from '../../src/core/migrations/nodeFs';
import { atlasAdapter } from '../../src/core/migrations/tools/atlas';
import { Tree, writeTree } from '../support/migrationTree';

const TABLE: HistoryTable = {
  schema: 'atlas_schema_revisions',
  table: 'atlas_schema_revisions',
  columns: ['version', 'description', 'type', 'applied', 'total', 'executed_at', 'execution_time', 'error', 'error_stmt', 'hash', 'partial_hashes', 'operator_version'],
};
const FILES: Record<string, string> = { '1_a.sql': 'A;\n', '2_b.sql': 'B;\n', '3_c.sql': 'C;\n', '4_d.sql': 'D;\n' };
const sums = (files: Record<string, string>) => atlasSum(Object.entries(files).map(([name, t]) => ({ name, bytes: Buffer.from(t) })));

function row(version: string, hash: string, extra: Partial<Record<string, string | null>> = {}): HistoryRow {
  return { version, description: 'x', type: '2', applied: '1', total: '1', executed_at: '2024-01-01 10:00:00+00', execution_time: '1', error: '', error_stmt: '', hash, ...extra };
}

describe('Atlas adapter', () => {
  let tree: Tree;
  afterEach(async () => tree?.remove());

  async function scanWith(files: Record<string, string>, sum: string | null) {
    const tmp: Record<string, string> = Object.fromEntries(Object.entries(files).map(([n, t]) => [`migrations/${n}`, t]));
    if (sum !== null) tmp['migrations/atlas.sum'] = sum;
    tree = await writeTree(tmp);
    return atlasAdapter.scanWorkspace(tree.root, nodeFileSystem);
  }

  it('gives each file its cumulative atlas.sum hash and no note when atlas.sum is current', async () => {
    const scan = await scanWith(FILES, formatAtlasSum(sums(FILES)));
    assert.ok(scan);
    assert.deepEqual(scan.migrations.map((m) => m.id), ['1', '2', '3', '4']);
    assert.deepEqual(scan.migrations.map((m) => m.checksum), sums(FILES).files.map((f) => f.hash));
    assert.deepEqual(scan.notes, []);
    assert.equal(scan.guessed, false);
  });

  it('notes a missing, a hand-edited, or a stale atlas.sum', async () => {
    const missing = await scanWith(FILES, null);
    assert.match(missing?.notes.join() ?? '', /atlas\.sum is missing/);
    assert.equal(missing?.guessed, true);
    await tree.remove();
    const handEdited = formatAtlasSum(sums(FILES)).replace(/^h1:./, 'h1:#');
    assert.match((await scanWith(FILES, handEdited))?.notes.join() ?? '', /edited by hand/);
    await tree.remove();
    assert.match((await scanWith({ ...FILES, '2_b.sql': 'B2;\n' }, formatAtlasSum(sums(FILES))))?.notes.join() ?? '', /does not match the migration files \(first: 2_b\.sql\)/);
  });

  it('reports only the first edited version: later cumulative hashes cannot be checked', async () => {
    const stored = sums(FILES).files.map((f) => f.hash);
    const scan = await scanWith({ ...FILES, '2_b.sql': 'B2;\n' }, formatAtlasSum(sums(FILES)));
    const st = atlasAdapter.status([row('1', stored[0]), row('2', stored[1]), row('3', stored[2])], scan, TABLE);
    assert.deepEqual(st.applied.map((a) => [a.id, a.checksumOk]), [['1', true], ['2', false], ['3', undefined]]);
    assert.deepEqual(st.checksumMismatch.map((m) => [m.id, m.expected]), [['2', stored[1]]]);
    assert.ok(st.notes.some((n) => /cumulative/.test(n)));
    assert.deepEqual(st.pending.map((p) => p.id), ['4']);
  });

  it('treats an error or applied < total as failed, skips the cloud identifier row and honours a baseline row', async () => {
    const stored = sums(FILES).files.map((f) => f.hash);
    const scan = await scanWith(FILES, formatAtlasSum(sums(FILES)));
    const rows = [
      row('.atlas_cloud_identifier', ''),
      row('2', stored[1], { type: '1' }),
      row('3', stored[2], { applied: '0', total: '3' }),
      row('4', '', { applied: '1', total: '1', error: null }),
    ];
    const st = atlasAdapter.status(rows, scan, TABLE);
    // error '' is how Atlas records success; NULL too.
    assert.deepEqual(st.applied.map((a) => a.id), ['2', '4']);
    assert.deepEqual(st.failed.map((f) => [f.id, f.detail]), [['3', '0 of 3 statements applied. Fix the cause; "atlas migrate apply" resumes at the failed statement.']]);
    assert.deepEqual(st.pending.map((p) => p.id), []);
    assert.equal(st.table, 'atlas_schema_revisions.atlas_schema_revisions');
  });
});
