/**
 * The expected-schema check (issue 7 §4): tables, and columns of them, the application needs.
 * A table name may be schema-qualified ("billing.invoices"); an unqualified one is looked up in
 * the schemas of the search path.
 */
import type { ExpectedSchemaFinding } from '../../shared/migrations';
import type { StatementResult } from '../../shared/results';
import { quoteLiteral } from './catalog';

export interface ExpectedSchema {
  /** Table name → column names it must have ([] = only the table). */
  tables: Readonly<Record<string, readonly string[]>>;
}

function split(name: string): { schema?: string; table: string } {
  const dot = name.indexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), table: name.slice(dot + 1) } : { table: name };
}

/** Read-only SQL listing the columns of the expected tables that exist; null when none are expected. */
export function expectedSchemaSql(expected: ExpectedSchema | undefined): string | null {
  const names = Object.keys(expected?.tables ?? {});
  if (names.length === 0) return null;
  const tables = [...new Set(names.map((n) => split(n).table))].map(quoteLiteral).join(', ');
  return `SELECT table_schema, table_name, column_name, (table_schema = ANY (current_schemas(false))) AS on_path
FROM information_schema.columns
WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name IN (${tables})
ORDER BY table_schema, table_name, ordinal_position`;
}

/** Tables and columns of `expected` missing from the columns the query found. */
export function missingSchema(expected: ExpectedSchema | undefined, result: StatementResult | undefined): ExpectedSchemaFinding[] {
  if (!expected) return [];
  const rows = result?.rows ?? [];
  const found: ExpectedSchemaFinding[] = [];
  for (const [name, columns] of Object.entries(expected.tables)) {
    const want = split(name);
    const cols = rows.filter((r) => r[1] === want.table && (want.schema ? r[0] === want.schema : r[3] === 't' || r[3] === 'true'));
    if (cols.length === 0) {
      found.push({ table: name });
      continue;
    }
    const have = new Set(cols.map((r) => r[2]));
    for (const column of columns) if (!have.has(column)) found.push({ table: name, column });
  }
  return found;
}
