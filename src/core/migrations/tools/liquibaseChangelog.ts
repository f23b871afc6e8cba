/**
 * Reading Liquibase changelogs from the workspace: formatted SQL changelogs (`--liquibase formatted
 * sql`, `--changeset author:id`) with their 9: checksums, and the changeSet ids of XML and YAML
 * changelogs (no checksums: Liquibase computes those from its own serialization). A master changelog's
 * `include` / `includeAll` (XML or YAML) are followed.
 */
import * as path from 'node:path';
import type { LocalMigration, ReadFileSystem } from '../adapter';
import { liquibaseChangesetChecksum, liquibaseSqlChecksum } from '../checksums/liquibase';
import { readText } from '../toolKit';
import { scanTree } from './scanTree';

const FORMATTED = /^\s*--\s*liquibase\s+formatted/i;
const CHANGESET = /^\s*--\s*changeset\s+("[^"]+"|[^:]+):\s*("[^"]+"|\S+)(.*)$/i;
/** Directive lines that are not part of a changeset's SQL (AbstractFormattedChangeLogParser.configureChangeSet). */
const DIRECTIVE = /^\s*--\s*(?:rollback\b|comment:?\s|validCheckSum:?\s|preconditions?\b|precondition-|property\s|ignoreLines:)/i;
const MAX_CHANGELOGS = 2000;

export interface ChangelogContext {
  fs: ReadFileSystem;
  /** The search-path root: FILENAME is stored relative to it. */
  searchRoot: string;
  notes: string[];
  seen: Set<string>;
  out: LocalMigration[];
}

const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1');
const posix = (p: string): string => p.split(path.sep).join('/');

/** FILENAME as Liquibase stores it: relative to the search path, `/` separators, no classpath: prefix. */
export function normalizeChangelogPath(p: string): string {
  return p.replace(/^classpath\*?:/, '').replace(/\\/g, '/').replace(/^\.?\/+/, '');
}

function attr(line: string, name: string): string | undefined {
  return new RegExp(`\\b${name}:(\\S+)`, 'i').exec(line)?.[1];
}

/** `--ignoreLines:start` … `--ignoreLines:end` and `--ignoreLines:<n>`: lines Liquibase skips entirely. */
function ignoreLinesFilter(): (line: string) => boolean {
  let block = false;
  let count = 0;
  return (line) => {
    const directive = /^\s*--\s*ignoreLines:(\w+)/i.exec(line)?.[1]?.toLowerCase();
    if (block) {
      if (directive === 'end') block = false;
      return true;
    }
    if (count > 0) {
      count--;
      return true;
    }
    if (directive === 'start') block = true;
    else if (directive !== undefined && /^\d+$/.test(directive)) count = Number(directive);
    return directive !== undefined;
  };
}

/** Changesets of a formatted SQL changelog, with their MD5SUM recomputed (version 9). */
export function parseFormattedSql(file: string, text: string, filename: string): LocalMigration[] {
  const lines = text.split(/\r\n|\r|\n/);
  const logical = attr(lines.find((l) => FORMATTED.test(l)) ?? '', 'logicalFilePath');
  const out: LocalMigration[] = [];
  // `review` keeps every line after the header (directives blanked) so review findings keep their line numbers.
  let current: { m: LocalMigration; body: string[]; review: string[]; skip: boolean; inRollback: boolean } | undefined;
  const finish = (): void => {
    if (!current) return;
    (current.m.extra as Record<string, unknown>).review = current.review.join('\n');
    const sql = current.body.join('\n');
    if (!sql.includes('${')) current.m.checksum = liquibaseChangesetChecksum([liquibaseSqlChecksum(sql)]);
    if (!current.skip) out.push(current.m);
  };
  const ignored = ignoreLinesFilter();
  lines.forEach((line, i) => {
    if (ignored(line)) {
      current?.review.push('');
      return;
    }
    const cs = CHANGESET.exec(line);
    if (cs) {
      finish();
      const author = unquote(cs[1].trim());
      const id = unquote(cs[2]);
      const dbms = attr(cs[3], 'dbms');
      const fname = normalizeChangelogPath(attr(cs[3], 'logicalFilePath') ?? logical ?? filename);
      const extra = { author, changesetId: id, filename: fname, runOnChange: /runOnChange:true/i.test(cs[3]), runAlways: /runAlways:true/i.test(cs[3]), validCheckSums: [] as string[] };
      current = { m: { id: `${fname}::${id}::${author}`, name: id, file, line: i + 1, extra }, body: [], review: [], skip: !!dbms && !/\b(postgresql|all)\b/i.test(dbms), inRollback: false };
      return;
    }
    if (!current) return;
    const isBody = !current.inRollback && !/^\s*\/\*\s*liquibase\s*rollback\s*$/i.test(line) && !DIRECTIVE.test(line);
    current.review.push(isBody ? line : '');
    if (current.inRollback) {
      if (/\*\/\s*$/.test(line)) current.inRollback = false;
      return;
    }
    if (/^\s*\/\*\s*liquibase\s*rollback\s*$/i.test(line)) current.inRollback = true;
    else if (/^\s*--\s*validCheckSum:?\s/i.test(line)) (current.m.extra?.validCheckSums as string[]).push(line.replace(/^\s*--\s*validCheckSum:?\s*/i, '').trim());
    else if (!DIRECTIVE.test(line)) current.body.push(line);
  });
  finish();
  return out;
}

