/**
 * The checksum tools' history tables, created with each tool's own DDL in a real PostgreSQL, read
 * through both real transports (direct pg and docker exec psql), combined with workspace folders in
 * each tool's layout: every status class comes out, identically over both transports.
 */
import * as assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import type { HistoryTable, MigrationToolAdapter } from '../../src/core/migrations/adapter';
import { CATALOG_SQL, parseCatalog, qualify } from '../../src/core/migrations/catalog';
import { atlasSum, formatAtlasSum } from '../../src/core/migrations/checksums/atlas';
import { flywayChecksum } from '../../src/core/migrations/checksums/flyway';
import { prismaChecksum } from '../../src/core/migrations/checksums/prisma';
import { sqlxChecksum } from '../../src/core/migrations/checksums/sqlx';
import { lintMigration } from '../../src/core/migrations/idempotency';
import { nodeFileSystem } from '../../src/core/migrations/nodeFs';
import { computeMigrationStatus, HISTORY_ROW_LIMIT, toRows } from '../../src/core/migrations/status';
import { alembicAdapter } from '../../src/core/migrations/tools/alembic';
import { atlasAdapter } from '../../src/core/migrations/tools/atlas';
import { flywayAdapter } from '../../src/core/migrations/tools/flyway';
import { liquibaseAdapter } from '../../src/core/migrations/tools/liquibase';
import { prismaAdapter } from '../../src/core/migrations/tools/prisma';
import { sqlxAdapter } from '../../src/core/migrations/tools/sqlx';
import type { QueryTransport } from '../../src/core/transport/types';
import type { MigrationReport, ToolStatus } from '../../src/shared/migrations';
import { removeRunContainers, requireDocker } from '../support/docker';
import { PgTransports, startPgTransports } from '../support/pgTransports';
import { Tree, writeTree } from '../support/migrationTree';
import { ALE, ATLAS_FILES, FLY, LIQ, PRI, SQLX_FILES, atlasFiles, setupSql } from './migrationsChecksumScenario';

const ADAPTERS: Record<string, MigrationToolAdapter> = {
  flyway: flywayAdapter,
  prisma: prismaAdapter,
  alembic: alembicAdapter,
  sqlx: sqlxAdapter,
  atlas: atlasAdapter,
  liquibase: liquibaseAdapter,
};

