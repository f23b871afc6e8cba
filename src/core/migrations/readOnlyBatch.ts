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

const SAVEPOINT = 'dockerdb_status';

/**
 * The head of every batch. The probe says whether the session was already inside a transaction
 * (a direct session is shared with the user's own queries; outside a transaction block a
 * statement's start time is its transaction's start time). BEGIN READ ONLY starts ours, or only
 * warns inside theirs; the savepoint lets a failed query be undone without aborting theirs.
 */
export const BATCH_HEAD = ['SELECT now() = statement_timestamp() AS idle;', 'BEGIN TRANSACTION READ ONLY;', `SAVEPOINT ${SAVEPOINT};`];

/**
 * The text of a batch: the head, each query, and the savepoint released. It does not end the
 * transaction: psql (exec) ends it by exiting; a direct session gets ROLLBACK only when the
 * transaction was ours.
 */
export function batchSql(queries: readonly string[]): string {
  return [...BATCH_HEAD, ...queries.map((q) => `${q.trim().replace(/;\s*$/, '')};`), `RELEASE SAVEPOINT ${SAVEPOINT};`].join('\n');
}

/**
 * What a direct session needs after a batch: our transaction ended, or, inside the user's, our
 * failed savepoint undone. Null when nothing is left open (exec: psql exited).
 */
function cleanupSql(result: QueryResult): string | null {
  if (result.transport !== 'direct') return null;
  const began = result.results.length >= 2;
  if (began && result.results[0].rows[0]?.[0] === 't') return 'ROLLBACK;';
  const savepoint = result.results.length >= BATCH_HEAD.length;
  return savepoint && result.error ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT};\nRELEASE SAVEPOINT ${SAVEPOINT};` : null;
}

/**
 * Runs `queries` read-only; outcome i belongs to query i. A transaction the session already had
 * open is neither committed nor rolled back nor left aborted. Throws when the head itself fails
 * or `run` throws: the database cannot be read at all.
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
    const head = BATCH_HEAD.length;
    const done = result.results.slice(head, head + rest.length);
    done.forEach((r) => outcomes.push({ ok: true, result: r }));
    const cleanup = cleanupSql(result);
    if (cleanup) {
      await run(cleanup);
      roundTrips += 1;
    }
    if (result.error && ((result.error.statementIndex ?? 0) < head || result.results.length < head)) throw new Error(result.error.message);
    if (!result.error) {
      if (done.length < rest.length) throw new Error(`the database answered ${done.length} of ${rest.length} read-only queries without an error`);
      break;
    }
    if (done.length < rest.length) outcomes.push({ ok: false, error: result.error.message });
  }
  return { outcomes, database, transport, roundTrips };
}
