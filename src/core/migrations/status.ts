/**
 * The migration status service: finds history tables (any schema) and workspace migrations of
 * every tool, reads the history read-only in two round trips over whichever transport `run` uses,
 * and combines them per tool into a MigrationReport.
 */
import * as path from 'node:path';
import type { IdempotencyFinding, MigrationReport, ToolStatus } from '../../shared/migrations';
import type { StatementResult } from '../../shared/results';
import type { HistoryRow, IdempotencyLinter, LocalScan, MigrationToolAdapter, ReadFileSystem } from './adapter';
import { cachingFileSystem } from './cachingFs';
import { CATALOG_SQL, matchTables, parseCatalog, qualify, TableMatch } from './catalog';
import { ExpectedSchema, expectedSchemaSql, missingSchema } from './expectedSchema';
import { nodeFileSystem } from './nodeFs';
import { BatchOutcome, RunSql, runReadOnlyBatch } from './readOnlyBatch';
import { MIGRATION_ADAPTERS, lintMigrationFile } from './registry';

export type { ExpectedSchema } from './expectedSchema';
export type { RunSql } from './readOnlyBatch';

/** The row limit to give `run`: far above any real history, so every history row is read. */
export const HISTORY_ROW_LIMIT = 1_000_000;

export interface MigrationStatusOptions {
  /**
   * Runs read-only SQL (several statements, in a READ ONLY transaction) over a QueryTransport and
   * returns its QueryResult. Give it HISTORY_ROW_LIMIT as its row limit. A
   * direct session the user left inside a transaction is fine: that transaction is neither ended
   * nor aborted (the reads then run inside it, under a savepoint).
   */
  run: RunSql;
  /** Workspace folders to look for migration files in. */
  roots: readonly string[];
  /** A folder to look in instead of `roots` (`--dir`): a project folder or the migrations folder itself. */
  dir?: string;
  expectedSchema?: ExpectedSchema;
  fs?: ReadFileSystem;
  container?: string;
  transport?: 'direct' | 'exec';
  /** Defaults to every tool of the registry. */
  adapters?: readonly MigrationToolAdapter[];
  /** Idempotency review of pending files; defaults to the registry's linter. */
  lint?: IdempotencyLinter;
  /**
   * Pass the same object on every refresh of one database: the history queries of the last run
   * are then sent with the catalog query, in one round trip instead of two, when the tables are
   * still the same (a docker exec costs a few hundred ms).
   */
  catalogCache?: CatalogCache;
}

export interface CatalogCache {
  /** History query per table and tool of the last run (key: tool, schema-qualified table, columns). */
  queries?: ReadonlyArray<{ key: string; sql: string }>;
}

/** The database could not be read at all (the catalog query failed). */
export class MigrationStatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationStatusError';
  }
}

export async function computeMigrationStatus(options: MigrationStatusOptions): Promise<MigrationReport> {
  const started = Date.now();
  const fs = cachingFileSystem(options.fs ?? nodeFileSystem);
  const adapters = options.adapters ?? MIGRATION_ADAPTERS;
  const roots = options.dir !== undefined ? [path.resolve(options.dir)] : options.roots.map((r) => path.resolve(r));
  const ahead = options.catalogCache?.queries ?? [];
  const [scans, first] = await Promise.all([scanAll(adapters, roots, fs), readCatalog(options, ahead.map((q) => q.sql))]);
  const matches = matchTables(first.tables, adapters, scans);
  const wanted = matches.map((m) => ({ key: matchKey(m), sql: m.adapter.historyQuery(m.table, qualify(m.table)) }));
  const histories = await readHistories(options.run, wanted, ahead, first.ahead);
  if (options.catalogCache) options.catalogCache.queries = wanted;
  const tools: ToolStatus[] = [];
  const claimed = new Set<string>();
  matches.forEach((m, i) => {
    const scan = scans.get(m.adapter.id) ?? null;
    claimed.add(m.adapter.id);
    const h = histories[i];
    const status = m.adapter.status(h.rows, scan, m.table);
    if (h.error) status.notes.push(`Could not read ${qualify(m.table)}: ${h.error}. Check that the database role may SELECT from it.`);
    if (h.truncated) status.notes.push(`Only the first ${h.rows?.length ?? 0} rows of ${qualify(m.table)} were read.`);
    tools.push(status);
  });
  for (const adapter of adapters) {
    const scan = scans.get(adapter.id);
    if (claimed.has(adapter.id) || !scan || scan.guessed || scan.migrations.length === 0) continue;
    tools.push(adapter.status(null, scan, null));
  }
  await reviewPending(tools, adapters, fs, options.lint ?? lintMigrationFile);
  return {
    database: first.database,
    ...(options.container !== undefined ? { container: options.container } : {}),
    ...((options.transport ?? first.transport) ? { transport: options.transport ?? first.transport } : {}),
    tools,
    missingSchema: missingSchema(options.expectedSchema, first.schema),
    ms: Date.now() - started,
  };
}

