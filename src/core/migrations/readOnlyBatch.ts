/**
 * Runs a list of SELECTs in one round trip inside a READ ONLY transaction, over whichever transport
 * `run` uses. Both transports stop at the first failing statement: that query's error is kept and
 * the rest are sent again, so one unreadable table (permission denied) does not hide the others.
 */
import type { QueryResult, StatementResult } from '../../shared/results';

export type RunSql = (sql: string) => Promise<QueryResult>;

export type BatchOutcome = { ok: true; result: StatementResult } | { ok: false; error: string };

export interface BatchRun {
  outcomes: BatchOutcome[];
  /** From the first result: the database the SQL ran in. */
  database: string;
  transport?: 'direct' | 'exec';
  roundTrips: number;
}

/** The text of a batch: BEGIN READ ONLY, each query, COMMIT. */
export function batchSql(queries: readonly string[]): string {
  return ['BEGIN TRANSACTION READ ONLY;', ...queries.map((q) => `${q.trim().replace(/;\s*$/, '')};`), 'COMMIT;'].join('\n');
}

/**
 * Runs `queries`; outcome i belongs to query i. Throws when the first statement (BEGIN) itself
 * fails or `run` throws: the database cannot be read at all.
 */
export async function runReadOnlyBatch(run: RunSql, queries: readonly string[]): Promise<BatchRun> {
  const outcomes: BatchOutcome[] = [];
  let database = '';
  let transport: 'direct' | 'exec' | undefined;
  let roundTrips = 0;
  // Each round trip settles at least one query, so this ends after queries.length + 1 trips at most.
  while (outcomes.length < queries.length) {
    const rest = queries.slice(outcomes.length);
    const result = await run(batchSql(rest));
    roundTrips += 1;
    database ||= result.database;
    transport ??= result.transport;
    const done = result.results.slice(1, 1 + rest.length);
    done.forEach((r) => outcomes.push({ ok: true, result: r }));
    if (!result.error) {
      if (done.length < rest.length) throw new Error(`the database answered ${done.length} of ${rest.length} read-only queries without an error`);
      break;
    }
    if (result.error.statementIndex === 0 || result.results.length === 0) throw new Error(result.error.message);
    // A direct session outlives the run: end the failed transaction. psql (exec) exited already.
    if (result.transport === 'direct') {
      await run('ROLLBACK;');
      roundTrips += 1;
    }
    if (done.length < rest.length) outcomes.push({ ok: false, error: result.error.message });
  }
  return { outcomes, database, transport, roundTrips };
}
