import * as assert from 'node:assert/strict';
import { splitStatements, statementAt } from '../../src/core/sql/split';

const texts = (sql: string): string[] => splitStatements(sql).map((s) => s.text);

describe('SQL statement splitting (like psql)', () => {
  it('splits on semicolons and drops empty statements and comment-only parts', () => {
    assert.deepEqual(texts('select 1; select 2;;\n\n-- only a comment\n'), ['select 1', 'select 2']);
    assert.deepEqual(texts('  select 1  '), ['select 1']);
    assert.deepEqual(texts(''), []);
  });

  it('ignores semicolons in strings, identifiers, comments and dollar quotes', () => {
    assert.deepEqual(texts(`select 'a;b', "c;d" from t; select 2`), [`select 'a;b', "c;d" from t`, 'select 2']);
    assert.deepEqual(texts(`select 'it''s;'; select E'x\\';y'; select 3`), [`select 'it''s;'`, `select E'x\\';y'`, 'select 3']);
    assert.deepEqual(texts('select 1 /* a; /* nested; */ b; */ ; select 2 -- c;\n; select 3'), ['select 1', 'select 2', 'select 3']);
    const fn = `create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql`;
    assert.deepEqual(texts(`${fn}; select $$a;b$$; select $1`), [fn, 'select $$a;b$$', 'select $1']);
  });

  it('keeps SQL-standard function bodies (BEGIN ATOMIC … END) whole', () => {
    const fn = 'create or replace function g() returns int language sql begin atomic select 1; select case when true then 2 end; end';
    assert.deepEqual(texts(`${fn}; select 9`), [fn, 'select 9']);
    assert.deepEqual(texts('begin; select 1; commit'), ['begin', 'select 1', 'commit']);
  });

  it('drops leading comments from a statement and reports offsets into the input', () => {
    const sql = '-- header\nselect 1;\n/* x */ select  2 ;';
    const [a, b] = splitStatements(sql);
    assert.equal(a.text, 'select 1');
    assert.equal(sql.slice(a.start, a.end), 'select 1');
    assert.equal(a.terminator, a.end + 1);
    assert.equal(b.text, 'select  2');
    assert.equal(sql.slice(b.start, b.end), 'select  2');
  });

  it('handles unterminated quotes without hanging', () => {
    assert.deepEqual(texts("select 'oops; select 2"), ["select 'oops; select 2"]);
    assert.deepEqual(texts('select $$never closed; x'), ['select $$never closed; x']);
  });

  it('finds the statement under the cursor', () => {
    const sql = 'select 1;\nselect 2;\n\nselect 3';
    const st = splitStatements(sql);
    assert.equal(statementAt(st, 0)?.text, 'select 1');
    assert.equal(statementAt(st, sql.indexOf('2'))?.text, 'select 2');
    assert.equal(statementAt(st, sql.indexOf('\n\n') + 1)?.text, 'select 2');
    assert.equal(statementAt(st, sql.length)?.text, 'select 3');
  });
});
