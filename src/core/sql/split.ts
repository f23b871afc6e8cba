/**
 * Splits SQL text into statements the way psql does: semicolons outside quotes, dollar quotes,
 * comments and SQL-standard function bodies (BEGIN ATOMIC … END) end a statement.
 */

export interface SqlStatement {
  /** The statement without its semicolon, leading comments and surrounding whitespace. */
  text: string;
  /** Offset of `text` in the input. */
  start: number;
  /** Offset just past `text` in the input. */
  end: number;
  /** Offset just past the terminating semicolon, or `end` when there is none. */
  terminator: number;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Index just past a quoted section that starts at `i` with `quote`; handles doubled quotes and E'' escapes. */
function skipQuoted(sql: string, i: number, quote: string, backslashEscapes: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    const ch = sql[j];
    if (backslashEscapes && ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return sql.length;
}

function skipBlockComment(sql: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < sql.length) {
    if (sql.startsWith('/*', j)) {
      depth++;
      j += 2;
    } else if (sql.startsWith('*/', j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return sql.length;
}

/** A dollar-quote opening tag at `i` ("$$" or "$tag$"), or undefined. */
function dollarTag(sql: string, i: number): string | undefined {
  const m = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
  return m ? m[0] : undefined;
}

export interface Token {
  kind: 'word' | 'other' | 'comment' | 'semicolon';
  start: number;
  end: number;
}

/** Lexical tokens of SQL text: words, comments, semicolons, and everything else (quoted text, dollar quotes, punctuation) as `other`. */
export function* tokens(sql: string): Generator<Token> {
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
      yield { kind: 'comment', start, end: i };
    } else if (ch === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
      yield { kind: 'comment', start, end: i };
    } else if (ch === ';') {
      i++;
      yield { kind: 'semicolon', start, end: i };
    } else if (ch === "'") {
      i = skipQuoted(sql, i, "'", false);
      yield { kind: 'other', start, end: i };
    } else if (ch === '"') {
      i = skipQuoted(sql, i, '"', false);
      yield { kind: 'other', start, end: i };
    } else if ((ch === 'E' || ch === 'e') && sql[i + 1] === "'") {
      i = skipQuoted(sql, i + 1, "'", true);
      yield { kind: 'other', start, end: i };
    } else if (ch === '$' && dollarTag(sql, i) !== undefined) {
      const tag = dollarTag(sql, i) as string;
      const close = sql.indexOf(tag, i + tag.length);
      i = close < 0 ? sql.length : close + tag.length;
      yield { kind: 'other', start, end: i };
    } else if (IDENT_START.test(ch)) {
      i++;
      while (i < sql.length && IDENT_CHAR.test(sql[i])) i++;
      yield { kind: 'word', start, end: i };
    } else {
      i++;
      yield { kind: 'other', start, end: i };
    }
  }
}

export function splitStatements(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let first = -1;
  let last = -1;
  let words: string[] = [];
  let beginDepth = 0;
  const flush = (terminator: number): void => {
    if (first >= 0) out.push({ text: sql.slice(first, last), start: first, end: last, terminator: Math.max(terminator, last) });
    first = -1;
    last = -1;
    words = [];
    beginDepth = 0;
  };
  for (const t of tokens(sql)) {
    if (t.kind === 'comment') continue;
    if (t.kind === 'semicolon' && beginDepth === 0) {
      flush(t.end);
      continue;
    }
    if (first < 0) first = t.start;
    last = t.end;
    if (t.kind === 'word') {
      const w = sql.slice(t.start, t.end).toLowerCase();
      if (words.length < 6) words.push(w);
      // Inside CREATE [OR REPLACE] FUNCTION/PROCEDURE, BEGIN … END (and CASE … END) nest, as in psql.
      const routine = words[0] === 'create' && (words.includes('function') || words.includes('procedure'));
      if (routine && (w === 'begin' || w === 'case')) beginDepth++;
      else if (routine && w === 'end' && beginDepth > 0) beginDepth--;
    }
  }
  flush(sql.length);
  return out;
}

/**
 * The statement at a cursor offset: the one whose text or terminator contains it; else the closest
 * statement before it; else the first one after it.
 */
export function statementAt(statements: readonly SqlStatement[], offset: number): SqlStatement | undefined {
  const containing = statements.find((s) => offset >= s.start && offset <= s.terminator);
  if (containing) return containing;
  const before = statements.filter((s) => s.terminator <= offset);
  return before[before.length - 1] ?? statements.find((s) => s.start >= offset);
}
