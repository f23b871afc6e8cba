/**
 * Idempotency review of SQL migration text: statements that fail (or duplicate objects) when they
 * run a second time. Comments, string literals and dollar-quoted bodies (DO blocks, function bodies)
 * are ignored; only a statement's own leading keywords (and its ALTER TABLE actions) are judged.
 */
import { splitStatements, tokens } from '../sql/split';

/** A finding before its offset is turned into a line and column. */
export interface RawFinding {
  offset: number;
  rule: string;
  message: string;
}

interface Tok {
  kind: 'word' | 'other' | 'semicolon' | 'comment';
  /** Lower-cased for words; the raw text otherwise. */
  text: string;
  /** Offset in the whole file. */
  start: number;
}

/** Maps offsets to 1-based line and column (UTF-16 units, as editors count). */
export function positionFinder(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

const IF_NOT_EXISTS_KINDS = new Set(['table', 'index', 'schema', 'sequence', 'extension', 'materialized view', 'foreign table']);
const OR_REPLACE_KINDS = new Set(['view', 'function', 'procedure', 'trigger', 'rule']);
const NEVER_IDEMPOTENT_KINDS = new Set(['type', 'domain']);
const CREATE_MODIFIERS = new Set(['or', 'replace', 'unique', 'global', 'local', 'unlogged', 'recursive', 'constraint', 'temporary', 'temp']);
const DROP_KIND_WORDS = new Set([
  'table', 'index', 'view', 'materialized', 'schema', 'sequence', 'type', 'domain', 'function', 'procedure', 'routine',
  'aggregate', 'extension', 'trigger', 'rule', 'policy', 'foreign', 'data', 'wrapper', 'server', 'role', 'user', 'group',
  'database', 'tablespace', 'collation', 'conversion', 'cast', 'operator', 'class', 'family', 'text', 'search',
  'configuration', 'dictionary', 'parser', 'template', 'event', 'publication', 'subscription', 'statistics', 'transform',
  'language', 'procedural', 'access', 'method', 'mapping', 'concurrently',
]);
const CONSTRAINT_STARTS = new Set(['constraint', 'primary', 'unique', 'check', 'foreign', 'exclude']);

const slug = (kind: string): string => kind.replace(/ /g, '-');
const upper = (kind: string): string => kind.toUpperCase();

function statementTokens(start: number, text: string): Tok[] {
  const out: Tok[] = [];
  for (const t of tokens(text)) {
    if (t.kind === 'comment') continue;
    const raw = text.slice(t.start, t.end);
    out.push({ kind: t.kind, text: t.kind === 'word' ? raw.toLowerCase() : raw, start: start + t.start });
  }
  return out;
}

/** True when the words at `i` are exactly `seq` (all word tokens). */
function wordsAt(toks: readonly Tok[], i: number, seq: readonly string[]): boolean {
  return seq.every((w, k) => toks[i + k]?.kind === 'word' && toks[i + k].text === w);
}

/**
 * Objects the file already dropped with IF EXISTS (`index:i`, `constraint:t.c`, `column:t.x`): a
 * later CREATE / ADD of the same name is the idiomatic drop-and-recreate, which re-runs fine.
 */
type Dropped = Set<string>;

/** The object name at `i` (a word or a "quoted" identifier; the last part when schema-qualified) and the index after it. */
function nameAt(toks: readonly Tok[], i: number): { name: string; next: number } | undefined {
  const part = (t: Tok | undefined): string | undefined =>
    t?.kind === 'word' ? t.text : t?.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : undefined;
  let name = part(toks[i]);
  if (name === undefined) return undefined;
  let j = i + 1;
  for (let p = part(toks[j + 1]); toks[j]?.text === '.' && p !== undefined; p = part(toks[j + 1])) {
    name = p;
    j += 2;
  }
  return { name, next: j };
}

/** Every name of a comma-separated list starting at `i` (DROP TABLE IF EXISTS a, b CASCADE). */
function namesFrom(toks: readonly Tok[], i: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let expectName = true;
  for (let j = i; j < toks.length; j++) {
    const t = toks[j].text;
    if (expectName) {
      const n = nameAt(toks, j);
      if (n) out.push(n.name);
      expectName = false;
    }
    if (t === '(') depth++;
    else if (t === ')') depth = Math.max(0, depth - 1);
    else if (t === ',' && depth === 0) expectName = true;
  }
  return out;
}

function lintCreate(toks: readonly Tok[], dropped: Dropped): RawFinding[] {
  let i = 1;
  const seen = new Set<string>();
  while (toks[i]?.kind === 'word' && CREATE_MODIFIERS.has(toks[i].text)) seen.add(toks[i++].text);
  if (seen.has('temporary') || seen.has('temp') || seen.has('constraint')) return [];
  let kind = toks[i]?.kind === 'word' ? toks[i].text : '';
  if ((kind === 'materialized' && wordsAt(toks, i + 1, ['view'])) || (kind === 'foreign' && wordsAt(toks, i + 1, ['table']))) {
    kind = `${kind} ${toks[++i].text}`;
  }
  if (kind === 'index' && wordsAt(toks, i + 1, ['concurrently'])) i++;
  const offset = toks[0].start;
  const what = `CREATE ${upper(kind)}`;
  const name = nameAt(toks, i + 1)?.name;
  if (name !== undefined && dropped.has(`${kind}:${name}`)) return [];
  if (IF_NOT_EXISTS_KINDS.has(kind)) {
    if (wordsAt(toks, i + 1, ['if', 'not', 'exists'])) return [];
    if (kind === 'index' && wordsAt(toks, i + 1, ['on'])) {
      return [{ offset, rule: 'create-index-without-if-not-exists', message: 'CREATE INDEX without a name creates one more duplicate index every time the migration runs again. Give the index a name and write CREATE INDEX IF NOT EXISTS <name>.' }];
    }
    return [{ offset, rule: `create-${slug(kind)}-without-if-not-exists`, message: `${what} without IF NOT EXISTS fails when the migration runs again, because the ${kind} already exists. Write ${what} IF NOT EXISTS.` }];
  }
  if (OR_REPLACE_KINDS.has(kind) && !seen.has('replace')) {
    return [{ offset, rule: `create-${slug(kind)}-without-or-replace`, message: `${what} without OR REPLACE fails when the migration runs again, because the ${kind} already exists. Write CREATE OR REPLACE ${upper(kind)}.` }];
  }
  if (NEVER_IDEMPOTENT_KINDS.has(kind)) {
    return [{ offset, rule: `create-${kind}-not-idempotent`, message: `${what} fails when the migration runs again, because the ${kind} already exists and PostgreSQL has no ${what} IF NOT EXISTS. Guard it in a DO block that checks the catalog or catches duplicate_object.` }];
  }
  return [];
}

function lintDrop(toks: readonly Tok[], dropped: Dropped): RawFinding[] {
  let i = 1;
  const kindWords: string[] = [];
  while (toks[i]?.kind === 'word' && DROP_KIND_WORDS.has(toks[i].text) && kindWords.length < 4) kindWords.push(toks[i++].text);
  const kind = kindWords.filter((w) => w !== 'concurrently').join(' ');
  if (!kind) return [];
  if (wordsAt(toks, i, ['if', 'exists'])) {
    for (const name of namesFrom(toks, i + 2)) dropped.add(`${kind}:${name}`);
    return [];
  }
  const what = `DROP ${upper(kind)}`;
  return [{ offset: toks[0].start, rule: `drop-${slug(kind)}-without-if-exists`, message: `${what} without IF EXISTS fails when the migration runs again, because the ${kind} is already gone. Write ${what} IF EXISTS.` }];
}

/** Index of the first token after `ALTER TABLE [IF EXISTS] [ONLY] name [*]`. */
function afterAlterTableName(toks: readonly Tok[]): number {
  let i = 2;
  if (wordsAt(toks, i, ['if', 'exists'])) i += 2;
  if (wordsAt(toks, i, ['only'])) i++;
  i++;
  while (toks[i]?.text === '.' && toks[i + 1]) i += 2;
  if (toks[i]?.text === '*') i++;
  return i;
}

/** ALTER TABLE actions separated by top-level commas, as token index ranges. */
function alterActions(toks: readonly Tok[], from: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < toks.length; i++) {
    const t = toks[i].text;
    if (t === '(') depth++;
    else if (t === ')') depth = Math.max(0, depth - 1);
    else if (t === ',' && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, toks.length]);
  return out;
}

