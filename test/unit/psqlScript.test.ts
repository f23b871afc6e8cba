import * as assert from 'node:assert/strict';
import { buildPsqlScript, cancelArgv, firstKeyword, isCopyWithClientIo, newRunTokens, psqlArgv, psqlEnv, RunTokens } from '../../src/core/transport/psqlScript';

const TOKENS: RunTokens = { marker: '#DDBm', nullMarker: 'Nnul', varPrefix: 'ddbv_' };

describe('psql script for the exec transport', () => {
  it('runs psql on the local socket with the SQL on stdin: argv holds no SQL, no password, no host', () => {
    assert.deepEqual(psqlArgv({ user: 'app', database: 'shop' }), ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--username=app', '--dbname=shop', '-f', '-']);
    // A database name psql would read as a connection string is passed as a quoted dbname instead.
    assert.deepEqual(psqlArgv({ user: 'u', database: "host=evil it's" }).slice(6, 7), ["--dbname=dbname='host=evil it\\'s'"]);
    assert.deepEqual(psqlArgv({ user: 'u', database: 'postgresql://x/y' }).slice(6, 7), ["--dbname=dbname='postgresql://x/y'"]);
  });

  it('puts the password only in the environment, with a UTF-8 client encoding', () => {
    assert.deepEqual(psqlEnv('s3cret'), { PGCLIENTENCODING: 'UTF8', LC_ALL: 'C', PGAPPNAME: 'docker-db', PGPASSWORD: 's3cret' });
    assert.equal('PGPASSWORD' in psqlEnv(null), false);
    assert.ok(!psqlArgv({ user: 'u', database: 'd' }).some((a) => a.includes('s3cret')));
  });

  it('cancels through a second psql with a validated integer pid', () => {
    assert.deepEqual(cancelArgv({ user: 'u', database: 'd' }, 123).slice(-2), ['-c', 'select pg_cancel_backend(123)']);
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => cancelArgv({ user: 'u', database: 'd' }, bad));
  });

  it('writes a preamble that sets csv output, the NULL marker, verbose errors and the backend pid', () => {
    const s = buildPsqlScript(['select 1'], TOKENS);
    assert.equal(
      s.preamble,
      [
        '\\echo #DDBm V :VERSION_NUM',
        '\\set VERBOSITY verbose',
        '\\set SHOW_CONTEXT errors',
        '\\pset pager off',
        '\\pset format csv',
        '\\pset null Nnul',
        'SELECT pg_backend_pid() AS pid \\gset ddbv_',
        '\\echo #DDBm P :ddbv_pid',
        '\\unset ddbv_pid',
        '\\set QUIET off',
        '',
      ].join('\n'),
    );
    assert.match(buildPsqlScript(['select 1'], TOKENS, { statementTimeoutMs: 1500.7 }).preamble, /\nSET statement_timeout = 1500;\n\\set QUIET off\n$/);
    assert.doesNotMatch(buildPsqlScript(['select 1'], TOKENS, { statementTimeoutMs: 0 }).preamble, /statement_timeout/);
    assert.match(buildPsqlScript(['select 1'], TOKENS, { statementTimeoutMs: 1e12 }).preamble, /SET statement_timeout = 2147483647;/);
  });

  it('describes, runs and closes each statement between control lines; the SQL is in the blocks only', () => {
    const s = buildPsqlScript(['select 1', "insert into t values ('a;b')\nreturning *"], TOKENS);
    assert.deepEqual(s.blocks, [
      '\\echo #DDBm D 0\nselect 1\n\\gdesc\n\\echo #DDBm R 0\n\\g\n\\echo #DDBm E 0 :ROW_COUNT\n',
      "\\echo #DDBm D 1\ninsert into t values ('a;b')\nreturning *\n\\gdesc\n\\echo #DDBm R 1\n\\g\n\\echo #DDBm E 1 :ROW_COUNT\n",
    ]);
    assert.equal(s.trailer, '\\echo #DDBm Z\n');
    assert.ok(!s.preamble.includes('select 1') && !s.trailer.includes('select'));
  });

  it("maps psql's script line numbers (in its error prefixes) to statements", () => {
    const s = buildPsqlScript(['select 1', 'select\n2', 'select 3'], TOKENS);
    const pre = s.preamble.split('\n').length - 1; // 10 lines
    assert.equal(s.statementAtLine(pre), null);
    assert.equal(s.statementAtLine(pre + 1), 0); // \echo D 0
    assert.equal(s.statementAtLine(pre + 3), 0); // \gdesc of statement 0
    assert.equal(s.statementAtLine(pre + 6), 0); // \echo E 0
    assert.equal(s.statementAtLine(pre + 7), 1);
    assert.equal(s.statementAtLine(pre + 13), 1); // statement 1 has two lines
    assert.equal(s.statementAtLine(pre + 14), 2);
    assert.equal(s.statementAtLine(pre + 19), 2);
    assert.equal(s.statementAtLine(pre + 20), null); // trailer
  });

  it('makes unguessable tokens per run', () => {
    const a = newRunTokens();
    const b = newRunTokens();
    assert.match(a.marker, /^#DDB[0-9a-f]{32}$/);
    assert.match(a.nullMarker, /^N[0-9a-f]{32}$/);
    assert.match(a.varPrefix, /^ddb[0-9a-f]{32}_$/);
    assert.notEqual(a.marker, b.marker);
    assert.notEqual(a.nullMarker, b.nullMarker);
  });

  it('recognises COPY through the client, which cannot run on a script read from stdin', () => {
    assert.equal(isCopyWithClientIo('COPY t FROM STDIN'), true);
    assert.equal(isCopyWithClientIo('copy (select 1) to stdout with (format csv)'), true);
    assert.equal(isCopyWithClientIo("copy t from '/tmp/x.csv'"), false);
    assert.equal(isCopyWithClientIo('select 1 from stdin'), false);
  });

  it('finds the first keyword past comments and parentheses', () => {
    assert.equal(firstKeyword('-- a\n/* b */ ((select 1))'), 'SELECT');
    assert.equal(firstKeyword('show all'), 'SHOW');
    assert.equal(firstKeyword(''), '');
  });
});
