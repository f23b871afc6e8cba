import * as assert from 'node:assert/strict';
import type { StatementResult } from '../../src/shared/results';
import { derivedTag, parsePsqlStderr, positionFromCursor, PsqlOutputParser } from '../../src/core/transport/psqlOutput';
import { tagRowCount } from '../../src/core/transport/types';

const MK = '#DDBmark0123';
const NUL = 'Nnull0123456789';

/** What the exec transport's script makes psql print, for a handful of statements. */
const OUTPUT = [
  `${MK} V 150018`,
  `${MK} P 4242`,
  `${MK} D 0`,
  'Column,Type',
  'id,integer',
  '"we,ird ""name""",text',
  `${MK} R 0`,
  'id,"we,ird ""name"""',
  '1,"a,b"',
  `2,${NUL}`,
  '3,',
  '4,"line1\nline2"',
  '5,tab\there',
  '6,😀 中文 é',
  '7,"""quoted"""',
  `8,"${NUL}"`,
  `9,${MK.slice(0, 5)}`,
  `${MK} E 0 9`,
  `${MK} D 1`,
  'The command has no result, or the result has no columns.',
  `${MK} R 1`,
  'CREATE TABLE',
  `${MK} E 1 0`,
  `${MK} D 2`,
  'Column,Type',
  'id,integer',
  `${MK} R 2`,
  'id',
  '1',
  '2',
  'INSERT 0 2',
  `${MK} E 2 2`,
  `${MK} D 3`,
  'The command has no result, or the result has no columns.',
  `${MK} R 3`,
  '',
  `${MK} E 3 2`,
  `${MK} D 4`,
  'Column,Type',
  'TimeZone,text',
  `${MK} R 4`,
  'TimeZone',
  'UTC',
  `${MK} E 4 0`,
  `${MK} Z`,
  '',
].join('\n');

const STATEMENTS = ['select …', 'create table t ()', 'insert into t … returning id', 'select from generate_series(1,2)', 'show timezone'];

const EXPECTED: StatementResult[] = [
  {
    command: 'SELECT 9',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'we,ird "name"', type: 'text' },
    ],
    rows: [['1', 'a,b'], ['2', null], ['3', ''], ['4', 'line1\nline2'], ['5', 'tab\there'], ['6', '😀 中文 é'], ['7', '"quoted"'], ['8', NUL], ['9', MK.slice(0, 5)]],
    rowCount: 9,
    truncated: false,
  },
  { command: 'CREATE TABLE', columns: [], rows: [], rowCount: null, truncated: false },
  { command: 'INSERT 0 2', columns: [{ name: 'id', type: 'integer' }], rows: [['1'], ['2']], rowCount: 2, truncated: false },
  { command: 'SELECT 2', columns: [], rows: [[], []], rowCount: 2, truncated: false },
  { command: 'SHOW', columns: [{ name: 'TimeZone', type: 'text' }], rows: [['UTC']], rowCount: 1, truncated: false },
];

function parse(chunks: Buffer[], rowLimit = 100, statements = STATEMENTS): PsqlOutputParser {
  const p = new PsqlOutputParser({ marker: MK, nullMarker: NUL, rowLimit, statements });
  for (const c of chunks) p.push(c);
  return p;
}

function bytewise(text: string): Buffer[] {
  const buf = Buffer.from(text, 'utf8');
  return Array.from(buf, (_, i) => buf.subarray(i, i + 1));
}

