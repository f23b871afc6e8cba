/**
 * Parses what the exec transport's psql script (psqlScript.ts) prints on stdout, as it streams:
 * CSV (RFC 4180 quoting, as psql's csv format writes it) split into statements by the per-run
 * control lines. Each chunk is decoded once and cut with native searches: whole lines with no
 * quote (nearly all of them) are split at their commas into records sized by the \gdesc column
 * count, or only counted past the row limit; a state machine reads the rest. A field or line cut
 * by a chunk's end waits in `pending`, so chunks may fall anywhere (even inside a UTF-8 character).
 */
import { StringDecoder } from 'node:string_decoder';
import type { ResultColumn, StatementResult } from '../../shared/results';
import { firstKeyword } from './psqlScript';

export { parsePsqlStderr, positionFromCursor } from './psqlMessages';
export type { PsqlMessage } from './psqlMessages';

const COMMA = 0x2c;
const QUOTE = 0x22;
const NL = 0x0a;

const enum St {
  FieldStart,
  Unquoted,
  Quoted,
  AfterQuote,
  MarkerLine,
}

type Row = Array<string | null>;
const SKIPPED: Row = [null, null];

export interface PsqlOutputOptions {
  marker: string;
  nullMarker: string;
  /** Rows kept per statement; the rest are counted. */
  rowLimit: number;
  /** Statement texts, to name the command when psql prints no status line (SELECT-like results). */
  statements: readonly string[];
}

/** psql prints these after the rows of INSERT/UPDATE/DELETE/MERGE … RETURNING. */
const RETURNING_STATUS = /^(?:INSERT \d+ \d+|UPDATE \d+|DELETE \d+|MERGE \d+)$/;

export class PsqlOutputParser {
  readonly results: StatementResult[] = [];
  /** psql's VERSION_NUM (e.g. 150018), once printed; NaN when psql has no such variable (before 10). */
  psqlVersion: number | null = null;
  /** Backend pid of psql's session, once printed. */
  pid: number | null = null;
  /** Statement psql is working on (-1 before the first). */
  current = -1;
  /** The done marker was read: every statement completed. */
  done = false;
  /** Called when the backend pid is read. */
  onPid?: (pid: number) => void;
  /** Called when statement `index` completed (its result is the last of `results`). */
  onStatementEnd?: (index: number) => void;

  /** UTF-8 characters split between chunks wait here. */
  private readonly decoder = new StringDecoder('utf8');
  private st = St.FieldStart;
  /** Text of the current field (or control line) from earlier chunks or before an escaped quote. */
  private pending = '';
  /** The start of a line that may be a control line cut by the chunk's end. */
  private carry = '';
  /** Positions of the next "\n" and "," in the current chunk (native search, reused while ahead). */
  private nl = -1;
  private comma = -1;
  private quote = -1;
  private fields: Row = [];
  /** Fields of the current statement's rows (from \gdesc), to size each record once; 0 when unknown. */
  private width = 0;
  /** Rows past the limit are counted, not built (except one-field lines: a status line is one). */
  private counting = false;
  private section: 'none' | 'describe' | 'rows' = 'none';
  private desc: Row[] = [];
  private header: Row | null = null;
  private expectHeader = false;
  private rows: Row[] = [];
  private seen = 0;
  private first: Row | null = null;
  private last: Row | null = null;