function lintAlterAction(toks: readonly Tok[], i: number, table: string, dropped: Dropped): RawFinding[] {
  const verb = toks[i];
  if (verb?.kind !== 'word') return [];
  const offset = verb.start;
  const next = toks[i + 1]?.kind === 'word' ? toks[i + 1].text : '';
  const recreated = (what: string, at: number): boolean => dropped.has(`${what}:${table}.${nameAt(toks, at)?.name ?? ''}`);
  if (verb.text === 'add') {
    if (CONSTRAINT_STARTS.has(next)) {
      if (next === 'constraint' && recreated('constraint', i + 2)) return [];
      return [{ offset, rule: 'add-constraint-not-idempotent', message: 'ADD CONSTRAINT fails when the migration runs again, because the constraint already exists and PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS. Drop it first with DROP CONSTRAINT IF EXISTS, or guard it in a DO block.' }];
    }
    const j = next === 'column' ? i + 2 : i + 1;
    if (wordsAt(toks, j, ['if', 'not', 'exists']) || recreated('column', j)) return [];
    return [{ offset, rule: 'add-column-without-if-not-exists', message: 'ADD COLUMN without IF NOT EXISTS fails when the migration runs again, because the column already exists. Write ADD COLUMN IF NOT EXISTS.' }];
  }
  if (verb.text === 'drop') {
    const isConstraint = next === 'constraint';
    const j = next === 'column' || isConstraint ? i + 2 : i + 1;
    const what = isConstraint ? 'constraint' : 'column';
    if (wordsAt(toks, j, ['if', 'exists'])) {
      dropped.add(`${what}:${table}.${nameAt(toks, j + 2)?.name ?? ''}`);
      return [];
    }
    return [{ offset, rule: `drop-${what}-without-if-exists`, message: `DROP ${upper(what)} without IF EXISTS fails when the migration runs again, because the ${what} is already gone. Write DROP ${upper(what)} IF EXISTS.` }];
  }
  if (verb.text === 'rename') {
    return [{ offset, rule: 'rename-not-idempotent', message: 'RENAME fails when the migration runs again, because the old name no longer exists. Guard it in a DO block that checks the catalog first.' }];
  }
  return [];
}

