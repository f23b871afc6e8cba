/**
 * `dockerdb migrations` end to end: the built CLI (dist/cli.js) against real PostgreSQL containers,
 * with the checksum tools (Flyway, Prisma) beside the others: a Flyway checksum mismatch and a
 * Prisma failed migration, over the published port and through docker exec when no port is
 * published at all.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { flywayChecksum } from '../../src/core/migrations/checksums/flyway';
import { computeMigrationStatus, HISTORY_ROW_LIMIT } from '../../src/core/migrations/status';
import type { QueryTransport } from '../../src/core/transport/types';
import type { MigrationReport } from '../../src/shared/migrations';
import { execIn, PgFixture, removeRunContainers, requireDocker, startPostgres, testDocker, TEST_RUN_ID, waitForPostgresReady } from '../support/docker';
import { Tree, writeTree } from '../support/migrationTree';
import { PgTransports, startPgTransports } from '../support/pgTransports';

const runFile = promisify(execFile);
const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

const V1 = 'CREATE TABLE IF NOT EXISTS person (id int);\n';
const V2 = 'ALTER TABLE person ADD COLUMN IF NOT EXISTS name text;\n';
const PRISMA_INIT = '-- CreateTable\nCREATE TABLE "User" ("id" SERIAL NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n';
const PRISMA_POSTS = '-- CreateTable\nCREATE TABLE "Post" ("id" SERIAL NOT NULL);\n';

const WORKSPACE = {
  'flyway.conf': 'flyway.locations=filesystem:sql\n',
  'sql/V1__create_person.sql': V1,
  'sql/V2__add_name.sql': V2,
  'sql/V3__add_index.sql': 'CREATE INDEX person_name_idx ON person (name);\n',
  'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
  'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
  'prisma/migrations/20240101000000_init/migration.sql': PRISMA_INIT,
  'prisma/migrations/20240102000000_posts/migration.sql': PRISMA_POSTS,
};

/** Flyway's and Prisma's own DDL; V2's stored checksum is from an earlier text of the file; the Prisma posts migration failed. */
const SETUP = `
CREATE TABLE "flyway_schema_history" ("installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL, "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
ALTER TABLE "flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success");
INSERT INTO flyway_schema_history VALUES
  (1, '1', 'create person', 'SQL', 'V1__create_person.sql', ${flywayChecksum(V1)}, 'app', '2024-06-01 10:00:00', 5, true),
  (2, '2', 'add name', 'SQL', 'V2__add_name.sql', ${flywayChecksum('ALTER TABLE person ADD COLUMN name text;\n')}, 'app', '2024-06-01 10:00:01', 3, true);
CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0);
INSERT INTO _prisma_migrations VALUES
  ('0b1e5e5c-0000-4000-8000-000000000001', encode(sha256(convert_to($$${PRISMA_INIT}$$, 'UTF8')), 'hex'), '2024-06-02 10:00:01+00', '20240101000000_init', NULL, NULL, '2024-06-02 10:00:00+00', 1),
  ('0b1e5e5c-0000-4000-8000-000000000002', encode(sha256(convert_to($$${PRISMA_POSTS}$$, 'UTF8')), 'hex'), NULL, '20240102000000_posts', 'Database error: relation "Post" already exists', NULL, '2024-06-02 11:00:00+00', 0);
CREATE DATABASE clean;
`;

/** A second database where everything is applied: knex, with its files. */
const CLEAN_SETUP = `
create table "knex_migrations" ("id" serial primary key, "name" varchar(255), "batch" integer, "migration_time" timestamptz);
insert into knex_migrations (name, batch, migration_time) values ('20240101000000_a.js', 1, now());
`;

const COMMENT = `dockerdb-migcli-${TEST_RUN_ID}`.slice(0, 250);