  constructor(private readonly opts: PsqlOutputOptions) {}

  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    const s = this.carry === '' ? text : this.carry + text;
    this.carry = '';
    this.nl = -1;
    this.comma = -1;
    this.quote = -1;
    const n = s.length;
    const mark = this.opts.marker;
    let i = 0;
    while (i < n) {
      switch (this.st) {
        case St.FieldStart: {
          if (this.fields.length === 0 && this.pending === '') {
            i = this.lines(s, i, n);
            if (i === n) return;
          }
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.st = St.Quoted;
            i++;
          } else if (this.fields.length === 0 && c === mark.charCodeAt(0) && this.pending === '') {
            if (n - i < mark.length && mark.startsWith(s.slice(i))) {
              this.carry = s.slice(i); // maybe a control line: decide with the next chunk
              return;
            }
            if (s.startsWith(mark, i)) {
              this.st = St.MarkerLine;
              i += mark.length;
            } else this.st = St.Unquoted;
          } else this.st = St.Unquoted;
          break;
        }
        case St.Unquoted: {
          if (this.nl < i) this.nl = indexOr(s, '\n', i, n);
          if (this.comma < i) this.comma = indexOr(s, ',', i, n);
          const end = this.comma < this.nl ? this.comma : this.nl;
          if (end === n) {
            this.pending += s.slice(i);
            return;
          }
          const text = this.pending === '' ? s.slice(i, end) : this.pending + s.slice(i, end);
          this.pending = '';
          this.fields.push(text.length === this.opts.nullMarker.length && text === this.opts.nullMarker ? null : text);
          i = this.endSep(s.charCodeAt(end), end);
          break;
        }
        case St.Quoted: {
          const q = s.indexOf('"', i);
          if (q < 0 || q + 1 === n) {
            this.pending += s.slice(i, q < 0 ? n : q);
            if (q >= 0) this.st = St.AfterQuote;
            return;
          }
          if (s.charCodeAt(q + 1) === QUOTE) {
            this.pending += s.slice(i, q + 1); // a doubled quote is one literal quote
            i = q + 2;
          } else {
            this.fields.push(this.pending + s.slice(i, q));
            this.pending = '';
            i = this.endSep(s.charCodeAt(q + 1), q + 1);
          }
          break;
        }
        case St.AfterQuote: {
          if (s.charCodeAt(i) === QUOTE) {
            this.pending += '"';
            this.st = St.Quoted;
            i++;
          } else {
            this.fields.push(this.pending);
            this.pending = '';
            i = this.endSep(s.charCodeAt(i), i);
          }
          break;
        }
        case St.MarkerLine: {
          const nl = s.indexOf('\n', i);
          if (nl < 0) {
            this.pending += s.slice(i);
            return;
          }
          const line = this.pending + s.slice(i, nl);
          this.pending = '';
          this.st = St.FieldStart;
          i = nl + 1;
          this.control(line.trim().split(' '));
          break;
        }
      }
    }
  }

  /**
   * The fast path, at the start of a record: every complete line with no quote in it is a control
   * line or a record whose fields are the text between commas. Returns where it stopped: the end
   * of `s`, a line cut by the chunk's end, or a line with a quote (the state machine reads those).
   */
  private lines(s: string, i: number, n: number): number {
    const mark = this.opts.marker;
    const mark0 = mark.charCodeAt(0);
    const nullMarker = this.opts.nullMarker;
    const nullLength = nullMarker.length;
    let comma = this.comma;
    let quote = this.quote;
    while (i < n) {
      const nl = s.indexOf('\n', i);
      if (nl < 0) break;
      if (s.charCodeAt(i) === mark0 && s.startsWith(mark, i)) {
        this.control(s.slice(i + mark.length, nl).trim().split(' '));
        i = nl + 1;
        continue;
      }
      if (quote < i) quote = indexOr(s, '"', i, n);
      if (quote < nl) break;
      if (comma < i) comma = indexOr(s, ',', i, n);
      if (this.counting && comma < nl) {
        // Past the row limit, a record of several fields is only counted.
        this.seen++;
        this.last = SKIPPED;
        i = nl + 1;
        continue;
      }
      const rec: Row = this.width > 0 ? new Array<string | null>(this.width) : [];
      let k = 0;
      for (;;) {
        const end = comma < nl ? comma : nl;
        rec[k++] = end - i === nullLength && s.startsWith(nullMarker, i) ? null : s.slice(i, end);
        i = end + 1;
        if (end === nl) break;
        comma = s.indexOf(',', i);
        if (comma < 0) comma = n;
      }
      if (k !== rec.length) rec.length = k;
      this.record(rec);
    }
    this.comma = comma;
    this.quote = quote;
    return i;
  }

  /** The statement whose output was cut (by the output cap): its rows so far, `truncated` set. */
  partial(): StatementResult | null {
    if (this.section !== 'rows' || this.current < 0) return null;
    const columns = this.columns();
    const keyword = firstKeyword(this.opts.statements[this.current] ?? '');
    return { command: keyword || 'SELECT', columns, rows: columns.length > 0 ? this.rows : [], rowCount: null, truncated: true };
  }

  /** After a field ends at separator `c` (index j): the next field, or the end of the record. */
  private endSep(c: number, j: number): number {
    this.st = St.FieldStart;
    if (c === NL) {
      const rec = this.fields;
      this.fields = [];
      this.record(rec);
    } else if (c !== COMMA) {
      this.st = St.Unquoted; // malformed (text after a closing quote): keep it as more field text
      return j;
    }
    return j + 1;
  }

  private record(rec: Row): void {
    if (this.section === 'describe') this.desc.push(rec);
    else if (this.section === 'rows') {
      if (this.expectHeader) {
        this.header = rec;
        this.expectHeader = false;
        return;
      }
      if (this.seen++ === 0) this.first = rec;
      if (this.rows.length < this.opts.rowLimit) this.rows.push(rec);
      else this.counting = true;
      this.last = rec;
    }
  }

  private control(words: string[]): void {
    const [kind, a, b] = words;
    const index = Number(a);
    if (kind === 'V') this.psqlVersion = Number(a);
    else if (kind === 'P') {
      const pid = Number(a);
      if (Number.isSafeInteger(pid) && pid > 0) {
        this.pid = pid;
        this.onPid?.(pid);
      }
    } else if (kind === 'D') {
      this.current = index;
      this.section = 'describe';
      this.width = 0;
      this.desc = [];
      this.header = null;
      this.rows = [];
      this.seen = 0;
      this.first = null;
      this.last = null;
    } else if (kind === 'R') {
      this.section = 'rows';
      this.counting = false;
      this.expectHeader = this.desc.length > 1;
      this.width = this.desc.length - 1;
    } else if (kind === 'E') {
      this.section = 'none';
      this.counting = false;
      this.width = 0;
      this.results.push(this.finish(index, Number(b) || 0));
      this.onStatementEnd?.(index);
    } else if (kind === 'Z') this.done = true;
  }

  /** Names from the result's header, types from \gdesc (psql's format_type of each column). */
  private columns(): ResultColumn[] {
    const described = this.desc.slice(1);
    const names = this.header && this.header.length === described.length ? this.header : described.map((r) => r[0]);
    return described.map((r, i) => ({ name: names[i] ?? '', type: r[1] ?? '' }));
  }

  private finish(index: number, rowCountVar: number): StatementResult {
    const columns = this.columns();
    const text = this.opts.statements[index] ?? '';
    const last = this.last;
    const lastText = last && last.length === 1 ? last[0] : null;
    if (columns.length > 0) {
      let rows = this.rows;
      let seen = this.seen;
      let command: string | null = null;
      if (lastText !== null && seen === rowCountVar + 1 && RETURNING_STATUS.test(lastText)) {
        command = lastText;
        seen--;
        if (rows.length > seen) rows = rows.slice(0, seen);
      }
      return { command: command ?? derivedTag(text, rowCountVar), columns, rows, rowCount: seen, truncated: seen > rows.length };
    }
    // No columns: psql's status line (then any "Asynchronous notification …" lines), or the empty
    // line of a zero-column result.
    const status = this.first && this.first.length === 1 ? this.first[0] : null;
    if (status) return { command: status, columns, rows: [], rowCount: tagRowCount(status), truncated: false };
    const rows = Array.from({ length: Math.min(rowCountVar, this.opts.rowLimit) }, (): Row => []);
    return { command: derivedTag(text, rowCountVar), columns, rows, rowCount: rowCountVar, truncated: rowCountVar > rows.length };
  }
}


function indexOr(s: string, ch: string, from: number, none: number): number {
  const at = s.indexOf(ch, from);
  return at < 0 ? none : at;
}

import { tagRowCount } from './types';

/**
 * The command tag of a row-returning statement, which psql does not print: SELECT, VALUES, TABLE,
 * WITH … SELECT and EXECUTE report "SELECT n"; FETCH "FETCH n"; SHOW, EXPLAIN and CALL report
 * their bare name. `n` is psql's ROW_COUNT, which psql takes from the server's tag.
 */
export function derivedTag(statement: string, rowCount: number): string {
  const kw = firstKeyword(statement);
  if (kw === 'SHOW' || kw === 'EXPLAIN' || kw === 'CALL') return kw;
  if (kw === 'FETCH') return `FETCH ${rowCount}`;
  return `SELECT ${rowCount}`;
}
