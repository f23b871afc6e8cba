/**
 * The checksum tools' scenario for migrationsChecksumTools.integration.test.ts: workspace folders in
 * each tool's layout and the history tables, created with each tool's own DDL (reference §3), with
 * rows whose checksums come from our checksum modules (cross-checked against published values).
 */
import { atlasSum } from '../../src/core/migrations/checksums/atlas';
import { flywayChecksum } from '../../src/core/migrations/checksums/flyway';
import { liquibaseChangesetChecksum, liquibaseSqlChecksum } from '../../src/core/migrations/checksums/liquibase';
import { prismaChecksum } from '../../src/core/migrations/checksums/prisma';
import { sqlxChecksum } from '../../src/core/migrations/checksums/sqlx';
import { FLYWAY_DOC_V3, FLYWAY_DOC_V3_CHECKSUM, LIQUIBASE_SELECT_1_V9 } from '../support/migrationReferences';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

// ---- workspace files -------------------------------------------------------------------------
export const FLY = {
  'flyway/db/migration/V1__Couple.sql': FLYWAY_DOC_V3,
  'flyway/db/migration/V1_1__add_email.sql': 'ALTER TABLE couple ADD COLUMN email text;\n',
  'flyway/db/migration/V2__tampered.sql': 'CREATE TABLE t2 (id int);\n-- edited after it was applied\n',
  'flyway/db/migration/V4__broken.sql': 'CREATE TABLE t4 (id int);\n',
  'flyway/db/migration/V5__pending.sql': 'CREATE INDEX couple_p1 ON couple (person1);\n',
  'flyway/db/migration/R__views.sql': 'CREATE OR REPLACE VIEW v AS SELECT 1;\n',
};
export const PRISMA_INIT = 'CREATE TABLE "User" (id serial PRIMARY KEY);\n';
export const PRI = {
  'prisma/prisma/schema.prisma': 'datasource db { provider = "postgresql" url = env("DATABASE_URL") }\n',
  'prisma/prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
  // Checked out with CRLF: Prisma still accepts the LF checksum stored when it was applied.
  'prisma/prisma/migrations/20240101000000_init/migration.sql': PRISMA_INIT.replace(/\n/g, '\r\n'),
  'prisma/prisma/migrations/20240102000000_add_posts/migration.sql': 'CREATE TABLE "Post" (id int);\n',
  'prisma/prisma/migrations/20240103000000_edited/migration.sql': 'CREATE TABLE "Tag" (id int, name text);\n',
  'prisma/prisma/migrations/20240104000000_pending/migration.sql': 'DROP TABLE "Legacy";\n',
};
const alembicRev = (rev: string, down: string | null, body: string): string =>
  `"""${rev} revision\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '${rev}'\ndown_revision = ${down ? `'${down}'` : 'None'}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n${body}\n\n\ndef downgrade() -> None:\n    pass\n`;
export const ALE = {
  'alembic/alembic.ini': '[alembic]\nscript_location = alembic\n',
  'alembic/alembic/versions/a1_base.py': alembicRev('a1a1a1a1a1a1', null, '    op.create_table("base", sa.Column("id", sa.Integer), if_not_exists=True)'),
  'alembic/alembic/versions/b2_users.py': alembicRev('b2b2b2b2b2b2', 'a1a1a1a1a1a1', '    op.add_column("base", sa.Column("name", sa.String()), if_not_exists=True)'),
  'alembic/alembic/versions/c3_index.py': alembicRev('c3c3c3c3c3c3', 'b2b2b2b2b2b2', '    op.create_index("ix_base_name", "base", ["name"])'),
  'alembic/alembic/versions/d4_branch.py': alembicRev('d4d4d4d4d4d4', 'a1a1a1a1a1a1', '    pass'),
};
export const SQLX_FILES: Record<string, string> = {
  'sqlx/migrations/1_init.sql': 'CREATE TABLE s1 (id int);\n',
  'sqlx/migrations/2_users.sql': 'CREATE TABLE s2 (id int);\r\n',
  'sqlx/migrations/3_fail.sql': 'CREATE TABLE s3 (id int);\n',
  'sqlx/migrations/4_pending.up.sql': 'CREATE TABLE s4 (id int);\n',
  'sqlx/migrations/4_pending.down.sql': 'DROP TABLE s4;\n',
};
export const ATLAS_FILES: Record<string, string> = {
  '20240101000000_init.sql': 'CREATE TABLE a1 (id int);\n',
  '20240102000000_users.sql': 'CREATE TABLE a2 (id int);\n',
  '20240103000000_partial.sql': 'CREATE TABLE a3 (id int);\nCREATE TABLE a3 (id int);\n',
  '20240104000000_pending.sql': 'CREATE TABLE a4 (id int);\n',
};
const LB_SQL = [
  '--liquibase formatted sql',
  '',
  '--changeset alice:1',
  'select 1',
  '--rollback select 0',
  '',
  '--changeset alice:2',
  'CREATE TABLE lb2 (id int);',
  '-- edited after it was applied',
  '',
  '--changeset bob:3',
  'CREATE TABLE lb3 (id int);',
  '',
].join('\n');
export const LIQ = {
  'liquibase/db/changelog/db.changelog-master.yaml': 'databaseChangeLog:\n  - include:\n      file: db/changelog/changes/001-init.sql\n',
  'liquibase/db/changelog/changes/001-init.sql': LB_SQL,
};

