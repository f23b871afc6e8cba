/**
 * The read-only batch runner and the CLI's text output, over scripted QueryResults: statement
 * errors settle one query each, a direct session's failed transaction is rolled back, and the
 * table a person reads marks every status class.
 */
import * as assert from 'node:assert/strict';
import { BATCH_HEAD, runReadOnlyBatch } from '../../src/core/migrations/readOnlyBatch';
import { formatMigrationsText } from '../../src/cli/migrationsText';
import type { MigrationReport } from '../../src/shared/migrations';
import type { QueryResult, StatementResult } from '../../src/shared/results';

const select = (value: string): StatementResult => ({ command: 'SELECT 1', columns: [{ name: 'v', type: 'text' }], rows: [[value]], rowCount: 1, truncated: false });
const tag = (command: string): StatementResult => ({ command, columns: [], rows: [], rowCount: null, truncated: false });

const PROBE = BATCH_HEAD[0];

/** A fake transport: SELECTs answer their own text, "SELECT fail" fails; the probe says whether a transaction was open. */
function fakeRun(transport: 'direct' | 'exec', inTransaction = false): { run: (sql: string) => Promise<QueryResult>; sent: string[] } {
  const sent: string[] = [];
  const run = async (sql: string): Promise<QueryResult> => {
    sent.push(sql);
    const results: StatementResult[] = [];
    const statements = sql.split('\n');
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i];
      if (s === 'SELECT fail;') return { transport, transportReason: '', database: 'db', user: 'u', results, notices: [], error: { message: 'permission denied for table t', code: '42501', position: null, statementIndex: i }, ms: 1 };
      results.push(s === PROBE ? select(inTransaction ? 'f' : 't') : s.startsWith('SELECT') ? select(s) : tag(s.split(' ')[0]));
    }
    return { transport, transportReason: '', database: 'db', user: 'u', results, notices: [], error: null, ms: 1 };
  };
  return { run, sent };
}

const script = (...queries: string[]): string => [...BATCH_HEAD, ...queries, 'RELEASE SAVEPOINT dockerdb_status;'].join('\n');

describe('read-only batches and the migrations text output', () => {
  it('sends every query in one READ ONLY transaction; psql ends it by exiting', async () => {
    const f = fakeRun('exec');
    const b = await runReadOnlyBatch(f.run, ['SELECT a', 'SELECT b']);
    assert.deepEqual(f.sent, [script('SELECT a;', 'SELECT b;')]);
    assert.deepEqual(b.outcomes.map((o) => (o.ok ? o.result.rows[0][0] : o.error)), ['SELECT a;', 'SELECT b;']);
    assert.equal(b.roundTrips, 1);
  });

  it('keeps a failing query\'s error, ends a direct session\'s own transaction and sends the rest again', async () => {
    const f = fakeRun('direct');
    const b = await runReadOnlyBatch(f.run, ['SELECT a', 'SELECT fail', 'SELECT c']);
    assert.deepEqual(f.sent, [script('SELECT a;', 'SELECT fail;', 'SELECT c;'), 'ROLLBACK;', script('SELECT c;'), 'ROLLBACK;']);
    assert.deepEqual(b.outcomes.map((o) => (o.ok ? 'ok' : o.error)), ['ok', 'permission denied for table t', 'ok']);
    const e = fakeRun('exec');
    await runReadOnlyBatch(e.run, ['SELECT fail', 'SELECT fail']);
    assert.deepEqual(e.sent, [script('SELECT fail;', 'SELECT fail;'), script('SELECT fail;')], 'psql exited with its transaction');
  });

  it('inside a transaction the user left open: ends nothing, and undoes only its own failed savepoint', async () => {
    const f = fakeRun('direct', true);
    const b = await runReadOnlyBatch(f.run, ['SELECT fail', 'SELECT b']);
    assert.deepEqual(f.sent, [script('SELECT fail;', 'SELECT b;'), 'ROLLBACK TO SAVEPOINT dockerdb_status;\nRELEASE SAVEPOINT dockerdb_status;', script('SELECT b;')]);
    assert.ok(!f.sent.includes('ROLLBACK;') && !f.sent.some((x) => /COMMIT/.test(x)));
    assert.deepEqual(b.outcomes.map((o) => o.ok), [false, true]);
  });

  it('prints one table per tool with every status class marked', () => {
    const report: MigrationReport = {
      database: 'shop',
      container: 'shop-db-1',
      transport: 'exec',
      ms: 12,
      missingSchema: [{ table: 'users', column: 'email' }],
      tools: [
        {
          tool: 'flyway',
          table: 'public.flyway_schema_history',
          dir: '/p/sql',
          applied: [
            { id: '1', name: 'init', appliedAt: '2024-01-01T00:00:00.000Z', file: '/p/sql/V1__init.sql', checksumOk: true },
            { id: '2', name: 'two', file: '/p/sql/V2__two.sql', checksumOk: false },
            { id: '0.9', name: 'old', outOfOrder: true },
          ],
          pending: [{ id: '3', file: '/p/sql/V3__three.sql', name: 'three' }],
          missing: [{ id: '0.9' }],
          failed: [{ id: '4', detail: 'success = false' }],
          checksumMismatch: [{ id: '2', file: '/p/sql/V2__two.sql', expected: '1', actual: '2' }],
          idempotency: [{ file: '/p/sql/V3__three.sql', line: 2, column: 1, rule: 'create-index-without-if-not-exists', message: 'CREATE INDEX without IF NOT EXISTS.' }],
          notes: ['a note'],
        },
      ],
    };
    const text = formatMigrationsText(report, '/p');
    assert.match(text, /^Migrations of database shop in shop-db-1, via docker exec \(12 ms\)$/m);
    assert.match(text, /^Flyway: 3 applied, 1 pending, 1 missing from the workspace, 1 failed, 1 checksum mismatch, 1 out of order$/m);
    assert.match(text, /^ {2}table: public\.flyway_schema_history {3}files: sql$/m);
    assert.match(text, /^ {2}CHANGED +2 +two/m);
    assert.match(text, /^ {2}NO FILE +0\.9/m);
    assert.match(text, /^ {2}FAILED +4/m);
    assert.match(text, /^ {2}PENDING +3 +three +sql\/V3__three\.sql$/m);
    assert.match(text, /^ {2}! sql\/V3__three\.sql:2:1 CREATE INDEX/m);
    assert.match(text, /^✗ expected column users\.email is missing$/m);
  });
});
