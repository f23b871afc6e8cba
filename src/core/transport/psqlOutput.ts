/**
 * Parses what the exec transport's psql script (psqlScript.ts) prints on stdout, as it streams:
 * CSV (RFC 4180 quoting, as psql's csv format writes it) split into statements by the per-run
 * control lines. Each chunk is decoded once and cut with native searches; a field or line cut by
 * a chunk's end waits in `pending`, so chunks may fall anywhere (even inside a UTF-8 character).
 */
import { StringDecoder } from 'node:string_decoder';
import type { ResultColumn, StatementResult } from '../../shared/results';
import { firstKeyword } from './psqlScript';

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
    const s = this.carry + this.decoder.write(chunk);
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
          const c = s.charCodeAt(i);
          if (this.counting && this.fields.length === 0 && c !== mark.charCodeAt(0)) {
            // A whole line with no quote and a comma is a record of several fields: count, skip.
            if (this.nl < i) this.nl = indexOr(s, '\n', i, n);
            if (this.quote < i) this.quote = indexOr(s, '"', i, n);
            if (this.comma < i) this.comma = indexOr(s, ',', i, n);
            if (this.nl < n && this.quote > this.nl && this.comma < this.nl) {
              this.seen++;
              this.last = SKIPPED;
              i = this.nl + 1;
              break;
            }
          }
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
    } else if (kind === 'E') {
      this.section = 'none';
      this.counting = false;
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

const COUNTED = /^(?:INSERT \d+|SELECT|UPDATE|DELETE|MERGE|FETCH|MOVE|COPY) (\d+)$/;

function indexOr(s: string, ch: string, from: number, none: number): number {
  const at = s.indexOf(ch, from);
  return at < 0 ? none : at;
}

/** The row count a command tag carries ("INSERT 0 3" → 3, "UPDATE 2" → 2, "CREATE TABLE" → null); as the direct transport counts. */
export function tagRowCount(tag: string): number | null {
  const m = COUNTED.exec(tag);
  return m ? Number(m[1]) : null;
}

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

/** One message psql printed on stderr: a server error or notice, or psql's own complaint. */
export interface PsqlMessage {
  /** Script line psql was running (its "psql:<stdin>:N:" prefix); null when it gave none. */
  line: number | null;
  /** ERROR, FATAL, WARNING, NOTICE, INFO, LOG, DEBUG; null for psql's own messages. */
  severity: string | null;
  code: string | null;
  message: string;
  detail?: string;
  hint?: string;
  query?: string;
  /** psql's syntax-cursor display: "LINE n: <shown>" and the caret's column on the next line. */
  cursor?: { line: number; shown: string; caret: number };
}

const ENTRY = /^psql:(?:<stdin>:(\d+):)? (.*)$/;
const SERVER = /^(ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|LOG|DEBUG\d?):  (?:([0-9A-Z]{5}): )?(.*)$/;
const FIELD = /^(DETAIL|HINT|QUERY|CONTEXT|LOCATION|SCHEMA NAME|TABLE NAME|COLUMN NAME|DATATYPE NAME|CONSTRAINT NAME):  (.*)$/;
const CURSOR = /^LINE (\d+): (.*)$/;

/** Parses psql's stderr with VERBOSITY verbose (psql ≥ 10 layout; messages untranslated, LC_ALL=C). */
export function parsePsqlStderr(text: string): PsqlMessage[] {
  const out: PsqlMessage[] = [];
  const lines = text.split('\n');
  let msg: PsqlMessage | null = null;
  let field: 'message' | 'detail' | 'hint' | 'query' | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const entry = ENTRY.exec(l);
    if (entry || !msg) {
      if (!entry && l === '') continue;
      const rest = entry ? entry[2] : l;
      const s = SERVER.exec(rest);
      const own = /^error: ([\s\S]*)$/.exec(rest);
      msg = { line: entry?.[1] ? Number(entry[1]) : null, severity: s ? s[1] : null, code: s?.[2] ?? null, message: s ? s[3] : own ? own[1] : rest };
      out.push(msg);
      field = 'message';
      continue;
    }
    const f = FIELD.exec(l);
    const c = CURSOR.exec(l);
    if (f) {
      const key = f[1].toLowerCase();
      field = key === 'detail' || key === 'hint' || key === 'query' ? key : null;
      if (field) msg[field] = f[2];
    } else if (c && !msg.cursor && i + 1 < lines.length && /^ *\^$/.test(lines[i + 1])) {
      msg.cursor = { line: Number(c[1]), shown: c[2], caret: lines[i + 1].length - 1 };
      i++;
      field = null;
    } else if (field && (l !== '' || i + 1 < lines.length)) {
      msg[field] = `${msg[field] ?? ''}\n${l}`;
    }
  }
  return out;
}

