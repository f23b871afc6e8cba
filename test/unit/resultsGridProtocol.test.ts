import * as assert from 'node:assert/strict';
import type { QueryResult } from '../../src/shared/results';
import { MAX_COPY_CHARS, parseResultsHostMessage, parseResultsWebviewMessage, type ResultMeta } from '../../src/shared/resultsProtocol';

const result: QueryResult = {
  transport: 'direct',
  transportReason: 'host port 127.0.0.1:5432 answered in 3 ms',
  database: 'postgres',
  user: 'postgres',
  results: [
    { command: 'SELECT 2', columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'text' }], rows: [['1', null], ['2', '']], rowCount: 2, truncated: false },
    { command: 'CREATE TABLE', columns: [], rows: [], rowCount: null, truncated: false },
  ],
  notices: [{ severity: 'NOTICE', message: 'hello', code: '00000' }],
  error: { message: 'syntax error at or near "selec"', code: '42601', position: 1, statementIndex: 2 },
  ms: 12,
};

const meta: ResultMeta = { nullToken: 'NULL', canFetchAll: true, pinned: false, canRevealError: true, finishedAt: 1_700_000_000_000, source: { uri: 'file:///w/a.sql', sql: 'selec 1', offset: 10, wholeFile: false } };

describe('results panel protocol', () => {
  it('the host accepts the webview messages it knows, with request ids', () => {
    assert.deepEqual(parseResultsWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseResultsWebviewMessage({ type: 'rerun', requestId: 1 }), { type: 'rerun', requestId: 1 });
    assert.deepEqual(parseResultsWebviewMessage({ type: 'cancel', requestId: 7 }), { type: 'cancel', requestId: 7 });
    assert.deepEqual(parseResultsWebviewMessage({ type: 'copy', requestId: 2, text: 'a\tb', extra: 1 }), { type: 'copy', requestId: 2, text: 'a\tb' });
    assert.deepEqual(parseResultsWebviewMessage({ type: 'export', requestId: 4, index: 1, format: 'csv' }), { type: 'export', requestId: 4, index: 1, format: 'csv' });
    assert.deepEqual(parseResultsWebviewMessage({ type: 'revealError', requestId: 5 }), { type: 'revealError', requestId: 5 });
    assert.deepEqual(parseResultsWebviewMessage({ type: 'fetchAll', requestId: 6 }), { type: 'fetchAll', requestId: 6 });
    assert.deepEqual(parseResultsWebviewMessage({ type: 'pin', requestId: 8, pinned: true }), { type: 'pin', requestId: 8, pinned: true });
  });

  it('the host drops malformed webview messages', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'eval', code: '1' },
      { type: 'rerun' },
      { type: 'rerun', requestId: -1 },
      { type: 'rerun', requestId: 1.5 },
      { type: 'cancel', requestId: '1' },
      { type: 'copy', requestId: 1 },
      { type: 'copy', requestId: 1, text: 5 },
      { type: 'copy', requestId: 1, text: 'x'.repeat(MAX_COPY_CHARS + 1) },
      { type: 'export', requestId: 1, index: 0, format: 'xlsx' },
      { type: 'export', requestId: 1, index: 0, format: 'tsv' },
      { type: 'export', requestId: 1, index: -1, format: 'csv' },
      { type: 'export', requestId: 1, format: 'csv' },
      { type: 'pin', requestId: 1, pinned: 'yes' },
      { type: 'revealError' },
    ]) {
      assert.equal(parseResultsWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  it('the webview accepts a well-formed result, running, failed and response', () => {
    assert.deepEqual(parseResultsHostMessage({ type: 'result', target: 'db', seq: 1, result, meta }), { type: 'result', target: 'db', seq: 1, result, meta });
    assert.deepEqual(parseResultsHostMessage({ type: 'pinned', pinned: true }), { type: 'pinned', pinned: true });
    assert.deepEqual(parseResultsHostMessage({ type: 'running', target: 'db' }), { type: 'running', target: 'db' });
    assert.deepEqual(parseResultsHostMessage({ type: 'failed', target: 'db', message: 'cancelled' }), { type: 'failed', target: 'db', message: 'cancelled' });
    assert.deepEqual(parseResultsHostMessage({ type: 'response', requestId: 3, ok: true }), { type: 'response', requestId: 3, ok: true });
    assert.deepEqual(parseResultsHostMessage({ type: 'response', requestId: 3, ok: false, message: 'no' }), { type: 'response', requestId: 3, ok: false, message: 'no' });
  });

  it('the webview drops a result whose cells, columns or fields are not what the grid expects', () => {
    const mutate = (f: (r: Record<string, unknown>) => void) => {
      const copy = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
      f(copy);
      return { type: 'result', target: 'db', seq: 1, result: copy, meta };
    };
    const statements = (r: Record<string, unknown>) => r.results as Array<Record<string, unknown>>;
    for (const [what, msg] of [
      ['a number cell', mutate((r) => ((statements(r)[0].rows as unknown[][])[0][0] = 1))],
      ['an object cell', mutate((r) => ((statements(r)[0].rows as unknown[][])[0][1] = { toString: 'x' }))],
      ['a short row', mutate((r) => (statements(r)[0].rows as unknown[][]).push(['1']))],
      ['a column without a type', mutate((r) => ((statements(r)[0].columns as unknown[])[0] = { name: 'a' }))],
      ['an unknown transport', mutate((r) => (r.transport = 'ssh'))],
      ['a non-numeric ms', mutate((r) => (r.ms = '12'))],
      ['an error without a code field', mutate((r) => delete (r.error as Record<string, unknown>).code)],
      ['a notice without a message', mutate((r) => ((r.notices as unknown[])[0] = { severity: 'NOTICE' }))],
    ] as const) {
      assert.equal(parseResultsHostMessage(msg), undefined, what);
    }
    assert.equal(parseResultsHostMessage({ type: 'result', target: 1, seq: 1, result, meta }), undefined);
    assert.equal(parseResultsHostMessage({ type: 'result', target: 'db', seq: 1, result }), undefined, 'no meta');
    assert.equal(parseResultsHostMessage({ type: 'result', target: 'db', seq: 1, result, meta: { ...meta, source: { ...meta.source, offset: -1 } } }), undefined, 'a bad source');
    assert.equal(parseResultsHostMessage({ type: 'result', target: 'db', seq: 1, result, meta: { ...meta, nullToken: 'x'.repeat(101) } }), undefined, 'a long NULL token');
    assert.equal(parseResultsHostMessage({ type: 'result', target: 'db', result }), undefined, 'no seq');
    assert.equal(parseResultsHostMessage({ type: 'response', requestId: 1 }), undefined);
    assert.equal(parseResultsHostMessage({ type: 'html', html: '<b>' }), undefined);
  });
});