/** Each tool's best workspace scan over every root: one with a marker file, else a guessed one. */
async function scanAll(adapters: readonly MigrationToolAdapter[], roots: readonly string[], fs: ReadFileSystem): Promise<Map<string, LocalScan>> {
  const found = new Map<string, LocalScan>();
  await Promise.all(
    adapters.map(async (adapter) => {
      for (const root of roots) {
        const scan = await scanOne(adapter, root, fs);
        const best = found.get(adapter.id);
        if (scan && (!best || rank(scan) > rank(best))) found.set(adapter.id, scan);
        if (scan && rank(scan) === 2) break;
      }
    }),
  );
  return found;
}

function rank(scan: LocalScan): number {
  return scan.migrations.length === 0 ? 0 : scan.guessed ? 1 : 2;
}

async function scanOne(adapter: MigrationToolAdapter, root: string, fs: ReadFileSystem): Promise<LocalScan | null> {
  try {
    return await adapter.scanWorkspace(root, fs);
  } catch (err) {
    return { dir: root, migrations: [], notes: [`Could not scan ${root} for ${adapter.id} migrations: ${(err as Error).message}.`], guessed: true };
  }
}

interface FirstTrip {
  tables: ReturnType<typeof parseCatalog>;
  schema?: StatementResult;
  database: string;
  transport?: 'direct' | 'exec';
  /** Outcomes of the history queries sent ahead, in the order given. */
  ahead: BatchOutcome[];
}

/** The catalog (and expected-schema) query, with the last run's history queries sent ahead. */
async function readCatalog(options: MigrationStatusOptions, ahead: readonly string[]): Promise<FirstTrip> {
  const schemaSql = expectedSchemaSql(options.expectedSchema);
  const head = schemaSql ? [CATALOG_SQL, schemaSql] : [CATALOG_SQL];
  let batch;
  try {
    batch = await runReadOnlyBatch(options.run, [...head, ...ahead]);
  } catch (err) {
    throw new MigrationStatusError(`Could not read the database catalog: ${(err as Error).message.replace(/[.\s]+$/, '')}. The database may be starting or the role may lack access; run "dockerdb doctor" on the container.`);
  }
  const [catalog, schema] = batch.outcomes;
  if (!catalog.ok) throw new MigrationStatusError(`Could not list the tables of the database: ${catalog.error}. Check that the role may read pg_catalog.`);
  return {
    tables: parseCatalog(catalog.result),
    schema: schemaSql && schema?.ok ? schema.result : undefined,
    database: batch.database,
    transport: batch.transport,
    ahead: batch.outcomes.slice(head.length),
  };
}

interface History {
  rows: HistoryRow[] | null;
  error?: string;
  truncated?: boolean;
}

function matchKey(m: TableMatch): string {
  return `${m.adapter.id}|${qualify(m.table)}|${m.table.columns.join(',')}`;
}

/**
 * Every matched table's history: the answers sent ahead with the catalog when the table, tool and
 * query are unchanged, the rest in one more round trip (more only when a query fails).
 */
async function readHistories(run: RunSql, wanted: ReadonlyArray<{ key: string; sql: string }>, ahead: ReadonlyArray<{ key: string; sql: string }>, answers: readonly BatchOutcome[]): Promise<History[]> {
  const outcomes: Array<BatchOutcome | undefined> = wanted.map((w) => {
    const i = ahead.findIndex((a) => a.key === w.key && a.sql === w.sql);
    return i >= 0 ? answers[i] : undefined;
  });
  const missing = wanted.filter((_w, i) => outcomes[i] === undefined);
  if (missing.length > 0) {
    const batch = await runReadOnlyBatch(run, missing.map((w) => w.sql));
    let next = 0;
    outcomes.forEach((o, i) => {
      if (o === undefined) outcomes[i] = batch.outcomes[next++];
    });
  }
  return outcomes.map((o) => (o?.ok ? { rows: toRows(o.result), truncated: o.result.truncated } : { rows: null, error: o?.error ?? 'no answer' }));
}

/** Statement rows as column-name → text objects (column names lower-cased too, for adapters' convenience). */
export function toRows(result: StatementResult): HistoryRow[] {
  const names = result.columns.map((c) => c.name);
  return result.rows.map((r) => {
    const row: Record<string, string | null> = {};
    names.forEach((n, i) => {
      row[n] = r[i];
      row[n.toLowerCase()] ??= r[i];
    });
    return row;
  });
}

/** Idempotency findings of each pending SQL or Python file. */
async function reviewPending(tools: ToolStatus[], adapters: readonly MigrationToolAdapter[], fs: ReadFileSystem, lint: IdempotencyLinter): Promise<void> {
  await Promise.all(
    tools.map(async (tool) => {
      const files = [...new Set(tool.pending.map((p) => p.file))].filter((f) => /\.(sql|py)$/i.test(f));
      const upText = adapters.find((a) => a.id === tool.tool)?.upText ?? ((t: string): string => t);
      const findings = await Promise.all(files.map((f) => lintFile(f, fs, (file, text) => lint(file, upText(text)))));
      tool.idempotency.push(...findings.flat());
    }),
  );
}

async function lintFile(file: string, fs: ReadFileSystem, lint: IdempotencyLinter): Promise<IdempotencyFinding[]> {
  try {
    return lint(file, (await fs.readFile(file)).toString('utf8'));
  } catch {
    return [];
  }
}