describe('psql output parser (exec transport)', () => {
  it('splits statements by the control lines and reads CSV: quotes, commas, newlines, tabs, unicode, NULL vs empty', () => {
    const p = parse([Buffer.from(OUTPUT)]);
    assert.deepEqual(p.results, EXPECTED);
    assert.equal(p.pid, 4242);
    assert.equal(p.psqlVersion, 150018);
    assert.equal(p.done, true);
  });

  it('gives the same result however the chunks fall, even one byte at a time (inside UTF-8 characters too)', () => {
    assert.deepEqual(parse(bytewise(OUTPUT)).results, EXPECTED);
    const buf = Buffer.from(OUTPUT);
    for (const size of [2, 3, 7, 13, 64]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
      assert.deepEqual(parse(chunks).results, EXPECTED, `chunks of ${size}`);
    }
  });

  it('tells the caller the pid and each finished statement as they stream', () => {
    const p = new PsqlOutputParser({ marker: MK, nullMarker: NUL, rowLimit: 10, statements: STATEMENTS });
    const events: string[] = [];
    p.onPid = (pid) => events.push(`pid ${pid}`);
    p.onStatementEnd = (i) => events.push(`end ${i} (${p.results.length} results)`);
    for (const c of bytewise(OUTPUT)) p.push(c);
    assert.deepEqual(events, ['pid 4242', 'end 0 (1 results)', 'end 1 (2 results)', 'end 2 (3 results)', 'end 3 (4 results)', 'end 4 (5 results)']);
  });

  it('keeps the first rowLimit rows, counts the rest and says it truncated', () => {
    const [first, , returning] = parse([Buffer.from(OUTPUT)], 2).results;
    assert.deepEqual(first.rows, [['1', 'a,b'], ['2', null]]);
    assert.equal(first.rowCount, 9);
    assert.equal(first.truncated, true);
    assert.equal(first.command, 'SELECT 9');
    // RETURNING: psql's status line after the rows is the command tag, never a row.
    const one = parse([Buffer.from(OUTPUT)], 1).results[2];
    assert.deepEqual(one, { ...returning, rows: [['1']], truncated: true });
    assert.deepEqual(parse([Buffer.from(OUTPUT)], 0).results[0].rows, []);
  });

  it('counts rows past the limit without building them, whatever their quoting', () => {
    const rows = ['1,a', '2,"b,\nc"', '3,c', '4,"d""e"', `5,${NUL}`];
    const text = [`${MK} D 0`, 'Column,Type', 'n,integer', 's,text', `${MK} R 0`, 'n,s', ...rows, `${MK} E 0 5`, ''].join('\n');
    for (const chunks of [[Buffer.from(text)], bytewise(text)]) {
      const r = parse(chunks, 1, ['select']).results[0];
      assert.deepEqual(r, { command: 'SELECT 5', columns: [{ name: 'n', type: 'integer' }, { name: 's', type: 'text' }], rows: [['1', 'a']], rowCount: 5, truncated: true });
    }
  });

  it('reports the statement cut by the output cap with the rows read so far', () => {
    const p = parse([Buffer.from(`${MK} D 0\nColumn,Type\nn,integer\n${MK} R 0\nn\n1\n2\n3`)], 10, ['SELECT n FROM t']);
    assert.deepEqual(p.results, []);
    assert.deepEqual(p.partial(), { command: 'SELECT', columns: [{ name: 'n', type: 'integer' }], rows: [['1'], ['2']], rowCount: null, truncated: true });
    assert.equal(p.done, false);
    assert.equal(p.current, 0);
  });

  it('takes the status line, not a notification psql prints after it, as the command tag', () => {
    const text = [`${MK} D 0`, 'The command has no result, or the result has no columns.', `${MK} R 0`, 'NOTIFY', 'Asynchronous notification "ch" with payload "p" received from server process with PID 12.', `${MK} E 0 0`, ''].join('\n');
    assert.deepEqual(parse([Buffer.from(text)], 10, ["notify ch, 'p'"]).results, [{ command: 'NOTIFY', columns: [], rows: [], rowCount: null, truncated: false }]);
  });

  it('names the command of row-returning statements, which psql does not print', () => {
    assert.equal(derivedTag('select 1', 1), 'SELECT 1');
    assert.equal(derivedTag('  /* c */ -- x\n (values (1), (2))', 2), 'SELECT 2');
    assert.equal(derivedTag('with x as (select 1) select * from x', 1), 'SELECT 1');
    assert.equal(derivedTag('table t', 0), 'SELECT 0');
    assert.equal(derivedTag('fetch 3 from c', 3), 'FETCH 3');
    assert.equal(derivedTag('show all', 0), 'SHOW');
    assert.equal(derivedTag('EXPLAIN select 1', 0), 'EXPLAIN');
    assert.equal(derivedTag('call p(1)', 0), 'CALL');
    assert.equal(tagRowCount('INSERT 0 3'), 3);
    assert.equal(tagRowCount('MOVE 2'), 2);
    assert.equal(tagRowCount('CREATE TABLE'), null);
  });
});

