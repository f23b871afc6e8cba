import * as assert from 'node:assert/strict';
import { flywayChecksum } from '../../src/core/migrations/checksums/flyway';
import { liquibaseChangesetChecksum, liquibaseChecksumVersion, liquibaseSqlChecksum } from '../../src/core/migrations/checksums/liquibase';
import { prismaChecksum, prismaChecksumMatches } from '../../src/core/migrations/checksums/prisma';
import { sqlxChecksum, sqlxChecksumMatches } from '../../src/core/migrations/checksums/sqlx';
import { atlasSum, atlasSumSelfConsistent, formatAtlasSum, parseAtlasSum } from '../../src/core/migrations/checksums/atlas';
import { FLYWAY_DOC_V3, FLYWAY_DOC_V3_CHECKSUM, LIQUIBASE_SELECT_1_V9 } from '../support/migrationReferences';


describe('migration checksums, recomputed the tools\u2019 own way', () => {
  describe('Flyway CRC32', () => {
    it('reproduces the checksum of Flyway\u2019s documented example (Tutorial - Dry Runs: V3__Couple.sql → -722651034)', () => {
      assert.equal(flywayChecksum(Buffer.from(FLYWAY_DOC_V3)), FLYWAY_DOC_V3_CHECKSUM);
    });

    it('ignores line endings and a leading BOM, as Flyway\u2019s line-by-line reader does', () => {
      assert.equal(flywayChecksum(FLYWAY_DOC_V3.replace(/\n/g, '\r\n')), FLYWAY_DOC_V3_CHECKSUM);
      assert.equal(flywayChecksum(FLYWAY_DOC_V3.replace(/\n/g, '\r')), FLYWAY_DOC_V3_CHECKSUM);
      assert.equal(flywayChecksum(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FLYWAY_DOC_V3)])), FLYWAY_DOC_V3_CHECKSUM);
    });

    it('changes with any other edit, and is a signed 32-bit integer', () => {
      assert.notEqual(flywayChecksum(FLYWAY_DOC_V3.replace('COUPLE', 'COUPLES')), FLYWAY_DOC_V3_CHECKSUM);
      assert.notEqual(flywayChecksum(FLYWAY_DOC_V3.replace(' \n', '\n')), FLYWAY_DOC_V3_CHECKSUM);
      // CRC32("") = 0; CRC32("a") = 0xe8b7be43 → negative as a Java int.
      assert.equal(flywayChecksum(''), 0);
      assert.equal(flywayChecksum('a'), 0xe8b7be43 - 2 ** 32);
    });
  });

  describe('Liquibase 9: MD5', () => {
    // liquibase/liquibase UpgradeChecksumVersionIntegrationTest.groovy asserts these V9 values for
    // liquibase-integration-tests/src/test/resources/changelogs/h2/checksum/dbms-filter-changelog.xml.
    it('reproduces the published values: no applicable change, <sql>select 1</sql>, sqlFile create-table.sql', () => {
      assert.equal(liquibaseChangesetChecksum([]), '9:d41d8cd98f00b204e9800998ecf8427e');
      assert.equal(liquibaseChangesetChecksum([liquibaseSqlChecksum('select 1')]), LIQUIBASE_SELECT_1_V9);
      // create-table.sql in the same folder: "create table thisShouldRun(id int)\n"
      assert.equal(liquibaseChangesetChecksum([liquibaseSqlChecksum(Buffer.from('create table thisShouldRun(id int)\n'))]), '9:62336a615e62e89c9d86128d1ca60ecf');
    });

    it('is whitespace-insensitive inside the SQL but not case-insensitive', () => {
      const a = liquibaseSqlChecksum('select 1');
      assert.equal(liquibaseSqlChecksum('  select\r\n\t1 \n'), a);
      assert.notEqual(liquibaseSqlChecksum('SELECT 1'), a);
    });

    it('reads the checksum version of a stored value', () => {
      assert.equal(liquibaseChecksumVersion('9:3b78b9910981c62ca27148640fad7bc2'), 9);
      assert.equal(liquibaseChecksumVersion('8:abc'), 8);
      assert.equal(liquibaseChecksumVersion('3b78b9910981c62ca27148640fad7bc2'), 1);
    });
  });

  describe('Prisma sha256', () => {
    it('is the hex SHA-256 of migration.sql (prisma-engines checksum.rs test: "hello" → 2cf24dba…9824)', () => {
      assert.equal(prismaChecksum('hello'), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    });

    it('accepts CRLF↔LF variants and the legacy non-padded hex form on comparison, and nothing else', () => {
      const lf = 'CREATE TABLE "User" (id serial PRIMARY KEY);\n';
      const stored = prismaChecksum(lf);
      assert.ok(prismaChecksumMatches(Buffer.from(lf), stored));
      assert.ok(prismaChecksumMatches(Buffer.from(lf.replace(/\n/g, '\r\n')), stored));
      assert.ok(prismaChecksumMatches(Buffer.from(lf), prismaChecksum(lf.replace(/\n/g, '\r\n'))));
      const legacy = [...Buffer.from(stored, 'hex')].map((b) => b.toString(16)).join('');
      assert.ok(legacy.length < 64);
      assert.ok(prismaChecksumMatches(Buffer.from(lf), legacy));
      assert.ok(!prismaChecksumMatches(Buffer.from(`${lf}-- edited\n`), stored));
    });
  });

  describe('sqlx SHA-384', () => {
    it('is the SHA-384 of the file in PostgreSQL BYTEA hex notation (FIPS 180-2 example "abc")', () => {
      assert.equal(
        sqlxChecksum('abc'),
        '\\xcb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
      );
    });

    it('compares case-insensitively with the stored value and is line-ending sensitive', () => {
      const stored = sqlxChecksum('create table t (a int);\n').toUpperCase().replace('\\X', '\\x');
      assert.ok(sqlxChecksumMatches('create table t (a int);\n', stored));
      assert.ok(!sqlxChecksumMatches('create table t (a int);\r\n', stored));
    });
  });

  describe('Atlas atlas.sum', () => {
    // ariga/atlas atlasexec/testdata/migrations: three files and their atlas.sum, byte for byte.
    const files = [
      { name: '20230727105553_init.sql', bytes: Buffer.from('CREATE TABLE t1 ( c1 int );\n') },
      { name: '20230727105615_t2.sql', bytes: Buffer.from('CREATE TABLE t2 ( c1 int, c2 text );\n') },
      { name: '20230926085734_destructive-change.sql', bytes: Buffer.from('DROP TABLE t2;\n') },
    ];
    const published =
      'h1:hnQZfRcN6sV+y+0YePtkLazMy+Ty3lhyGv69ixeYoXc=\n' +
      '20230727105553_init.sql h1:jxgvnWO6tZD3lSPpH1ao5E/6VjapP7iwvBCUJ6aez58=\n' +
      '20230727105615_t2.sql h1:UvzeoFxe90Y/7b21ziwg6pPzWJQSV7LeYwJl8J63lMU=\n' +
      '20230926085734_destructive-change.sql h1:Gf/bSvUkfqHr/MEXKCxdGu2YvG8zwe4ER5TW8T/laA0=\n';

    it('reproduces Atlas\u2019s own atlas.sum byte for byte, whatever order the files come in', () => {
      assert.equal(formatAtlasSum(atlasSum(files)), published);
      assert.equal(formatAtlasSum(atlasSum([...files].reverse())), published);
    });

    it('reproduces the first entry of cmd/atlas/internal/cmdapi/testdata/sqlite/atlas.sum', () => {
      const sum = atlasSum([{ name: '20220318104614_initial.sql', bytes: Buffer.from('-- create "tbl" table\nCREATE TABLE tbl (`col` int NOT NULL);\n') }]);
      assert.equal(sum.files[0].hash, 'h1:FifWjY2X0g2YVnb18Qm+QBPvoldDOOob7bS0LrFuCXc=');
    });

    it('parses a sum file, verifies its own first line, and sees that editing one file changes it and every later entry', () => {
      const parsed = parseAtlasSum(published);
      assert.ok(parsed && atlasSumSelfConsistent(parsed));
      assert.equal(parsed.files.length, 3);
      const handEdited = published.replace('Gf/bSvUk', 'Xf/bSvUk');
      assert.ok(!atlasSumSelfConsistent(parseAtlasSum(handEdited)!));
      const edited = atlasSum([files[0], { ...files[1], bytes: Buffer.from('CREATE TABLE t2 ( c1 int );\n') }, files[2]]);
      assert.equal(edited.files[0].hash, parsed.files[0].hash);
      assert.notEqual(edited.files[1].hash, parsed.files[1].hash);
      assert.notEqual(edited.files[2].hash, parsed.files[2].hash);
      assert.equal(parseAtlasSum('not a sum file'), undefined);
    });

    it('leaves out files with the atlas:sum ignore directive but keeps their name in the running hash', () => {
      const ignored = { name: '20230801000000_manual.sql', bytes: Buffer.from('-- atlas:sum ignore\nSELECT 1;\n') };
      const sum = atlasSum([...files, ignored]);
      assert.deepEqual(sum.files.map((f) => f.name), files.map((f) => f.name));
      assert.equal(sum.files[0].hash, 'h1:jxgvnWO6tZD3lSPpH1ao5E/6VjapP7iwvBCUJ6aez58=');
      assert.notEqual(sum.files[2].hash, 'h1:Gf/bSvUkfqHr/MEXKCxdGu2YvG8zwe4ER5TW8T/laA0=');
    });
  });
});
