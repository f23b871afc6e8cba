/**
 * Where a query error points in the SQL that was sent: the failing statement (its index among the
 * statements {@link splitStatements} finds) and the server's 1-based character position in it.
 * PostgreSQL counts characters (code points), JavaScript strings count UTF-16 units: astral
 * characters before the position are counted once.
 */
import { splitStatements } from './split';

export interface ErrorPointer {
  statementIndex: number | null;
  position: number | null;
}

/** Offset in `sql` of the error's position (the statement's start when the server gave no position), or null when unknown. */
export function errorOffset(sql: string, error: ErrorPointer): number | null {
  if (error.statementIndex === null) return null;
  const st = splitStatements(sql)[error.statementIndex];
  if (!st) return null;
  if (error.position === null || error.position < 1) return st.start;
  let offset = st.start;
  for (let n = 1; n < error.position && offset < st.end; n++) {
    const code = sql.codePointAt(offset) ?? 0;
    offset += code > 0xffff ? 2 : 1;
  }
  return Math.min(offset, st.end);
}