function lintAlterTable(toks: readonly Tok[], dropped: Dropped): RawFinding[] {
  if (wordsAt(toks, 2, ['all', 'in'])) return [];
  const at = afterAlterTableName(toks);
  const table = nameAt(toks, at - 1 - (toks[at - 1]?.text === '*' ? 1 : 0))?.name ?? '';
  return alterActions(toks, at).flatMap(([from]) => lintAlterAction(toks, from, table, dropped));
}

/** Findings of one SQL text, offsets into `text`. */
export function lintSqlText(text: string): RawFinding[] {
  // psql meta-commands (\connect, \set …) end at the line's end, not at a semicolon: blank them (same length).
  const sql = text.replace(/^[ \t]*\\[A-Za-z!?].*$/gm, (line) => ' '.repeat(line.length));
  const out: RawFinding[] = [];
  const dropped: Dropped = new Set();
  for (const st of splitStatements(sql)) {
    const toks = statementTokens(st.start, st.text);
    if (toks[0]?.kind !== 'word') continue;
    const verb = toks[0].text;
    if (verb === 'create') out.push(...lintCreate(toks, dropped));
    else if (verb === 'drop') out.push(...lintDrop(toks, dropped));
    else if (verb === 'alter' && wordsAt(toks, 1, ['table'])) out.push(...lintAlterTable(toks, dropped));
  }
  return out;
}
