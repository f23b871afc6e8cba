/**
 * Published reference values of the migration tools' checksums, shared by the unit and the
 * integration tests.
 *
 * Flyway's own documentation, flyway/flyway `documentation/Reference/Tutorials/Tutorial - Dry Runs.md`:
 * the file V3__Couple.sql (note the trailing spaces) and, in the generated dry-run script,
 * `INSERT INTO "PUBLIC"."flyway_schema_history" (...) VALUES (2, '3', 'Couple', 'SQL', 'V3__Couple.sql', -722651034, 'SA', 0, 1);`
 */
export const FLYWAY_DOC_V3 =
  'create table COUPLE (\n    ID int not null,\n    PERSON1 int not null references PERSON(ID), \n    PERSON2 int not null references PERSON(ID) \n);\n';
export const FLYWAY_DOC_V3_CHECKSUM = -722651034;

/**
 * liquibase/liquibase UpgradeChecksumVersionIntegrationTest.groovy: the V9 checksum of the changeset
 * `<sql dbms="h2">select 1</sql>` in changelogs/h2/checksum/dbms-filter-changelog.xml.
 */
export const LIQUIBASE_SELECT_1_V9 = '9:3b78b9910981c62ca27148640fad7bc2';
