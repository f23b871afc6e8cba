import * as assert from 'node:assert/strict';
import type { MigrationReport } from '../../src/shared/migrations';
import { isMigrationReport, parseMigrationsHostMessage, parseMigrationsWebviewMessage } from '../../src/shared/migrationsProtocol';

const report: MigrationReport = {
  database: 'shop',
  container: 'db-1',
  transport: 'direct',
  tools: [
    {
      tool: 'flyway',
      table: 'public.flyway_schema_history',
      dir: '/ws/db/migration',
      applied: [{ id: '1', name: 'init', appliedAt: '2026-11-24T10:00:00Z', checksumOk: true, file: '/ws/db/migration/V1__init.sql' }],
      pending: [{ id: '2', file: '/ws/db/migration/V2__idx.sql' }],
      missing: [{ id: '0' }],
      failed: [{ id: '9', detail: 'success = false' }],
      checksumMismatch: [{ id: '1', file: '/ws/db/migration/V1__init.sql', expected: '1', actual: '2' }],
      idempotency: [{ file: '/ws/db/migration/V2__idx.sql', line: 1, column: 1, rule: 'create-index-without-if-not-exists', message: 'm' }],
      notes: ['a note'],
    },
  ],
  missingSchema: [{ table: 'orders' }, { table: 'users', column: 'email' }],
  ms: 5,
};

describe('migrations webview protocol', () => {
  it('the host accepts ready, refresh and open with request ids', () => {
    assert.deepEqual(parseMigrationsWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseMigrationsWebviewMessage({ type: 'refresh', requestId: 3 }), { type: 'refresh', requestId: 3 });
    assert.deepEqual(parseMigrationsWebviewMessage({ type: 'open', requestId: 4, file: '/ws/a.sql', id: '2', extra: 1 }), { type: 'open', requestId: 4, file: '/ws/a.sql', id: '2' });
    assert.deepEqual(parseMigrationsWebviewMessage({ type: 'open', requestId: 4, file: '/ws/a.sql', line: 7 }), { type: 'open', requestId: 4, file: '/ws/a.sql', line: 7 });
  });

  it('the host drops malformed webview messages', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'exec', command: 'rm' },
      { type: 'refresh' },
      { type: 'refresh', requestId: -1 },
      { type: 'open', requestId: 1 },
      { type: 'open', requestId: 1, file: '' },
      { type: 'open', requestId: 1, file: 5 },
      { type: 'open', requestId: 1, file: 'x'.repeat(5000) },
      { type: 'open', requestId: 1, file: '/a', line: 0 },
      { type: 'open', requestId: 1, file: '/a', line: 1.5 },
      { type: 'open', requestId: 1, file: '/a', id: 3 },
    ]) {
      assert.equal(parseMigrationsWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  it('the webview accepts a whole report and the other host messages', () => {
    assert.ok(isMigrationReport(report));
    assert.deepEqual(parseMigrationsHostMessage({ type: 'report', container: 'db-1', seq: 2, report }), { type: 'report', container: 'db-1', seq: 2, report });
    assert.deepEqual(parseMigrationsHostMessage({ type: 'loading', container: 'db-1' }), { type: 'loading', container: 'db-1' });
    assert.deepEqual(parseMigrationsHostMessage({ type: 'error', container: 'db-1', message: 'no' }), { type: 'error', container: 'db-1', message: 'no' });
    assert.deepEqual(parseMigrationsHostMessage({ type: 'response', requestId: 1, ok: false, message: 'x' }), { type: 'response', requestId: 1, ok: false, message: 'x' });
  });

  it('the webview drops reports with a field of the wrong shape', () => {
    const clone = (): MigrationReport => JSON.parse(JSON.stringify(report)) as MigrationReport;
    const broken: Array<(r: MigrationReport) => void> = [
      (r) => ((r as unknown as Record<string, unknown>).database = 1),
      (r) => ((r.tools[0] as unknown as Record<string, unknown>).tool = 'unknown-tool'),
      (r) => ((r.tools[0].applied[0] as unknown as Record<string, unknown>).appliedAt = 5),
      (r) => ((r.tools[0].pending[0] as unknown as Record<string, unknown>).file = null),
      (r) => ((r.tools[0].idempotency[0] as unknown as Record<string, unknown>).line = 0),
      (r) => ((r.tools[0].checksumMismatch[0] as unknown as Record<string, unknown>).actual = undefined),
      (r) => ((r.tools[0] as unknown as Record<string, unknown>).notes = [1]),
      (r) => ((r.missingSchema[0] as unknown as Record<string, unknown>).table = null),
      (r) => ((r as unknown as Record<string, unknown>).transport = 'ssh'),
      (r) => ((r as unknown as Record<string, unknown>).ms = Infinity),
    ];
    for (const [i, breakIt] of broken.entries()) {
      const r = clone();
      breakIt(r);
      assert.equal(parseMigrationsHostMessage({ type: 'report', container: 'db-1', seq: 1, report: r }), undefined, `case ${i}`);
    }
    assert.equal(parseMigrationsHostMessage({ type: 'report', container: 'db-1', seq: -1, report }), undefined);
    assert.equal(parseMigrationsHostMessage({ type: 'loading' }), undefined);
    assert.equal(parseMigrationsHostMessage({ type: 'response', requestId: 1 }), undefined);
  });
});