// ---- history tables: each tool's own DDL (reference §3) and rows ------------------------------
export function atlasFiles(overrides: Record<string, string> = {}): Array<{ name: string; bytes: Buffer }> {
  return Object.entries({ ...ATLAS_FILES, ...overrides }).map(([name, text]) => ({ name, bytes: Buffer.from(text) }));
}

export function setupSql(): string {
  const fly = (f: keyof typeof FLY): number => flywayChecksum(Buffer.from(FLY[f]));
  const atlasApplied = atlasSum(atlasFiles({ '20240102000000_users.sql': 'CREATE TABLE a2 (id int, v text);\n' })).files;
  const ah = (i: number): string => lit(atlasApplied[i].hash);
  return `
CREATE TABLE "flyway_schema_history" (
  "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL,
  "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER,
  "installed_by" VARCHAR(100) NOT NULL, "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
  "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
ALTER TABLE "flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success");
INSERT INTO flyway_schema_history VALUES
  (1, '1', 'Couple', 'SQL', 'V1__Couple.sql', ${FLYWAY_DOC_V3_CHECKSUM}, 'app', '2024-01-01 10:00:00', 5, true),
  (2, '2', 'tampered', 'SQL', 'V2__tampered.sql', ${flywayChecksum('CREATE TABLE t2 (id int);\n')}, 'app', '2024-01-02 10:00:00', 5, true),
  (3, '1.1', 'add email', 'SQL', 'V1_1__add_email.sql', ${fly('flyway/db/migration/V1_1__add_email.sql')}, 'app', '2024-01-03 10:00:00', 5, true),
  (4, '1.5', 'gone', 'SQL', 'V1_5__gone.sql', 12345, 'app', '2024-01-04 10:00:00', 5, true),
  (5, '4', 'broken', 'SQL', 'V4__broken.sql', ${fly('flyway/db/migration/V4__broken.sql')}, 'app', '2024-01-05 10:00:00', 5, false),
  (6, NULL, 'views', 'SQL', 'R__views.sql', ${fly('flyway/db/migration/R__views.sql')}, 'app', '2024-01-06 10:00:00', 5, true);

CREATE TABLE _prisma_migrations (
  id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
  migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0);
INSERT INTO _prisma_migrations VALUES
  ('00000000-0000-4000-8000-000000000000', ${lit(prismaChecksum('CREATE TABLE old (id int);\n'))}, '2023-12-31 10:00:01+00', '20231231000000_gone', '', NULL, '2023-12-31 10:00:00+00', 1),
  ('00000000-0000-4000-8000-000000000001', ${lit(prismaChecksum(PRISMA_INIT))}, '2024-01-01 10:00:01+00', '20240101000000_init', '', NULL, '2024-01-01 10:00:00+00', 1),
  ('00000000-0000-4000-8000-000000000002', ${lit(prismaChecksum('CREATE TABLE "Post" (id int);\n'))}, NULL, '20240102000000_add_posts', E'Database error code: 42P07\\nrelation "Post" already exists', NULL, '2024-01-02 10:00:00+00', 0),
  ('00000000-0000-4000-8000-000000000003', ${lit(prismaChecksum('CREATE TABLE "Tag" (id int);\n'))}, '2024-01-03 10:00:01+00', '20240103000000_edited', '', NULL, '2024-01-03 10:00:00+00', 1);

CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('b2b2b2b2b2b2'), ('d4d4d4d4d4d4');

CREATE TABLE _sqlx_migrations (
  version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
  success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL);
INSERT INTO _sqlx_migrations VALUES
  (1, 'init', '2024-01-01 10:00:00+00', true, decode(${lit(sqlxChecksum(SQLX_FILES['sqlx/migrations/1_init.sql']).slice(2))}, 'hex'), 1000),
  (2, 'users', '2024-01-02 10:00:00+00', true, decode(${lit(sqlxChecksum('CREATE TABLE s2 (id int);\n').slice(2))}, 'hex'), 1000),
  (3, 'fail', '2024-01-03 10:00:00+00', false, decode(${lit(sqlxChecksum(SQLX_FILES['sqlx/migrations/3_fail.sql']).slice(2))}, 'hex'), -1);

CREATE SCHEMA atlas_schema_revisions;
CREATE TABLE atlas_schema_revisions.atlas_schema_revisions (
  version character varying NOT NULL PRIMARY KEY, description character varying NOT NULL,
  type bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, total bigint NOT NULL DEFAULT 0,
  executed_at timestamptz NOT NULL, execution_time bigint NOT NULL, error text NULL, error_stmt text NULL,
  hash character varying NOT NULL, partial_hashes jsonb NULL, operator_version character varying NOT NULL);
INSERT INTO atlas_schema_revisions.atlas_schema_revisions VALUES
  ('.atlas_cloud_identifier', '', 2, 0, 0, '2024-01-01 00:00:00+00', 0, NULL, NULL, '', NULL, 'Atlas CLI v0.20.0'),
  ('20240101000000', 'init', 2, 1, 1, '2024-01-01 10:00:00+00', 1000, '', '', ${ah(0)}, NULL, 'Atlas CLI v0.20.0'),
  ('20240102000000', 'users', 2, 1, 1, '2024-01-02 10:00:00+00', 1000, '', '', ${ah(1)}, NULL, 'Atlas CLI v0.20.0'),
  ('20240103000000', 'partial', 2, 1, 2, '2024-01-03 10:00:00+00', 1000, 'pq: relation "a3" already exists', 'CREATE TABLE a3 (id int);', ${ah(2)}, NULL, 'Atlas CLI v0.20.0');

CREATE TABLE DATABASECHANGELOG (ID varchar(255) NOT NULL, AUTHOR varchar(255) NOT NULL, FILENAME varchar(255) NOT NULL,
  DATEEXECUTED TIMESTAMP NOT NULL, ORDEREXECUTED int NOT NULL, EXECTYPE varchar(10) NOT NULL, MD5SUM varchar(35),
  DESCRIPTION varchar(255), COMMENTS varchar(255), TAG varchar(255), LIQUIBASE varchar(20), CONTEXTS varchar(255),
  LABELS varchar(255), DEPLOYMENT_ID varchar(10));
CREATE TABLE DATABASECHANGELOGLOCK (ID int PRIMARY KEY, LOCKED boolean NOT NULL, LOCKGRANTED TIMESTAMP, LOCKEDBY varchar(255));
INSERT INTO DATABASECHANGELOGLOCK VALUES (1, true, '2024-01-05 10:00:00', 'ci-runner (10.0.0.7)');
INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, LIQUIBASE, DEPLOYMENT_ID) VALUES
  ('0', 'carol', 'db/changelog/changes/000-old.sql', '2024-01-01 09:00:00', 1, 'EXECUTED', '9:0123456789abcdef0123456789abcdef', 'sql', '4.29.0', '1000000000'),
  ('1', 'alice', 'db/changelog/changes/001-init.sql', '2024-01-01 10:00:00', 2, 'EXECUTED', ${lit(LIQUIBASE_SELECT_1_V9)}, 'sql', '4.29.0', '1000000000'),
  ('2', 'alice', 'db/changelog/changes/001-init.sql', '2024-01-01 10:00:01', 3, 'EXECUTED', ${lit(liquibaseChangesetChecksum([liquibaseSqlChecksum('CREATE TABLE lb2 (id int);')]))}, 'sql', '4.29.0', '1000000000');
`;
}

