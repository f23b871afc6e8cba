/**
 * Idempotency review of an Alembic revision file (Python), read statically: op.* calls inside
 * upgrade() that fail when the upgrade runs again, and SQL passed to op.execute() as a plain literal.
 */
import { lintSqlText, type RawFinding } from './idempotencySql';

/** The source with comments and string contents blanked (same length, newlines kept, quotes kept). */
export function maskPython(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '#') {
      const nl = src.indexOf('\n', i);
      const end = nl < 0 ? src.length : nl;
      blank(i, end);
      i = end;
    } else if (ch === '"' || ch === "'") {
      const end = stringEnd(src, i);
      const q = src.startsWith(ch.repeat(3), i) ? 3 : 1;
      blank(i + q, Math.max(i + q, end - q));
      i = end;
    } else i++;
  }
  return out.join('');
}

/** Index just past the string literal whose opening quote is at `i`. */
function stringEnd(src: string, i: number): number {
  const ch = src[i];
  const triple = src.startsWith(ch.repeat(3), i);
  const close = triple ? ch.repeat(3) : ch;
  let j = i + close.length;
  while (j < src.length) {
    if (src[j] === '\\') j += 2;
    else if (src.startsWith(close, j)) return j + close.length;
    else if (!triple && src[j] === '\n') return j;
    else j++;
  }
  return src.length;
}

/** Index of the parenthesis closing the one at `open`, in masked text. */
function closingParen(masked: string, open: number): number {
  let depth = 0;
  for (let j = open; j < masked.length; j++) {
    if (masked[j] === '(') depth++;
    else if (masked[j] === ')' && --depth === 0) return j;
  }
  return masked.length;
}

/** [start, end) of the body of `def upgrade(...)`, or undefined. */
function upgradeBody(masked: string): [number, number] | undefined {
  const def = /^(?:async[ \t]+)?def[ \t]+upgrade[ \t]*\(/m.exec(masked);
  if (!def) return undefined;
  const close = closingParen(masked, def.index + def[0].length - 1);
  const nl = masked.indexOf('\n', close);
  if (nl < 0) return [masked.length, masked.length];
  const next = /^[^\s]/m.exec(masked.slice(nl + 1));
  return [nl + 1, next ? nl + 1 + next.index : masked.length];
}

interface OpRule {
  flag: string;
  rule: string;
  why: string;
}

const OPS: Readonly<Record<string, OpRule>> = {
  create_index: { flag: 'if_not_exists', rule: 'alembic-create-index-without-if-not-exists', why: 'the index already exists' },
  create_table: { flag: 'if_not_exists', rule: 'alembic-create-table-without-if-not-exists', why: 'the table already exists' },
  add_column: { flag: 'if_not_exists', rule: 'alembic-add-column-without-if-not-exists', why: 'the column already exists' },
  drop_index: { flag: 'if_exists', rule: 'alembic-drop-index-without-if-exists', why: 'the index is already gone' },
  drop_table: { flag: 'if_exists', rule: 'alembic-drop-table-without-if-exists', why: 'the table is already gone' },
  drop_column: { flag: 'if_exists', rule: 'alembic-drop-column-without-if-exists', why: 'the column is already gone' },
};

/** SQL findings of `op.execute("...")` or `op.execute(sa.text("..."))` with one plain (non-f) string literal, offsets into the file. */
function lintExecuteLiteral(src: string, open: number, close: number): RawFinding[] {
  const m = /^\(\s*((?:sa\.|sqlalchemy\.)?text\(\s*)?(?:[rRuU]?)("""|'''|"|')/.exec(src.slice(open, close + 1));
  if (!m) return [];
  const quote = m[2];
  const bodyStart = open + m.index + m[0].length;
  const end = stringEnd(src, bodyStart - quote.length);
  const tail = m[1] ? /^\s*,?\s*\)\s*,?\s*\)$/ : /^\s*,?\s*\)$/;
  if (!tail.test(src.slice(end, close + 1))) return [];
  const sql = src.slice(bodyStart, end - quote.length);
  return lintSqlText(sql).map((f) => ({ ...f, offset: bodyStart + f.offset }));
}

export function lintAlembicUpgrade(src: string): RawFinding[] {
  const masked = maskPython(src);
  const body = upgradeBody(masked);
  if (!body) return [];
  const region = masked.slice(body[0], body[1]);
  const out: RawFinding[] = [];
  const call = /\bop[ \t]*\.[ \t]*([a-z_]+)[ \t]*\(/g;
  for (let m = call.exec(region); m; m = call.exec(region)) {
    const offset = body[0] + m.index;
    const open = offset + m[0].length - 1;
    const close = closingParen(masked, open);
    if (m[1] === 'execute') {
      out.push(...lintExecuteLiteral(src, open, close));
      continue;
    }
    const op = OPS[m[1]];
    if (!op || new RegExp(`\\b${op.flag}\\s*=\\s*True\\b`).test(masked.slice(open, close))) continue;
    out.push({ offset, rule: op.rule, message: `op.${m[1]}() without ${op.flag}=True fails when the upgrade runs again, because ${op.why}. Pass ${op.flag}=True (supported by recent Alembic versions).` });
  }
  return out;
}
