import * as assert from 'node:assert/strict';
import { lintMigration } from '../../src/core/migrations/idempotency';

const FILE = '/ws/db/migration/V2__x.sql';
/** "line:column rule" per finding, in file order. */
const lint = (text: string, file = FILE): string[] => lintMigration(file, text).map((f) => `${f.line}:${f.column} ${f.rule}`);

describe('migration idempotency review (SQL)', () => {
  it('flags CREATE INDEX / UNIQUE / CONCURRENTLY without IF NOT EXISTS and accepts the guarded forms', () => {
    assert.deepEqual(lint('CREATE INDEX i1 ON t (a);'), ['1:1 create-index-without-if-not-exists']);
    assert.deepEqual(lint('create unique index i2 on t (a);'), ['1:1 create-index-without-if-not-exists']);
    assert.deepEqual(lint('CREATE INDEX CONCURRENTLY i3 ON t (a);'), ['1:1 create-index-without-if-not-exists']);
    assert.deepEqual(lint('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i4 ON t (a);'), []);
    assert.deepEqual(lint('create index if not exists i5 on t(a)'), []);
  });

  it('says an unnamed CREATE INDEX duplicates the index on every run', () => {
    const [f] = lintMigration(FILE, 'CREATE INDEX ON t (a);');
    assert.equal(f.rule, 'create-index-without-if-not-exists');
    assert.match(f.message, /duplicate index/);
  });

  it('accepts IF NOT EXISTS on the next line and statements spread over several lines', () => {
    assert.deepEqual(lint('CREATE TABLE\n  IF NOT EXISTS\n  users (id int);'), []);
    assert.deepEqual(lint('select 1;\n\n  create\n    table users (\n id int\n);'), ['3:3 create-table-without-if-not-exists']);
  });

  it('reports the line and column of each statement, with the file', () => {
    const sql = '-- V2\nCREATE TABLE a (id int);\n  DROP TABLE b;\nALTER TABLE a\n  ADD COLUMN x int;\n';
    const found = lintMigration(FILE, sql);
    assert.deepEqual(found.map((f) => [f.line, f.column, f.rule]), [
      [2, 1, 'create-table-without-if-not-exists'],
      [3, 3, 'drop-table-without-if-exists'],
      [5, 3, 'add-column-without-if-not-exists'],
    ]);
    assert.ok(found.every((f) => f.file === FILE));
    assert.match(found[1].message, /DROP TABLE IF EXISTS/);
  });

  it('flags CREATE SCHEMA, SEQUENCE, EXTENSION, MATERIALIZED VIEW without IF NOT EXISTS', () => {
    assert.deepEqual(lint('create schema app; create schema if not exists app2;'), ['1:1 create-schema-without-if-not-exists']);
    assert.deepEqual(lint('CREATE SEQUENCE s; CREATE SEQUENCE IF NOT EXISTS s2;'), ['1:1 create-sequence-without-if-not-exists']);
    assert.deepEqual(lint('CREATE EXTENSION pgcrypto;'), ['1:1 create-extension-without-if-not-exists']);
    assert.deepEqual(lint('CREATE MATERIALIZED VIEW mv AS SELECT 1;'), ['1:1 create-materialized-view-without-if-not-exists']);
    assert.deepEqual(lint('CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1;'), []);
  });

  it('flags CREATE VIEW / FUNCTION without OR REPLACE', () => {
    assert.deepEqual(lint('CREATE VIEW v AS SELECT 1;'), ['1:1 create-view-without-or-replace']);
    assert.deepEqual(lint('CREATE RECURSIVE VIEW v (n) AS SELECT 1;'), ['1:1 create-view-without-or-replace']);
    assert.deepEqual(lint('CREATE OR REPLACE VIEW v AS SELECT 1;'), []);
    assert.deepEqual(lint('create function f() returns int language sql as $$ select 1 $$;'), ['1:1 create-function-without-or-replace']);
    assert.deepEqual(lint('create or replace function f() returns int language sql as $$ select 1 $$;'), []);
  });

  it('reports CREATE TYPE and CREATE DOMAIN, which have no IF NOT EXISTS', () => {
    const found = lintMigration(FILE, "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE DOMAIN posint AS int CHECK (VALUE > 0);");
    assert.deepEqual(found.map((f) => f.rule), ['create-type-not-idempotent', 'create-domain-not-idempotent']);
    assert.match(found[0].message, /no CREATE TYPE IF NOT EXISTS/);
  });

  it('leaves temporary tables alone (they vanish with the session)', () => {
    assert.deepEqual(lint('CREATE TEMP TABLE t (a int); CREATE TEMPORARY TABLE u (a int);'), []);
    assert.deepEqual(lint('CREATE UNLOGGED TABLE t (a int);'), ['1:1 create-table-without-if-not-exists']);
  });

  it('flags DROP of any kind without IF EXISTS', () => {
    assert.deepEqual(lint('DROP INDEX i;'), ['1:1 drop-index-without-if-exists']);
    assert.deepEqual(lint('DROP INDEX CONCURRENTLY i;'), ['1:1 drop-index-without-if-exists']);
    assert.deepEqual(lint('DROP INDEX CONCURRENTLY IF EXISTS i;'), []);
    assert.deepEqual(lint('drop materialized view mv'), ['1:1 drop-materialized-view-without-if-exists']);
    assert.deepEqual(lint('DROP TYPE mood; DROP TYPE IF EXISTS mood2;'), ['1:1 drop-type-without-if-exists']);
    assert.deepEqual(lint('DROP TRIGGER trg ON t; DROP FUNCTION f(int); DROP SCHEMA s CASCADE;'), [
      '1:1 drop-trigger-without-if-exists',
      '1:24 drop-function-without-if-exists',
      '1:46 drop-schema-without-if-exists',
    ]);
    assert.deepEqual(lint('DROP TABLE\n  IF EXISTS a, b;'), []);
  });

  it('judges each ALTER TABLE action: ADD/DROP COLUMN, ADD/DROP CONSTRAINT, RENAME', () => {
    assert.deepEqual(lint('ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, ADD b text, DROP COLUMN IF EXISTS c, DROP d;'), [
      '1:47 add-column-without-if-not-exists',
      '1:84 drop-column-without-if-exists',
    ]);
    assert.deepEqual(lint('ALTER TABLE ONLY public.t ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES u (id);'), ['1:27 add-constraint-not-idempotent']);
    assert.deepEqual(lint('ALTER TABLE "T" ADD PRIMARY KEY (a), ADD UNIQUE (b);'), ['1:17 add-constraint-not-idempotent', '1:38 add-constraint-not-idempotent']);
    assert.deepEqual(lint('ALTER TABLE t DROP CONSTRAINT c; ALTER TABLE t DROP CONSTRAINT IF EXISTS c;'), ['1:15 drop-constraint-without-if-exists']);
    assert.deepEqual(lint('ALTER TABLE t RENAME COLUMN a TO b;'), ['1:15 rename-not-idempotent']);
  });

  it('does not take ALTER COLUMN … DROP DEFAULT/NOT NULL or commas inside parentheses for actions', () => {
    assert.deepEqual(lint('ALTER TABLE t ALTER COLUMN a DROP DEFAULT, ALTER COLUMN b DROP NOT NULL;'), []);
    assert.deepEqual(lint('ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS n numeric(10, 2) DEFAULT 0, ALTER COLUMN x SET DEFAULT 1;'), []);
  });

  it('ignores CREATE INDEX / DROP in comments, string literals and dollar quotes', () => {
    const sql = [
      '-- CREATE INDEX i ON t (a);',
      '/* DROP TABLE users; /* nested DROP TABLE x; */ */',
      "INSERT INTO notes VALUES ('CREATE INDEX i ON t (a); DROP TABLE x;');",
      "SELECT E'it\\'s; DROP TABLE y';",
      'SELECT $tag$ CREATE TABLE t (a int); $tag$;',
      'COMMENT ON TABLE t IS \'ALTER TABLE t ADD COLUMN a int\';',
    ].join('\n');
    assert.deepEqual(lint(sql), []);
  });

  it('does not flag statements inside DO blocks and function bodies', () => {
    const sql = [
      'DO $$',
      'BEGIN',
      '  CREATE TYPE mood AS ENUM (\'sad\');',
      '  ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);',
      'EXCEPTION WHEN duplicate_object THEN NULL;',
      'END $$;',
      'CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$',
      'BEGIN DROP TABLE x; CREATE INDEX i ON t (a); END;',
      '$body$;',
      'CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC DELETE FROM t; END;',
    ].join('\n');
    assert.deepEqual(lint(sql), []);
    assert.deepEqual(lint(`${sql}\nCREATE INDEX late ON t (a);`), ['11:1 create-index-without-if-not-exists']);
  });

  it('handles CRLF line endings, a BOM-less file without trailing semicolon, and empty input', () => {
    assert.deepEqual(lint('select 1;\r\nDROP VIEW v'), ['2:1 drop-view-without-if-exists']);
    assert.deepEqual(lint(''), []);
    assert.deepEqual(lint('-- only a comment\n'), []);
  });

  it('accepts drop-and-recreate: a CREATE or ADD of a name the file dropped earlier with IF EXISTS', () => {
    const sql = [
      'DROP INDEX IF EXISTS public.ix_a;',
      'CREATE INDEX ix_a ON t (a);',
      'DROP TABLE IF EXISTS tmp_a, "Tmp_B" CASCADE;',
      'CREATE TABLE "Tmp_B" (id int);',
      'DROP TYPE IF EXISTS mood;',
      "CREATE TYPE mood AS ENUM ('ok');",
      'ALTER TABLE t DROP CONSTRAINT IF EXISTS t_fk, ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES u (id);',
      'ALTER TABLE ONLY public.t DROP COLUMN IF EXISTS x;',
      'ALTER TABLE t ADD COLUMN x int;',
    ].join('\n');
    assert.deepEqual(lint(sql), []);
  });

  it('still flags a recreate of another name, another kind or another table', () => {
    const sql = [
      'DROP INDEX IF EXISTS ix_a;',
      'CREATE INDEX ix_b ON t (a);',
      'CREATE TABLE ix_a (id int);',
      'ALTER TABLE t DROP CONSTRAINT IF EXISTS c;',
      'ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0);',
      'CREATE INDEX ix_c ON t (a);',
      'DROP INDEX IF EXISTS ix_c;',
    ].join('\n');
    assert.deepEqual(lint(sql), ['2:1 create-index-without-if-not-exists', '3:1 create-table-without-if-not-exists', '5:15 add-constraint-not-idempotent', '6:1 create-index-without-if-not-exists']);
  });

  it('skips psql meta-commands, which end at the line end rather than at a semicolon', () => {
    assert.deepEqual(lint('\\connect app\nCREATE TABLE t (a int);\n\\set ON_ERROR_STOP on\nDROP VIEW v;'), ['2:1 create-table-without-if-not-exists', '4:1 drop-view-without-if-exists']);
  });

  it('ignores statements that are already idempotent or not DDL', () => {
    assert.deepEqual(lint('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING; UPDATE t SET a = 1; CREATE OR REPLACE VIEW v AS SELECT 1;'), []);
  });
});