/** Display width libpq gives a code point (pg_utf_dsplen, with ≤ 0 counted as 1): 2 for East Asian wide. */
const WIDE = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe, 0x2614, 0x2615,
  0x2648, 0x2653, 0x267f, 0x267f, 0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce,
  0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b,
  0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf,
  0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55, 0x2e80, 0x303e, 0x3041, 0x3247, 0x3250, 0x4dbf, 0x4e00, 0xa4c6, 0xa960, 0xa97c,
  0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe6b, 0xff01, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16ff1, 0x17000, 0x18d08,
  0x1aff0, 0x1b2fb, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a, 0x1f200, 0x1f265, 0x1f300, 0x1f320,
  0x1f32d, 0x1f335, 0x1f337, 0x1f37c, 0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4,
  0x1f3f8, 0x1f43e, 0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a,
  0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d7,
  0x1f6dd, 0x1f6df, 0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7e0, 0x1f7f0, 0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff,
  0x1fa70, 0x1faf6, 0x20000, 0x2fffd, 0x30000, 0x3fffd,
];

function width(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x1100) return 1;
  for (let k = 0; k < WIDE.length; k += 2) if (cp >= WIDE[k] && cp <= WIDE[k + 1]) return 2;
  return 1;
}

const DISPLAY_SIZE = 60;
const MIN_RIGHT_CUT = 10;

/** libpq's reportErrorPosition for one line: what it shows and where the caret goes (after "LINE n: "). */
function display(chars: string[], scr: number[], loc: number): { shown: string; caret: number } {
  let ibeg = 0;
  let iend = chars.length;
  let beg = false;
  let end = false;
  if (scr[iend] - scr[ibeg] > DISPLAY_SIZE) {
    if (scr[ibeg] + DISPLAY_SIZE >= scr[loc] + MIN_RIGHT_CUT) {
      while (scr[iend] - scr[ibeg] > DISPLAY_SIZE) iend--;
      end = true;
    } else {
      while (scr[loc] + MIN_RIGHT_CUT < scr[iend]) {
        iend--;
        end = true;
      }
      while (scr[iend] - scr[ibeg] > DISPLAY_SIZE) {
        ibeg++;
        beg = true;
      }
    }
  }
  const shown = `${beg ? '...' : ''}${chars.slice(ibeg, iend).join('')}${end ? '...' : ''}`;
  return { shown, caret: (beg ? 3 : 0) + scr[loc] - scr[ibeg] };
}

/**
 * The 1-based character position in `statement` that psql's "LINE n: …" display and caret point
 * at, found by inverting libpq's display (long lines are cut to 60 columns with "..."). Null when
 * the display does not belong to `statement` (e.g. it shows a function's internal query).
 */
export function positionFromCursor(statement: string, cursor: { line: number; shown: string; caret: number }): number | null {
  const cps = Array.from(statement);
  let start = 0;
  let line = 1;
  for (let k = 0; k < cps.length && line <= cursor.line; k++) {
    const c = cps[k];
    if (c !== '\r' && c !== '\n') continue;
    if (c === '\r' || k === 0 || cps[k - 1] !== '\r') {
      if (line === cursor.line) break;
      line++;
    }
    start = k + 1;
  }
  if (line !== cursor.line) return null;
  let stop = start;
  while (stop < cps.length && cps[stop] !== '\r' && cps[stop] !== '\n') stop++;
  const chars = cps.slice(start, stop).map((c) => (c === '\t' ? ' ' : c));
  const scr = [0];
  for (const c of chars) scr.push(scr[scr.length - 1] + width(c));
  const target = cursor.caret - `LINE ${cursor.line}: `.length;
  const text = chars.join('');
  const firsts = new Set<number>([0]);
  if (cursor.shown.startsWith('...')) {
    const body = cursor.shown.slice(3);
    for (const probe of [body.endsWith('...') ? body.slice(0, -3) : null, body]) {
      for (let at = probe ? text.indexOf(probe) : -1, n = 0; at >= 0 && n < 64; at = text.indexOf(probe as string, at + 1), n++) {
        firsts.add(Array.from(text.slice(0, at)).length);
      }
    }
  }
  for (const ibeg of firsts) {
    const lead = ibeg === 0 ? 0 : 3; // a cut line starts with "..."
    let k = ibeg;
    while (k < chars.length && scr[k] - scr[ibeg] + lead < target) k++;
    if (scr[k] - scr[ibeg] + lead !== target) continue;
    const shown = display(chars, scr, k);
    if (shown.shown === cursor.shown && shown.caret === target) return start + k + 1;
  }
  return null;
}
