/**
 * Finds migration history tables in any schema with one read-only catalog query (pg_catalog, so
 * tables the role cannot read columns of through information_schema are still seen), and matches
 * them to adapters by column signature.
 */
import type { StatementResult } from '../../shared/results';
import type { HistoryTable, LocalScan, MigrationToolAdapter } from './adapter';

/**
 * Candidate tables: the signatures of reference §2.1 (a superset is fine: adapters decide), plus
 * the side tables (locks, Rails metadata) adapters read as siblings.
 */
export const CATALOG_SQL = `WITH t AS (
  SELECT n.nspname AS table_schema, c.relname AS table_name, lower(c.relname) AS lname,
         array_agg(lower(a.attname::text) ORDER BY a.attnum) AS cols
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%'
  GROUP BY n.nspname, c.relname
)
SELECT table_schema, table_name, array_to_string(cols, ',') AS columns
FROM t
WHERE cols @> ARRAY['installed_rank','version','checksum','success']
   OR cols @> ARRAY['id','author','filename','md5sum']
   OR lname IN ('databasechangeloglock', 'sequelizemeta', 'ar_internal_metadata')
   OR cols @> ARRAY['migration_name','checksum','finished_at']
   OR cols @> ARRAY['version','description','installed_on','success','checksum']
   OR cols @> ARRAY['version','applied','total','hash']
   OR cols @> ARRAY['version_id','is_applied']
   OR (cols @> ARRAY['app','name','applied'] AND cardinality(cols) = 4)
   OR (cols @> ARRAY['version','dirty'] AND cardinality(cols) = 2)
   OR cols @> ARRAY['name','batch','migration_time']
   OR (cols @> ARRAY['index','is_locked'] AND cardinality(cols) = 2)
   OR (cols @> ARRAY['id','name','run_on'] AND cardinality(cols) = 3)
   OR (cols @> ARRAY['version','run_on'] AND cardinality(cols) = 2)
   OR (cols @> ARRAY['id','timestamp','name'] AND cardinality(cols) = 3)
   OR (cols @> ARRAY['id','hash','created_at'] AND cardinality(cols) IN (3, 5))
   OR cols = ARRAY['version_num']
   OR cols = ARRAY['version']
ORDER BY table_schema, table_name`;

/** The catalog query's rows as tables, each with its same-schema siblings. */
export function parseCatalog(result: StatementResult | undefined): HistoryTable[] {
  if (!result) return [];
  const idx = (name: string): number => result.columns.findIndex((c) => c.name === name);
  const [s, t, c] = [idx('table_schema'), idx('table_name'), idx('columns')];
  const tables: HistoryTable[] = result.rows.map((r) => ({ schema: r[s] ?? '', table: r[t] ?? '', columns: (r[c] ?? '').split(',').filter((x) => x !== '') }));
  for (const table of tables) {
    table.siblings = tables.filter((o) => o !== table && o.schema === table.schema).map((o) => o.table.toLowerCase());
  }
  return tables;
}

/** A double-quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`. */
export function qualify(table: HistoryTable): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.table)}`;
}

/** A single-quoted SQL literal (standard_conforming_strings, PostgreSQL's default since 9.1). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface TableMatch {
  table: HistoryTable;
  adapter: MigrationToolAdapter;
}

/**
 * Each table to one adapter. When several adapters match (Rails, dbmate: `schema_migrations
 * (version)`), the one whose workspace files were found with a marker wins, then the first in
 * registry order (the registry lists the most specific signatures first). Tables no adapter
 * claims (lock and metadata tables) are dropped.
 */
export function matchTables(tables: readonly HistoryTable[], adapters: readonly MigrationToolAdapter[], scans: ReadonlyMap<string, LocalScan>): TableMatch[] {
  const matches: TableMatch[] = [];
  for (const table of tables) {
    const candidates = adapters.filter((a) => a.matches(table));
    if (candidates.length === 0) continue;
    const withFiles = candidates.find((a) => {
      const scan = scans.get(a.id);
      return scan !== undefined && !scan.guessed && scan.migrations.length > 0;
    });
    matches.push({ table, adapter: withFiles ?? candidates[0] });
  }
  return matches;
}
