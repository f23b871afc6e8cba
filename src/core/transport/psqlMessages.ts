/**
 * psql's stderr as the exec transport reads it: server errors and notices with their fields
 * (VERBOSITY verbose), psql's own complaints, and the position a syntax error's "LINE n: …" cursor
 * display points at in the statement.
 */

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

/**
 * Why `docker exec … psql` failed before running anything, when the reason is not a login error:
 * `no-psql` when the image has no psql binary; `server-not-ready` when psql ran but the server's
 * socket is missing or refuses (the container is starting, restarting or being recreated).
 * psql's own "No such file or directory" about the socket must not read as a missing psql.
 */
export function classifyExecStartFailure(exitCode: number | null, head: string): 'no-psql' | 'server-not-ready' | null {
  if (/connection to server on socket "[^"]*" failed: (No such file or directory|Connection refused)|the database system is (starting up|shutting down|in recovery mode)/i.test(head)) return 'server-not-ready';
  if (exitCode === 126 || exitCode === 127 || /executable file not found|exec: "?psql"?: .*no such file/i.test(head)) return 'no-psql';
  return null;
}
