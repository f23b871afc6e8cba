/**
 * The read-only batch runner and the CLI's text output, over scripted QueryResults: statement
 * errors settle one query each, a direct session's failed transaction is rolled back, and the
 * table a person reads marks every status class.
 */
import * as assert from 'node:assert/strict';
import { runReadOnlyBatch } from '../../src/core/migrations/readOnlyBatch';
import { formatMigrationsText } from '../../src/cli/migrationsText';
import type { MigrationReport } from '../../src/shared/migrations';
import type { QueryResult, StatementResult } from '../../src/shared/results';

const select = (value: string): StatementResult => ({ command: 'SELECT 1', columns: [{ name: 'v', type: 'text' }], rows: [[value]], rowCount: 1, truncated: false });
const tag = (command: string): StatementResult => ({ command, columns: [], rows: [], rowCount: null, truncated: false });

/** A fake transport: runs "SELECT 'x'" statements, fails on "SELECT fail"; records every script. */
function fakeRun(transport: 'direct' | 'exec'): { run: (sql: string) => Promise<QueryResult>; sent: string[] } {
  const sent: string[] = [];
  const run = async (sql: string): Promise<QueryResult> => {
    sent.push(sql);
    const results: StatementResult[] = [];
    const statements = sql.split('\n');
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i];
      if (s === 'SELECT fail;') return { transport, transportReason: '', database: 'db', user: 'u', results, notices: [], error: { message: 'permission denied for table t', code: '42501', position: null, statementIndex: i }, ms: 1 };
      results.push(s.startsWith('SELECT') ? select(s) : tag(s.replace(/;$/, '')));
    }
    return { transport, transportReason: '', database: 'db', user: 'u', results, notices: [], error: null, ms: 1 };
  };
  return { run, sent };
}

describe('read-only batches and the migrations text output', () => {
  it('sends every query in one READ ONLY transaction when nothing fails', async () => {
    const f = fakeRun('exec');
    const b = await runReadOnlyBatch(f.run, ['SELECT a', 'SELECT b']);
    assert.deepEqual(f.sent, ['BEGIN TRANSACTION READ ONLY;\nSELECT a;\nSELECT b;\nCOMMIT;']);
    assert.deepEqual(b.outcomes.map((o) => (o.ok ? o.result.rows[0][0] : o.error)), ['SELECT a;', 'SELECT b;']);
    assert.equal(b.roundTrips, 1);
  });

  it('keeps a failing query\'s error, rolls back a direct session and sends the rest again', async () => {
    const f = fakeRun('direct');
    const b = await runReadOnlyBatch(f.run, ['SELECT a', 'SELECT fail', 'SELECT c']);
    assert.deepEqual(f.sent, ['BEGIN TRANSACTION READ ONLY;\nSELECT a;\nSELECT fail;\nSELECT c;\nCOMMIT;', 'ROLLBACK;', 'BEGIN TRANSACTION READ ONLY;\nSELECT c;\nCOMMIT;']);
    assert.deepEqual(b.outcomes.map((o) => (o.ok ? 'ok' : o.error)), ['ok', 'permission denied for table t', 'ok']);
    const e = fakeRun('exec');
    await runReadOnlyBatch(e.run, ['SELECT fail', 'SELECT fail']);
    assert.equal(e.sent.filter((s) => s === 'ROLLBACK;').length, 0, 'psql exited with its transaction');
    assert.equal(e.sent.length, 2);
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