describe('migration idempotency review (Alembic revisions)', () => {
  const PY = '/ws/alembic/versions/1a2b3c_add_users.py';
  const revision = (upgrade: string, downgrade = '    op.drop_table("users")\n'): string =>
    [
      '"""add users',
      '',
      'op.create_index("in_docstring", "t", ["a"])',
      '"""',
      'from alembic import op',
      'import sqlalchemy as sa',
      '',
      "revision = '1a2b3c'",
      'down_revision = None',
      '',
      '',
      'def upgrade() -> None:',
      upgrade,
      '',
      'def downgrade() -> None:',
      downgrade,
    ].join('\n');

  it('flags op.create_index / op.create_table / op.add_column without if_not_exists=True, inside upgrade() only', () => {
    const src = revision(
      [
        '    op.create_table("users", sa.Column("id", sa.Integer))',
        '    op.create_index("ix_users_id", "users", ["id"])',
        '    op.add_column("users", sa.Column("name", sa.String()))',
      ].join('\n'),
    );
    assert.deepEqual(lint(src, PY), [
      '13:5 alembic-create-table-without-if-not-exists',
      '14:5 alembic-create-index-without-if-not-exists',
      '15:5 alembic-add-column-without-if-not-exists',
    ]);
  });

  it('accepts the guarded calls, also when if_exists=True is on a later line', () => {
    const src = revision(
      [
        '    op.create_index(',
        '        "ix_users_id",',
        '        "users",',
        '        ["id"],',
        '        if_not_exists=True,',
        '    )',
        '    op.drop_index("ix_old", table_name="users", if_exists=True)',
        '    op.drop_column("users", "old", if_exists = True)',
      ].join('\n'),
    );
    assert.deepEqual(lint(src, PY), []);
  });

  it('flags op.drop_index / op.drop_table / op.drop_column without if_exists=True, and if_exists=False', () => {
    const src = revision(
      ['    op.drop_index("ix_old", table_name="users")', '    op.drop_table("old", if_exists=False)', '    op.drop_column("users", "x")'].join('\n'),
    );
    assert.deepEqual(lint(src, PY), [
      '13:5 alembic-drop-index-without-if-exists',
      '14:5 alembic-drop-table-without-if-exists',
      '15:5 alembic-drop-column-without-if-exists',
    ]);
  });

  it('ignores calls in comments, strings, the docstring and downgrade()', () => {
    const src = revision(
      ['    # op.create_index("ix", "t", ["a"])', "    note = 'op.drop_table(\"x\")'", '    pass'].join('\n'),
      '    op.drop_index("ix_users_id")\n    op.drop_table("users")\n',
    );
    assert.deepEqual(lint(src, PY), []);
  });

  it('reviews plain SQL passed to op.execute()', () => {
    const src = revision(['    op.execute("CREATE INDEX ix_a ON t (a)")', '    op.execute("""', '        DROP TABLE legacy;', '    """)'].join('\n'));
    assert.deepEqual(lint(src, PY), ['13:17 create-index-without-if-not-exists', '15:9 drop-table-without-if-exists']);
    const wrapped = revision(['    op.execute(sa.text("ALTER TABLE t ADD COLUMN a int"))', '    op.execute(f"DROP TABLE {name}")'].join('\n'));
    assert.deepEqual(lint(wrapped, PY), ['13:39 add-column-without-if-not-exists']);
  });

  it('finds upgrade() whose signature spans lines and stops at the next top-level statement', () => {
    const src = ['from alembic import op', 'def upgrade(', ') -> None:', '    op.create_table("a")', 'x = op.create_table("b")', ''].join('\n');
    assert.deepEqual(lint(src, PY), ['4:5 alembic-create-table-without-if-not-exists']);
    assert.deepEqual(lint('from alembic import op\n', PY), []);
  });
});