/** Drops packets to the container's PostgreSQL port: the host port accepts, the database never answers. Returns the undo. */
async function blackHole(fx: PgFixture): Promise<() => Promise<void>> {
  const info = await testDocker().getContainer(fx.id).inspect();
  const ip = (info.NetworkSettings as { IPAddress?: string }).IPAddress || Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
  assert.ok(ip, 'container has an IP address');
  const rule = ['OUTPUT', '-d', `${ip}/32`, '-p', 'tcp', '--dport', '5432', '-m', 'comment', '--comment', COMMENT, '-j', 'DROP'];
  await runFile('iptables', ['-I', ...rule]);
  return async () => {
    await runFile('iptables', ['-D', ...rule]);
  };
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function dockerdb(args: string[], cwd?: string): Promise<CliRun> {
  try {
    const r = await runFile(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, timeout: 60000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function withoutTiming(r: MigrationReport): Omit<MigrationReport, 'ms' | 'transport'> {
  const { ms: _m, transport: _t, ...rest } = r;
  return rest;
}

async function psqlIn(fx: PgFixture, sql: string, db = fx.db): Promise<void> {
  const r = await execIn(fx.id, ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-U', fx.user, '-d', db, '-f', '-'], { stdin: sql });
  assert.equal(r.exitCode, 0, r.stderr);
}

describe('dockerdb migrations (built CLI) and the checksum tools end to end', function () {
  this.timeout(180000);
  let pg: PgTransports;
  let hidden: PgFixture;
  let tree: Tree;
  let clean: Tree;

  before(async function () {
    this.timeout(180000);
    await requireDocker(this);
    assert.ok(fs.existsSync(cli), `${cli} is built (npm run build)`);
    [pg, hidden] = await Promise.all([startPgTransports({ user: 'app', db: 'shop' }), startPostgres({ user: 'app', db: 'shop', publish: false })]);
    await waitForPostgresReady(hidden, 60000);
    for (const fx of [pg.fx, hidden]) {
      await psqlIn(fx, SETUP);
      await psqlIn(fx, CLEAN_SETUP, 'clean');
    }
    tree = await writeTree(WORKSPACE);
    clean = await writeTree({ 'knexfile.js': 'module.exports = {};\n', 'migrations/20240101000000_a.js': 'exports.up = () => {};\n' });
  });

  after(async function () {
    this.timeout(60000);
    await pg?.close();
    await tree?.remove();
    await clean?.remove();
    await removeRunContainers();
  });

  it('finds a Flyway checksum mismatch and a failed Prisma migration, identically over direct and exec', async () => {
    const over = (t: QueryTransport): Promise<MigrationReport> => computeMigrationStatus({ run: (sql) => t.run(sql, { rowLimit: HISTORY_ROW_LIMIT }), roots: [tree.root] });
    const [a, b] = [await over(pg.direct), await over(pg.exec)];
    assert.deepEqual(withoutTiming(b), withoutTiming(a));
    const flyway = a.tools.find((t) => t.tool === 'flyway');
    assert.ok(flyway, JSON.stringify(a.tools.map((t) => t.tool)));
    assert.deepEqual(flyway.applied.map((x) => [x.id, x.checksumOk]), [['1', true], ['2', false]]);
    assert.deepEqual(flyway.checksumMismatch.map((c) => [c.id, c.file, c.expected, c.actual]), [['2', tree.at('sql/V2__add_name.sql'), String(flywayChecksum('ALTER TABLE person ADD COLUMN name text;\n')), String(flywayChecksum(V2))]]);
    assert.deepEqual(flyway.pending.map((p) => p.id), ['3']);
    assert.deepEqual(flyway.idempotency.map((f) => [f.file, f.line, f.rule]), [[tree.at('sql/V3__add_index.sql'), 1, 'create-index-without-if-not-exists']]);
    const prisma = a.tools.find((t) => t.tool === 'prisma');
    assert.ok(prisma);
    assert.deepEqual(prisma.failed.map((f) => f.id), ['20240102000000_posts']);
    assert.deepEqual(prisma.applied.map((x) => [x.id, x.checksumOk]), [['20240101000000_init', true]]);
    assert.deepEqual(prisma.checksumMismatch, []);
  });

  it('prints the issue\'s JSON and exits 1 when something is pending, failed or changed', async () => {
    const r = await dockerdb(['migrations', pg.fx.name, '--dir', tree.root, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as MigrationReport;
    assert.equal(report.database, 'shop');
    assert.equal(report.transport, 'direct');
    const flyway = report.tools.find((t) => t.tool === 'flyway');
    assert.ok(flyway);
    for (const key of ['tool', 'table', 'applied', 'pending', 'missing', 'failed', 'checksumMismatch'] as const) assert.ok(key in flyway, key);
    assert.deepEqual(Object.keys(flyway.applied[0]).filter((k) => ['id', 'name', 'appliedAt', 'checksumOk'].includes(k)).sort(), ['appliedAt', 'checksumOk', 'id', 'name']);
    assert.deepEqual(Object.keys(flyway.pending[0]).filter((k) => ['id', 'file'].includes(k)).sort(), ['file', 'id']);
    assert.deepEqual(Object.keys(flyway.checksumMismatch[0]).sort(), ['actual', 'expected', 'file', 'id']);
  });

  it('gives the same answer through docker exec when the container publishes no port', async () => {
    const direct = JSON.parse((await dockerdb(['migrations', pg.fx.name, '--dir', tree.root, '--json'])).stdout) as MigrationReport;
    const r = await dockerdb(['migrations', hidden.name, '--dir', tree.root, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const viaExec = JSON.parse(r.stdout) as MigrationReport;
    assert.equal(viaExec.transport, 'exec');
    assert.deepEqual({ ...withoutTiming(viaExec), container: '' }, { ...withoutTiming(direct), container: '' });
  });

  it('prints a table per tool for people, reading the current folder by default', async () => {
    const r = await dockerdb(['migrations', pg.fx.name], tree.root);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Flyway: 2 applied, 1 pending, 1 checksum mismatch$/m);
    assert.match(r.stdout, /^Prisma Migrate: 1 applied, 0 pending, 1 failed$/m);
    assert.match(r.stdout, /CHANGED\s+2\s+add name/);
    assert.match(r.stdout, /PENDING\s+3\s+.*sql\/V3__add_index\.sql/);
  });

  it('exits 0 when everything is applied (--db picks the database) and 2 when the container does not exist', async () => {
    const ok = await dockerdb(['migrations', pg.fx.name, '--db', 'clean', '--dir', clean.root]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^knex: 1 applied, 0 pending$/m);
    const missing = await dockerdb(['migrations', `${pg.fx.name}-no-such-container`]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No container named/);
    const usage = await dockerdb(['migrations']);
    assert.equal(usage.code, 2);
    const noDir = await dockerdb(['migrations', pg.fx.name, '--dir', clean.at('no-such-folder')]);
    assert.equal(noDir.code, 2);
    assert.match(noDir.stderr, /is not a folder/);
  });

  it('falls back to docker exec by itself when the published port is black-holed, with the same report', async () => {
    const direct = JSON.parse((await dockerdb(['migrations', pg.fx.name, '--dir', tree.root, '--json'])).stdout) as MigrationReport;
    const undo = await blackHole(pg.fx);
    try {
      const r = await dockerdb(['migrations', pg.fx.name, '--dir', tree.root, '--json']);
      assert.equal(r.code, 1, r.stderr);
      const viaExec = JSON.parse(r.stdout) as MigrationReport;
      assert.equal(viaExec.transport, 'exec');
      assert.deepEqual(withoutTiming(viaExec), withoutTiming(direct));
    } finally {
      await undo();
    }
  });
});