describe('psql stderr parser (exec transport)', () => {
  it('reads errors with SQLSTATE, the syntax cursor, DETAIL and HINT, and notices', () => {
    const stderr = [
      'psql:<stdin>:14: NOTICE:  00000: table "nope" does not exist, skipping',
      'LOCATION:  DropErrorMsgNonExistent, tablecmds.c:1310',
      'psql:<stdin>:20: WARNING:  01000: multi',
      'line',
      'DETAIL:  some detail',
      'HINT:  a hint',
      'LOCATION:  exec_stmt_raise, pl_exec.c:3891',
      'psql:<stdin>:26: ERROR:  42601: syntax error at or near "frm"',
      'LINE 2:   2 frm x',
      '            ^',
      'LOCATION:  scanner_yyerror, scan.l:1188',
      '',
    ].join('\n');
    assert.deepEqual(parsePsqlStderr(stderr), [
      { line: 14, severity: 'NOTICE', code: '00000', message: 'table "nope" does not exist, skipping' },
      { line: 20, severity: 'WARNING', code: '01000', message: 'multi\nline', detail: 'some detail', hint: 'a hint' },
      { line: 26, severity: 'ERROR', code: '42601', message: 'syntax error at or near "frm"', cursor: { line: 2, shown: '  2 frm x', caret: 12 } },
    ]);
  });

  it("reads psql's own errors: a failed login, a lost server", () => {
    const login = 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  role "nobody" does not exist\n';
    assert.deepEqual(parsePsqlStderr(login), [
      { line: null, severity: null, code: null, message: 'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  role "nobody" does not exist' },
    ]);
    const lost = 'psql:<stdin>:9: FATAL:  57P01: terminating connection due to administrator command\npsql:<stdin>:9: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n';
    const [fatal, closed] = parsePsqlStderr(lost);
    assert.equal(fatal.severity, 'FATAL');
    assert.equal(fatal.code, '57P01');
    assert.equal(closed.severity, null);
    assert.match(closed.message, /^server closed the connection unexpectedly\n\tThis probably/);
  });
});

describe('error position from psql\'s "LINE n:" display', () => {
  // Displays printed by psql 15 (captured); positions as the server reports them to node-postgres.
  const cases: Array<[string, string, number]> = [
    ['select 1,\n  2 frm x y z', 'LINE 2:   2 frm x y z\n                ^', 19],
    ['select 1,\t2,\t3 x y', 'LINE 1: select 1, 2, 3 x y\n                         ^', 18],
    ["select 'x' ||", "LINE 1: select 'x' ||\n                     ^", 14],
    ['selec 1', 'LINE 1: selec 1\n        ^', 1],
    [
      "select 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' x y where 1=1",
      "LINE 1: ...bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' x y where 1=...\n                                                             ^",
      163,
    ],
    [
      "select 'ééé😀😀中文中文中文', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' x y",
      "LINE 1: ...xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' x y\n                                                                      ^",
      105,
    ],
    [
      "select 1 where nocol = 1 and 'a' = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'",
      "LINE 1: select 1 where nocol = 1 and 'a' = 'bbbbbbbbbbbbbbbbbbbbbbbb...\n                       ^",
      16,
    ],
    [
      "select\n  1 from t where x = 'y' and b = 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' and nocol = 2",
      "LINE 2:   1 from t where x = 'y' and b = 'cccccccccccccccccccccccccc...\n                         ^",
      25,
    ],
  ];
  for (const [statement, display, position] of cases) {
    it(`finds ${position} in ${JSON.stringify(statement.slice(0, 24))}…`, () => {
      const [cursorLine, caretLine] = display.split('\n');
      const m = /^LINE (\d+): (.*)$/.exec(cursorLine);
      assert.ok(m);
      const cursor = { line: Number(m[1]), shown: m[2], caret: caretLine.length - 1 };
      assert.equal(positionFromCursor(statement, cursor), position);
    });
  }

  it('finds a position far into a very long line (cut on both sides)', () => {
    const statement = `select 1 where 'a' = '${'b'.repeat(100000)}' and nocol = 1`;
    const cursor = { line: 1, shown: `...${'b'.repeat(45)}' and nocol = 1`, caret: 'LINE 1: '.length + 3 + 45 + 6 };
    assert.equal(positionFromCursor(statement, cursor), 100029);
  });

  it('gives no position when the display is not of this statement (e.g. a function body)', () => {
    assert.equal(positionFromCursor('select f()', { line: 1, shown: 'SELECT 1/0 FROM x', caret: 12 }), null);
    assert.equal(positionFromCursor('select 1', { line: 3, shown: 'select 1', caret: 8 }), null);
  });
});
