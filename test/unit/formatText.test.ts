import * as assert from 'node:assert/strict';
import { formatCsv, formatJson, formatResultText, formatStatementTable } from '../../src/core/query/formatText';
import type { QueryResult, StatementResult } from '../../src/shared/results';

const select: StatementResult = {
  command: 'SELECT 3',
  columns: [{ name: 'id', type: 'integer' }, { name: 'note', type: 'text' }],
  rows: [['1', 'plain'], ['22', null], ['3', 'a,"b"\nc']],
  rowCount: 3,
  truncated: false,
};

describe('query result rendering', () => {
  it('prints aligned tables with numbers right-aligned, NULL distinct, newlines visible', () => {
    assert.equal(formatStatementTable(select), [' id | note', '----+---------', '  1 | plain', ' 22 | ∅', '  3 | a,"b"↵c', '(3 rows)', ''].join('\n'));
    assert.equal(formatStatementTable({ command: 'CREATE TABLE', columns: [], rows: [], rowCount: null, truncated: false }), 'CREATE TABLE\n');
    assert.match(formatStatementTable({ ...select, rowCount: 50000, truncated: true }), /\(50000 rows; showing the first 3\)/);
  });

  it('CSV keeps NULL (empty) apart from empty string ("")', () => {
    const csv = formatCsv({ ...select, rows: [['1', ''], ['2', null], ['3', 'x,y'], ['4', 'say "hi"'], ['5', 'line\nbreak']] });
    assert.equal(csv, 'id,note\r\n1,""\r\n2,\r\n3,"x,y"\r\n4,"say ""hi"""\r\n5,"line\nbreak"\r\n');
  });

  it('text and JSON carry the transport, errors with SQLSTATE, position and statement', () => {
    const result: QueryResult = {
      transport: 'exec',
      transportReason: 'port 5432 is not published',
      database: 'shop',
      user: 'app',
      results: [select],
      notices: [{ severity: 'NOTICE', message: 'table "x" does not exist, skipping' }],
      error: { message: 'syntax error at or near "selec"', code: '42601', position: 1, statementIndex: 1 },
      ms: 12,
    };
    const text = formatResultText(result);
    assert.match(text, /^-- app@shop via exec \(port 5432 is not published\) in 12 ms/);
    assert.match(text, /NOTICE: table "x" does not exist, skipping/);
    assert.match(text, /ERROR 42601: syntax error at or near "selec" \(statement 2, position 1\)/);
    const json = JSON.parse(formatJson(result)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['transport', 'transportReason', 'database', 'results', 'notices', 'error', 'ms']);
    assert.deepEqual(json.error, { message: 'syntax error at or near "selec"', code: '42601', position: 1, statementIndex: 1 });
  });
});