/** changeSet ids and authors of an XML or YAML changelog (no checksums). */
function parseStructured(file: string, text: string, filename: string): LocalMigration[] {
  const out: LocalMigration[] = [];
  const push = (id: string, author: string, offset: number): void => {
    const line = text.slice(0, offset).split('\n').length;
    out.push({ id: `${filename}::${id}::${author}`, name: id, file, line, extra: { author, changesetId: id, filename } });
  };
  if (/\.xml$/i.test(file)) {
    for (const m of text.matchAll(/<changeSet\b([^>]*)>/g)) {
      const id = /\bid\s*=\s*"([^"]*)"/.exec(m[1])?.[1];
      const author = /\bauthor\s*=\s*"([^"]*)"/.exec(m[1])?.[1];
      if (id !== undefined && author !== undefined) push(id, author, m.index ?? 0);
    }
  } else {
    for (const m of text.matchAll(/^([ \t]*)-\s*changeSet:[ \t]*\n((?:\1[ \t]+\S.*\n?)*)/gm)) {
      const block = m[2];
      const id = /^\s*id:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(block)?.[1];
      const author = /^\s*author:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(block)?.[1];
      if (id !== undefined && author !== undefined) push(id, author, m.index ?? 0);
    }
  }
  return out;
}

/** Included changelogs of an XML or YAML changelog, as absolute paths, in order. */
async function includes(ctx: ChangelogContext, file: string, text: string): Promise<string[]> {
  const out: string[] = [];
  const resolve = (target: string, relative: boolean): string => (relative ? path.resolve(path.dirname(file), target) : path.resolve(ctx.searchRoot, normalizeChangelogPath(target)));
  const xml = /\.xml$/i.test(file);
  const pattern = xml ? /<(?<kind>include|includeAll)\b(?<body>[^>]*)\/?>/g : /^(?<indent>[ \t]*)-\s*(?<kind>include|includeAll):[ \t]*\n(?<body>(?:\k<indent>[ \t]+\S.*\n?)*)/gm;
  for (const m of text.matchAll(pattern)) {
    const body = m.groups?.body ?? '';
    const target = (xml ? /\b(?:file|path)\s*=\s*"([^"]*)"/ : /^\s*(?:file|path):\s*["']?([^"'\n]+?)["']?\s*$/m).exec(body)?.[1];
    if (!target) continue;
    const relative = /relativeToChangelogFile["']?\s*[:=]\s*["']?true/i.test(body);
    const abs = resolve(target, relative);
    if (m.groups?.kind === 'include') out.push(abs);
    else out.push(...(await scanTree(ctx.fs, abs, (n) => /\.(sql|xml|ya?ml)$/i.test(n))));
  }
  return out;
}

/** Reads one changelog (and what it includes) into ctx.out. */
export async function readChangelog(ctx: ChangelogContext, file: string, depth = 0): Promise<void> {
  if (ctx.seen.has(file) || ctx.seen.size >= MAX_CHANGELOGS || depth > 20) return;
  ctx.seen.add(file);
  const text = await readText(ctx.fs, file, ctx.notes);
  if (text === null) return;
  const filename = posix(path.relative(ctx.searchRoot, file));
  if (/\.sql$/i.test(file)) {
    if (FORMATTED.test(text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '')) ctx.out.push(...parseFormattedSql(file, text, filename));
    return;
  }
  if (!/\.(xml|ya?ml)$/i.test(file)) return;
  ctx.out.push(...parseStructured(file, text, filename));
  for (const inc of await includes(ctx, file, text)) await readChangelog(ctx, inc, depth + 1);
}

/** True when the file is a formatted SQL changelog (first non-empty line). */
export async function isFormattedSql(fs: ReadFileSystem, file: string): Promise<boolean> {
  const text = await readText(fs, file, []);
  return text !== null && FORMATTED.test(text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '');
}
