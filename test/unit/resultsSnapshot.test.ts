import * as assert from 'node:assert/strict';
import { errorOffset } from '../../src/core/sql/errorLocation';
import type { QueryResult } from '../../src/shared/results';
import type { ResultMeta } from '../../src/shared/resultsProtocol';
import { makeSnapshot, parseSnapshot, snapshotRowCap } from '../../src/shared/resultsSnapshot';

const meta: ResultMeta = { nullToken: 'NULL', canFetchAll: false, pinned: false, canRevealError: false, finishedAt: 1 };

function result(rowsPerSet: number[]): QueryResult {
  return {
    transport: 'direct',
    transportReason: 'r',
    database: 'd',
    user: 'u',
    results: rowsPerSet.map((n) => ({ command: `SELECT ${n}`, columns: [{ name: 'v', type: 'text' }], rows: Array.from({ length: n }, (_, i) => [i % 5 === 0 ? null : `value ${i}`]), rowCount: n, truncated: false })),
    notices: [],
    error: null,
    ms: 3,
  };
}

describe('results panel: the snapshot kept for a window reload', () => {
  it('keeps a small result whole', () => {
    const r = result([3, 0]);
    const s = makeSnapshot('db', 4, r, meta);
    assert.equal(s.result, r);
    assert.equal(s.meta.restoredRowCap, undefined);
  });

  it('caps rows per result set and the characters in all, and says so', () => {
    const r = result([5000, 20]);
    const s = makeSnapshot('db', 4, r, meta, 1000, 1_000_000);
    assert.equal(s.result.results[0].rows.length, 1000);
    assert.equal(s.result.results[1].rows.length, 20);
    assert.equal(s.meta.restoredRowCap, 1000);
    assert.equal(s.result.results[0].rowCount, 5000, 'the row count still says how many there were');
    assert.equal(r.results[0].rows.length, 5000, 'the shown result is not changed');
    const tight = snapshotRowCap(r, 1000, 500);
    assert.ok(tight > 10 && tight < 100, `a 500-character budget keeps a few dozen rows: ${tight}`);
  });

  it('reads back only a well-formed snapshot', () => {
    const s = makeSnapshot('db', 2, result([2]), meta);
    assert.deepEqual(parseSnapshot(JSON.parse(JSON.stringify(s))), s);
    assert.equal(parseSnapshot({ ...s, seq: -1 }), null);
    assert.equal(parseSnapshot({ ...s, meta: { ...meta, nullToken: 3 } }), null);
    assert.equal(parseSnapshot({ ...s, result: { ...s.result, results: [{ ...s.result.results[0], rows: [[1]] }] } }), null);
    assert.equal(parseSnapshot('x'), null);
  });
});

describe('query errors: the position in the SQL that was sent', () => {
  const sql = "select 1;\n-- two\nselect 'ä😀', x from nowhere;";

  it('the statement and the 1-based character position in it', () => {
    const at = errorOffset(sql, { statementIndex: 1, position: 14 });
    assert.equal(sql.slice(at!, at! + 4), 'x fr', 'the astral character before the position counts once, as PostgreSQL counts it');
    assert.equal(errorOffset(sql, { statementIndex: 0, position: 1 }), 0);
  });

  it("the statement's start without a position; null when the statement is unknown", () => {
    assert.equal(errorOffset(sql, { statementIndex: 1, position: null }), sql.indexOf("select 'ä"));
    assert.equal(errorOffset(sql, { statementIndex: null, position: 3 }), null);
    assert.equal(errorOffset(sql, { statementIndex: 5, position: 1 }), null);
  });
});
