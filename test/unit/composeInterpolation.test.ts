import * as assert from 'node:assert/strict';
import { parseDotEnv } from '../../src/core/compose/dotenv';
import { interpolate, lookupIn } from '../../src/core/compose/interpolate';

describe('compose interpolation', () => {
  const vars = lookupIn({ USER: 'app', EMPTY: '', PORT: '5433' });
  const value = (s: string) => interpolate(s, vars).value;

  it('substitutes ${VAR} and $VAR, and $$ is a literal dollar', () => {
    assert.equal(value('postgres://${USER}@db:$PORT/x'), 'postgres://app@db:5433/x');
    assert.equal(value('price: $$5 and $${USER}'), 'price: $5 and ${USER}');
  });

  it('applies :- to unset or empty, - to unset only', () => {
    assert.equal(value('${MISSING:-d}|${EMPTY:-d}|${USER:-d}'), 'd|d|app');
    assert.equal(value('${MISSING-d}|${EMPTY-d}|${USER-d}'), 'd||app');
  });

  it('applies :+ and + alternatives and nested defaults', () => {
    assert.equal(value('${USER:+set}|${EMPTY:+set}|${EMPTY+set}|${MISSING+set}'), 'set||set|');
    assert.equal(value('${MISSING:-${USER}-${PORT:-1}}'), 'app-5433');
  });

  it('reports unset variables (Compose warns and uses a blank string)', () => {
    const r = interpolate('${NOPE}:$ALSO_NOPE', vars);
    assert.equal(r.value, ':');
    assert.deepEqual(r.unset, ['NOPE', 'ALSO_NOPE']);
    assert.deepEqual(r.errors, []);
  });

  it('turns ${VAR:?message} for a missing variable into an error with the message', () => {
    const r = interpolate('${EMPTY:?set EMPTY in .env}', vars);
    assert.equal(r.value, '');
    assert.match(r.errors[0], /"EMPTY" is missing a value: set EMPTY in \.env/);
    assert.deepEqual(interpolate('${EMPTY?x}', vars).errors, []);
  });

  it('reports malformed templates instead of throwing', () => {
    assert.match(interpolate('${USER', vars).errors[0], /missing "}"/);
    assert.match(interpolate('${1ABC}', vars).errors[0], /expected a variable name/);
    assert.match(interpolate('cost $ 5', vars).errors[0], /lone "\$"/);
    assert.match(interpolate('${USER!x}', vars).errors[0], /unexpected "!x"/);
  });

  it('never reads the process environment', () => {
    process.env.DOCKERDB_COMPOSE_SECRET = 'leak';
    try {
      assert.equal(interpolate('${DOCKERDB_COMPOSE_SECRET}', lookupIn({})).value, '');
    } finally {
      delete process.env.DOCKERDB_COMPOSE_SECRET;
    }
  });
});

describe('.env parsing', () => {
  it('reads comments, export, quotes, inline comments and empty values', () => {
    const text = [
      '\uFEFF# a comment',
      '',
      'export A=1',
      '  B = two words  ',
      'C="quoted # not a comment" # a comment',
      "D='single $A \\n literal'",
      'E=x # comment',
      'F=x#not-a-comment',
      'G=',
      'H',
      'I: colon-form',
      'J.K-L=dotted',
    ].join('\r\n');
    const r = parseDotEnv(text);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.values, {
      A: '1',
      B: 'two words',
      C: 'quoted # not a comment',
      D: 'single $A \\n literal',
      E: 'x',
      F: 'x#not-a-comment',
      G: '',
      H: null,
      I: 'colon-form',
      'J.K-L': 'dotted',
    });
    assert.equal(r.lines.C, 5);
  });

  it('handles escapes and multi-line values in double quotes', () => {
    const r = parseDotEnv('KEY="line1\nline2"\nESC="a\\tb\\nc \\"q\\" \\$HOME"\nAFTER=ok\n');
    assert.equal(r.values.KEY, 'line1\nline2');
    assert.equal(r.values.ESC, 'a\tb\nc "q" $HOME');
    assert.equal(r.values.AFTER, 'ok');
    assert.equal(r.lines.AFTER, 4);
  });

  it('interpolates from earlier keys and the given lookup, not inside single quotes', () => {
    const r = parseDotEnv('HOST=db\nURL=postgres://${HOST}:${PORT:-5432}\nLIT=\'${HOST}\'\nFROM_OUTSIDE=$OUTSIDE\n', lookupIn({ OUTSIDE: 'given' }));
    assert.deepEqual(r.values, { HOST: 'db', URL: 'postgres://db:5432', LIT: '${HOST}', FROM_OUTSIDE: 'given' });
  });

  it('reports bad lines with their line number and keeps the rest', () => {
    const r = parseDotEnv('GOOD=1\n=nokey\nnot a pair\nOPEN="never closed\nLAST=2\n');
    assert.equal(r.values.GOOD, '1');
    assert.deepEqual(
      r.issues.map((i) => i.line),
      [2, 3, 4],
    );
    assert.match(r.issues[2].message, /never closed/);
  });
});
