/**
 * The workspace's own connection settings compared with the real container: reads `.env*`,
 * compose files (and the env_files they name) and `.vscode/settings.json`/`launch.json` in each
 * workspace folder, and reports every mismatch with file and line.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CheckResult } from '../../shared/diagnostics';
import { parseDotEnv } from '../compose/dotenv';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_FILE_NAMES } from '../compose/discover';
import { lookupIn } from '../compose/interpolate';
import { withTimeout } from '../util/timeout';
import { ActualDatabase, compareTarget } from './configCompare';
import { ConfigEntry, connectionTargets, entriesFromCompose, entriesFromDotEnv, entriesFromJson } from './configParse';

const MAX_BYTES = 1024 * 1024;
const TEMPLATE = /\.(example|sample|template|dist|tmpl)$/i;

async function readSmall(file: string): Promise<string | null> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > MAX_BYTES) return null;
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** Every connection setting in one workspace folder, with its file and line. */
export async function collectEntries(folder: string): Promise<{ entries: ConfigEntry[]; files: number }> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const envNames = names.filter((n) => /^\.env(\..+)?$/.test(n) && !TEMPLATE.test(n)).sort();
  const entries: ConfigEntry[] = [];
  let files = 0;
  let dotenv: Record<string, string | null> = {};
  for (const n of envNames) {
    const text = await readSmall(path.join(folder, n));
    if (text === null) continue;
    files++;
    entries.push(...entriesFromDotEnv(text, path.join(folder, n)));
    if (n === '.env') dotenv = parseDotEnv(text).values;
  }
  for (const n of [...COMPOSE_FILE_NAMES, ...COMPOSE_OVERRIDE_FILE_NAMES].filter((c) => names.includes(c))) {
    const file = path.join(folder, n);
    const text = await readSmall(file);
    if (text === null) continue;
    files++;
    const compose = entriesFromCompose(text, file, lookupIn(dotenv));
    entries.push(...compose.entries);
    for (const ref of compose.envFiles) {
      const envFile = path.resolve(folder, ref.path);
      const envText = await readSmall(envFile);
      if (envText === null) continue;
      files++;
      entries.push(...entriesFromDotEnv(envText, envFile, ref.service));
    }
  }
  for (const n of ['settings.json', 'launch.json']) {
    const file = path.join(folder, '.vscode', n);
    const text = await readSmall(file);
    if (text === null) continue;
    files++;
    entries.push(...entriesFromJson(text, file));
  }
  // The same env_file read for two services, or a .env also named as env_file: keep one entry per place.
  const seen = new Set<string>();
  const unique = entries.filter((e) => {
    const key = `${e.file}|${e.line}|${e.key}|${e.service ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { entries: unique, files };
}

export async function configChecks(folders: readonly string[], actual: ActualDatabase, timeoutMs: number): Promise<CheckResult[]> {
  const started = Date.now();
  const base = { layer: 'config' as const };
  if (folders.length === 0) return [{ id: 'config', title: 'Workspace connection settings', ...base, status: 'skip', ms: 0, detail: 'No workspace folder to read.' }];
  let collected: Array<{ folder: string; entries: ConfigEntry[]; files: number }>;
  try {
    collected = await withTimeout(Promise.all(folders.map(async (folder) => ({ folder, ...(await collectEntries(folder)) }))), timeoutMs, 'config');
  } catch {
    return [{ id: 'config', title: 'Workspace connection settings', ...base, status: 'skip', ms: Date.now() - started, detail: `Reading the workspace's settings took longer than ${timeoutMs} ms; not compared.` }];
  }
  const results: CheckResult[] = [];
  let targets = 0;
  for (const { folder, entries } of collected) {
    for (const t of connectionTargets(entries)) {
      targets++;
      for (const f of compareTarget(t, actual)) {
        const rel = path.relative(folder, f.entry.file) || f.entry.file;
        results.push({
          id: `config:${rel}:${f.entry.line}:${f.field}`,
          title: `${f.entry.key} in ${rel}:${f.entry.line}`,
          ...base,
          status: 'fail',
          ms: Date.now() - started,
          detail: f.detail,
          fix: f.fix,
          code: f.code,
          location: { file: f.entry.file, line: f.entry.line },
        });
      }
    }
  }
  if (results.length > 0) return results;
  const files = collected.reduce((n, c) => n + c.files, 0);
  const detail =
    targets > 0
      ? `${targets} connection setting(s) in the workspace (${files} file(s) read) agree with ${actual.name} or are about another database.`
      : `No connection settings for PostgreSQL (DATABASE_URL, PG*, DB_*, POSTGRES_*) in the workspace's .env, compose or .vscode files.`;
  return [{ id: 'config', title: 'Workspace connection settings', ...base, status: targets > 0 ? 'pass' : 'skip', ms: Date.now() - started, detail }];
}