describe('checksum tools: real history tables, both transports', function () {
  this.timeout(180000);
  let pg: PgTransports;
  let direct: QueryTransport;
  let exec: QueryTransport;
  let tree: Tree;
  let tables: HistoryTable[];

  before(async function () {
    this.timeout(180000);
    await requireDocker(this);
    tree = await writeTree({ ...FLY, ...PRI, ...ALE, ...SQLX_FILES, ...LIQ, ...Object.fromEntries(Object.entries(ATLAS_FILES).map(([n, t]) => [`atlas/migrations/${n}`, t])) });
    // atlas.sum as "atlas migrate hash" wrote it before 20240102000000_users.sql was edited.
    const sum = formatAtlasSum(atlasSum(atlasFiles({ '20240102000000_users.sql': 'CREATE TABLE a2 (id int, v text);\n' })));
    await fsp.writeFile(tree.at('atlas/migrations/atlas.sum'), sum);
    pg = await startPgTransports({ user: 'migsum', db: 'appdb' }, 90000);
    ({ direct, exec } = pg);
    const setup = await direct.run(setupSql());
    assert.equal(setup.error, null, JSON.stringify(setup.error));
    const catalog = await exec.run(CATALOG_SQL, { rowLimit: 100000 });
    assert.equal(catalog.error, null);
    tables = parseCatalog(catalog.results[0]);
  });

  after(async function () {
    this.timeout(60000);
    await pg?.close();
    await tree?.remove();
    await removeRunContainers();
  });

  /** The tool's status computed from the rows one transport returns. */
  async function statusOver(transport: QueryTransport, tool: string): Promise<ToolStatus> {
    const adapter = ADAPTERS[tool];
    const matching = tables.filter((t) => adapter.matches(t));
    assert.equal(matching.length, 1, `${tool}: exactly one history table matches (${JSON.stringify(matching)})`);
    const result = await transport.run(adapter.historyQuery(matching[0], qualify(matching[0])), { rowLimit: 100000 });
    assert.equal(result.error, null, `${tool} over ${transport.kind}: ${JSON.stringify(result.error)}`);
    const local = await adapter.scanWorkspace(tree.at(tool), nodeFileSystem);
    return adapter.status(toRows(result.results[result.results.length - 1]), local, matching[0]);
  }

  async function both(tool: string): Promise<ToolStatus> {
    const a = await statusOver(direct, tool);
    const b = await statusOver(exec, tool);
    assert.deepEqual(b, a, `${tool}: exec and direct give the same status`);
    return a;
  }

  const ids = (xs: ReadonlyArray<{ id: string }>): string[] => xs.map((x) => x.id);

  it('each history table is claimed by its own adapter only', () => {
    for (const [tool, adapter] of Object.entries(ADAPTERS)) {
      const claimed = tables.filter((t) => adapter.matches(t)).map((t) => `${t.schema}.${t.table}`);
      assert.equal(claimed.length, 1, `${tool} claims ${claimed.join(', ')}`);
    }
  });

  it('Flyway: applied with time, out of order, missing, failed (success=false), CRC32 mismatch, pending', async () => {
    const s = await both('flyway');
    assert.deepEqual(ids(s.applied), ['1', '2', '1.1', '1.5', 'R:views']);
    assert.equal(s.applied[0].appliedAt, '2024-01-01T10:00:00.000Z');
    assert.equal(s.applied[0].checksumOk, true);
    assert.deepEqual(s.applied.filter((a) => a.outOfOrder).map((a) => a.id), ['1.1', '1.5']);
    assert.deepEqual(ids(s.missing), ['1.5']);
    assert.deepEqual(ids(s.failed), ['4']);
    assert.match(s.failed[0].detail, /success = false/);
    assert.deepEqual(s.checksumMismatch, [
      { id: '2', file: tree.at('flyway/db/migration/V2__tampered.sql'), expected: String(flywayChecksum('CREATE TABLE t2 (id int);\n')), actual: String(flywayChecksum(FLY['flyway/db/migration/V2__tampered.sql'])) },
    ]);
    assert.deepEqual(ids(s.pending), ['5']);
    assert.deepEqual(lintMigration(s.pending[0].file, FLY['flyway/db/migration/V5__pending.sql']).map((f) => f.rule), ['create-index-without-if-not-exists']);
  });

  it('Prisma: applied (CRLF checkout still matches), failed migration, sha256 mismatch, missing, pending', async () => {
    const s = await both('prisma');
    assert.deepEqual(ids(s.applied), ['20231231000000_gone', '20240101000000_init', '20240103000000_edited']);
    assert.equal(s.applied[1].checksumOk, true);
    assert.equal(s.applied[1].appliedAt, '2024-01-01T10:00:01.000Z');
    assert.deepEqual(ids(s.failed), ['20240102000000_add_posts']);
    assert.match(s.failed[0].detail, /finished_at is null.*42P07/);
    assert.deepEqual(s.checksumMismatch.map((m) => [m.id, m.expected, m.actual]), [
      ['20240103000000_edited', prismaChecksum('CREATE TABLE "Tag" (id int);\n'), prismaChecksum(PRI['prisma/prisma/migrations/20240103000000_edited/migration.sql'])],
    ]);
    assert.deepEqual(ids(s.missing), ['20231231000000_gone']);
    assert.deepEqual(ids(s.pending), ['20240104000000_pending']);
  });

  it('Alembic: applied = ancestors of both stored heads, pending revision, multiple heads reported', async () => {
    const s = await both('alembic');
    assert.deepEqual(ids(s.applied).sort(), ['a1a1a1a1a1a1', 'b2b2b2b2b2b2', 'd4d4d4d4d4d4']);
    assert.deepEqual(ids(s.pending), ['c3c3c3c3c3c3']);
    assert.ok(s.notes.some((n) => /holds 2 heads/.test(n)), s.notes.join('\n'));
    assert.ok(s.notes.some((n) => /revision files have 2 heads/.test(n)), s.notes.join('\n'));
    const src = ALE['alembic/alembic/versions/c3_index.py'];
    assert.deepEqual(lintMigration(s.pending[0].file, src).map((f) => f.rule), ['alembic-create-index-without-if-not-exists']);
  });

  it('sqlx: applied, dirty (success=false), SHA-384 mismatch through BYTEA, pending up-migration', async () => {
    const s = await both('sqlx');
    assert.deepEqual(ids(s.applied), ['1', '2']);
    assert.equal(s.applied[0].checksumOk, true);
    assert.deepEqual(ids(s.failed), ['3']);
    assert.deepEqual(s.checksumMismatch.map((m) => [m.id, m.expected, m.actual]), [['2', sqlxChecksum('CREATE TABLE s2 (id int);\n'), sqlxChecksum(SQLX_FILES['sqlx/migrations/2_users.sql'])]]);
    assert.deepEqual(ids(s.pending), ['4']);
  });

  it('Atlas: applied, partial migration with its error, first edited version, stale atlas.sum, pending', async () => {
    const s = await both('atlas');
    assert.deepEqual(ids(s.applied), ['20240101000000', '20240102000000']);
    assert.equal(s.applied[0].checksumOk, true);
    assert.deepEqual(ids(s.failed), ['20240103000000']);
    assert.match(s.failed[0].detail, /already exists.*1 of 2 statements/);
    assert.deepEqual(ids(s.checksumMismatch), ['20240102000000']);
    assert.deepEqual(ids(s.pending), ['20240104000000']);
    assert.ok(s.notes.some((n) => /atlas\.sum does not match/.test(n)), s.notes.join('\n'));
  });

  it('Liquibase: applied, 9: MD5 mismatch, missing changeset, pending changeset, stuck lock', async () => {
    const s = await both('liquibase');
    const file = 'db/changelog/changes/001-init.sql';
    assert.deepEqual(ids(s.applied), ['db/changelog/changes/000-old.sql::0::carol', `${file}::1::alice`, `${file}::2::alice`]);
    assert.equal(s.applied[1].checksumOk, true);
    assert.deepEqual(ids(s.missing), ['db/changelog/changes/000-old.sql::0::carol']);
    assert.deepEqual(ids(s.checksumMismatch), [`${file}::2::alice`]);
    assert.deepEqual(ids(s.pending), [`${file}::3::bob`]);
    assert.deepEqual(ids(s.failed), ['public.databasechangeloglock']);
    assert.match(s.failed[0].detail, /locked = true since 2024-01-05T10:00:00.000Z by ci-runner/);
  });

  it('the status service finds the six tools and reviews their pending files, with the same report over both transports', async () => {
    const roots = Object.keys(ADAPTERS).map((t) => tree.at(t));
    const over = (t: QueryTransport): Promise<MigrationReport> => computeMigrationStatus({ run: (sql) => t.run(sql, { rowLimit: HISTORY_ROW_LIMIT }), roots });
    const [a, b] = [await over(direct), await over(exec)];
    const strip = ({ ms: _m, transport: _t, ...rest }: MigrationReport): Omit<MigrationReport, 'ms' | 'transport'> => rest;
    assert.deepEqual(strip(b), strip(a));
    assert.deepEqual(a.tools.map((t) => t.tool).sort(), ['alembic', 'atlas', 'flyway', 'liquibase', 'prisma', 'sqlx']);
    const rules = (tool: string): string[] => (a.tools.find((t) => t.tool === tool)?.idempotency ?? []).map((f) => `${f.line} ${f.rule}`);
    assert.deepEqual(rules('flyway'), ['1 create-index-without-if-not-exists']);
    assert.deepEqual(rules('alembic'), ['13 alembic-create-index-without-if-not-exists']);
    assert.deepEqual(rules('prisma'), ['1 drop-table-without-if-exists']);
    assert.deepEqual(rules('sqlx'), ['1 create-table-without-if-not-exists']);
    assert.deepEqual(rules('atlas'), ['1 create-table-without-if-not-exists']);
    // Only the pending changeset bob:3 (line 12 of the changelog), not the applied alice:2.
    assert.deepEqual(rules('liquibase'), ['12 create-table-without-if-not-exists']);
  });
});
