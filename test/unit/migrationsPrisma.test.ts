import * as assert from 'node:assert/strict';
import type { HistoryRow, HistoryTable } from '../../src/core/migrations/adapter';
import { prismaChecksum } from '../../src/core/migrations/checksums/prisma';
import { nodeFileSystem } from '../../src/core/migrations/nodeFs';
import { prismaAdapter } from '../../src/core/migrations/tools/prisma';
import { Tree, writeTree } from '../support/migrationTree';

const TABLE: HistoryTable = {
  schema: 'app',
  table: '_prisma_migrations',
  columns: ['id', 'checksum', 'finished_at', 'migration_name', 'logs', 'rolled_back_at', 'started_at', 'applied_steps_count'],
};

let n = 0;
function attempt(name: string, sql: string, state: { finished?: string | null; rolledBack?: string | null; started?: string; logs?: string } = {}): HistoryRow {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    migration_name: name,
    checksum: prismaChecksum(sql),
    started_at: state.started ?? '2024-01-01 10:00:00+00',
    finished_at: state.finished === undefined ? '2024-01-01 10:00:01.5+00' : state.finished,
    rolled_back_at: state.rolledBack ?? null,
    applied_steps_count: '1',
    logs: state.logs ?? '',
  };
}

describe('Prisma Migrate adapter', () => {
  let tree: Tree;
  afterEach(async () => tree?.remove());

  async function scan(files: Record<string, string>) {
    tree = await writeTree(files);
    return prismaAdapter.scanWorkspace(tree.root, nodeFileSystem);
  }

  it('lists every folder holding migration.sql, by name, with its sha256; marker files make it certain', async () => {
    const s = await scan({
      'prisma/schema.prisma': 'datasource db { provider = "postgresql" }',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"',
      'prisma/migrations/20240102000000_b/migration.sql': 'B',
      'prisma/migrations/0_init/migration.sql': 'A',
      'prisma/migrations/not_a_migration/README.md': 'x',
    });
    assert.ok(s);
    assert.deepEqual(s.migrations.map((m) => [m.id, m.name, m.checksum]), [
      ['0_init', '0_init', prismaChecksum('A')],
      ['20240102000000_b', 'b', prismaChecksum('B')],
    ]);
    assert.equal(s.guessed, false);
  });

  it('says the folder was only guessed without schema.prisma or migration_lock.toml', async () => {
    const s = await scan({ 'migrations/20240101000000_x/migration.sql': 'select 1;' });
    assert.equal(s?.guessed, true);
  });

  it('ignores rolled-back attempts: a name re-applied after a rollback is applied, a name only rolled back is pending', async () => {
    const s = await scan({ 'prisma/migrations/20240101000000_a/migration.sql': 'A', 'prisma/migrations/20240102000000_b/migration.sql': 'B', 'prisma/schema.prisma': '' });
    const rows = [
      attempt('20240101000000_a', 'A', { finished: null, rolledBack: '2024-01-01 11:00:00+00' }),
      attempt('20240101000000_a', 'A', { started: '2024-01-01 12:00:00+00', finished: '2024-01-01 12:00:01+00' }),
      attempt('20240102000000_b', 'B', { finished: null, rolledBack: '2024-01-02 11:00:00+00' }),
    ];
    const st = prismaAdapter.status(rows, s, TABLE);
    assert.deepEqual(st.applied.map((a) => [a.id, a.appliedAt, a.checksumOk]), [['20240101000000_a', '2024-01-01T12:00:01.000Z', true]]);
    assert.deepEqual(st.pending.map((p) => p.id), ['20240102000000_b']);
    assert.deepEqual(st.failed, []);
    assert.equal(st.table, 'app._prisma_migrations');
  });

  it('reports an unfinished attempt as failed with its first log line, not as pending', async () => {
    const s = await scan({ 'prisma/migrations/20240101000000_a/migration.sql': 'A', 'prisma/schema.prisma': '' });
    const st = prismaAdapter.status([attempt('20240101000000_a', 'A', { finished: null, logs: 'Database error code: 23505\nkey exists' })], s, TABLE);
    assert.deepEqual(st.pending, []);
    assert.equal(st.failed.length, 1);
    assert.equal(st.failed[0].file, tree.at('prisma/migrations/20240101000000_a/migration.sql'));
    assert.match(st.failed[0].detail, /finished_at is null.*23505.*migrate resolve --rolled-back 20240101000000_a/);
  });

  it('accepts the legacy non-padded hex checksum and reports a real edit as a mismatch', async () => {
    const sql = 'CREATE TABLE "Post" (id int);\n';
    const s = await scan({ 'prisma/migrations/1_a/migration.sql': sql, 'prisma/migrations/2_b/migration.sql': 'edited', 'prisma/schema.prisma': '' });
    const legacy = [...Buffer.from(prismaChecksum(sql), 'hex')].map((b) => b.toString(16)).join('');
    assert.notEqual(legacy.length, 64);
    const rows = [{ ...attempt('1_a', sql), checksum: legacy }, attempt('2_b', 'original')];
    const st = prismaAdapter.status(rows, s, TABLE);
    assert.deepEqual(st.applied.map((a) => a.checksumOk), [true, false]);
    assert.deepEqual(st.checksumMismatch, [{ id: '2_b', file: tree.at('prisma/migrations/2_b/migration.sql'), expected: prismaChecksum('original'), actual: prismaChecksum('edited') }]);
  });
});
