/**
 * A compose project from its files: the .env beside the first file, each file read on its own (layer.ts),
 * overrides merged into the base the way Compose merges them, env_file values, the project name, and checks
 * that need the whole project (unknown dependencies, services with neither image nor build).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseDotEnv } from './dotenv';
import { lookupIn, VariableLookup } from './interpolate';
import { FileLayer, parseComposeFile, ServiceLayer } from './layer';
import type { ComposeIssue, ComposeProject, ComposeService } from './model';

/** Compose files larger than this are not read (a compose file is a few kilobytes). */
export const MAX_COMPOSE_FILE_BYTES = 2 * 1024 * 1024;

export interface ComposeSource {
  /** Absolute path. */
  file: string;
  text: string;
}

export interface ParseOptions {
  /** Variables that win over the .env file, as the shell's do for Compose. The process environment is never read. */
  env?: Record<string, string | undefined>;
  /** Text of the `.env` beside the first file; undefined when there is none. */
  dotEnv?: string;
  /** Text of env_file files by absolute path; a path that is missing here counts as a missing file. */
  envFiles?: Record<string, string>;
  /** Project directory; default: the directory of the first file. */
  workingDir?: string;
}

/** Compose's rule for a name taken from a directory: lowercase, only [a-z0-9_-], starting with a letter or digit. */
export function normaliseProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export function isValidProjectName(name: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*$/.test(name);
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Merges an override's declaration of a service into the base one, following Compose's merge rules. */
export function mergeServiceLayer(base: ServiceLayer, over: ServiceLayer): ServiceLayer {
  const merged: ServiceLayer = {
    ...base,
    ports: uniqueBy([...base.ports, ...over.ports], (p) => JSON.stringify(p)),
    dependsOn: [...base.dependsOn.filter((d) => !over.dependsOn.some((o) => o.service === d.service)), ...over.dependsOn],
    profiles: [...new Set([...base.profiles, ...over.profiles])],
    labels: { ...base.labels, ...over.labels },
    environment: { ...base.environment, ...over.environment },
    envFiles: uniqueBy([...base.envFiles, ...over.envFiles], (r) => r.path),
  };
  if (over.image !== undefined) merged.image = over.image;
  if (over.containerName !== undefined) merged.containerName = over.containerName;
  if (over.build) merged.build = true;
  if (over.healthcheck) {
    const test = over.healthcheck.test.length > 0 ? over.healthcheck.test : (base.healthcheck?.test ?? []);
    merged.healthcheck = { ...base.healthcheck, ...over.healthcheck, test };
  }
  return merged;
}

function mergeLayers(layers: FileLayer[]): ServiceLayer[] {
  const byName = new Map<string, ServiceLayer>();
  for (const layer of layers) {
    for (const s of layer.services) {
      const existing = byName.get(s.name);
      byName.set(s.name, existing ? mergeServiceLayer(existing, s) : s);
    }
  }
  return [...byName.values()];
}

interface NameSources {
  env?: Record<string, string | undefined>;
  dotEnv: { file: string; values: Record<string, string | null>; lines: Record<string, number> };
}

/** Like Compose: COMPOSE_PROJECT_NAME (given environment, then .env), else the last `name:`, else the folder name. */
function projectName(layers: FileLayer[], workingDir: string, sources: NameSources, issues: ComposeIssue[]): string {
  const key = 'COMPOSE_PROJECT_NAME';
  const fromEnv = sources.env?.[key];
  const fromDotEnv = sources.dotEnv.values[key];
  const named = [...layers].reverse().find((l) => l.name !== undefined);
  let explicit: string | undefined;
  let where: { file: string; line: number } = { file: layers[0]?.file ?? workingDir, line: 0 };
  if (fromEnv) explicit = fromEnv;
  else if (fromDotEnv) {
    explicit = fromDotEnv;
    where = { file: sources.dotEnv.file, line: sources.dotEnv.lines[key] ?? 0 };
  } else if (named?.name) {
    explicit = named.name;
    where = { file: named.file, line: named.nameLine ?? 1 };
  }
  if (explicit) {
    if (isValidProjectName(explicit)) return explicit;
    issues.push({ ...where, message: `Project name "${explicit}" is not valid: Compose wants lowercase letters, digits, "_" and "-", starting with a letter or digit.`, severity: 'error' });
    const fixed = normaliseProjectName(explicit);
    if (fixed) return fixed;
  }
  const fromDir = normaliseProjectName(path.basename(workingDir));
  if (fromDir) return fromDir;
  issues.push({ file: layers[0]?.file ?? workingDir, line: 0, message: `The folder name "${path.basename(workingDir)}" gives no valid project name; set "name:" in the compose file.`, severity: 'error' });
  return 'default';
}

function finishService(s: ServiceLayer, options: ParseOptions, lookup: VariableLookup, issues: ComposeIssue[]): ComposeService {
  const fromFiles: Record<string, string | null> = {};
  for (const ref of s.envFiles) {
    const text = options.envFiles?.[ref.path];
    if (text === undefined) {
      if (ref.required) issues.push({ file: s.file, line: s.line, message: `Service "${s.name}": env_file ${ref.path} does not exist.`, severity: 'error' });
      continue;
    }
    const parsed = parseDotEnv(text, lookup);
    Object.assign(fromFiles, parsed.values);
    for (const i of parsed.issues) issues.push({ file: ref.path, ...i });
  }
  const service: ComposeService & { envFiles?: unknown } = { ...s, environment: { ...fromFiles, ...s.environment } };
  delete service.envFiles;
  return service;
}

function checkProject(services: ComposeService[], issues: ComposeIssue[]): void {
  const names = new Set(services.map((s) => s.name));
  for (const s of services) {
    if (!s.image && !s.build) {
      issues.push({ file: s.file, line: s.line, message: `Service "${s.name}" has neither "image" nor "build"; Compose will refuse the project.`, severity: 'error' });
    }
    for (const d of s.dependsOn) {
      if (d.required && !names.has(d.service)) {
        issues.push({ file: s.file, line: s.line, message: `Service "${s.name}" depends on "${d.service}", which this project does not define.`, severity: 'error' });
      }
    }
  }
}

interface Prepared {
  workingDir: string;
  lookup: VariableLookup;
  names: NameSources;
  layers: FileLayer[];
  services: ServiceLayer[];
  issues: ComposeIssue[];
}

function prepare(sources: ComposeSource[], options: ParseOptions): Prepared {
  const workingDir = options.workingDir ?? path.dirname(sources[0]?.file ?? '.');
  const issues: ComposeIssue[] = [];
  const dotEnv: NameSources['dotEnv'] = { file: path.join(workingDir, '.env'), values: {}, lines: {} };
  if (options.dotEnv !== undefined) {
    const parsed = parseDotEnv(options.dotEnv, lookupIn(options.env));
    Object.assign(dotEnv, { values: parsed.values, lines: parsed.lines });
    for (const i of parsed.issues) issues.push({ file: dotEnv.file, ...i });
  }
  const lookup = lookupIn(options.env, dotEnv.values);
  const layers = sources.map((s) => parseComposeFile(s.text, s.file, lookup));
  for (const l of layers) issues.push(...l.issues);
  return { workingDir, lookup, names: { env: options.env, dotEnv }, layers, services: mergeLayers(layers), issues };
}

function finish(p: Prepared, options: ParseOptions): ComposeProject {
  const issues = [...p.issues];
  const services = p.services.map((s) => finishService(s, options, p.lookup, issues));
  checkProject(services, issues);
  if (p.layers.length > 0 && services.length === 0 && !issues.some((i) => i.severity === 'error')) {
    issues.push({ file: p.layers[0].file, line: 1, message: 'The project declares no services.', severity: 'warning' });
  }
  const name = projectName(p.layers, p.workingDir, p.names, issues);
  return { name, workingDir: p.workingDir, files: p.layers.map((l) => l.file), services, errors: issues };
}

/** Parses a project from file texts (base first, then overrides). Pure: no file system, no process env. Never throws. */
export function parseComposeProject(sources: ComposeSource[], options: ParseOptions = {}): ComposeProject {
  return finish(prepare(sources, options), options);
}

async function readText(file: string): Promise<string | { error: string; missing: boolean }> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_COMPOSE_FILE_BYTES) return { error: `${file} is larger than ${MAX_COMPOSE_FILE_BYTES} bytes; Docker DB does not read it.`, missing: false };
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `Cannot read ${file}: ${code ?? (e as Error).message}.`, missing: code === 'ENOENT' };
  }
}

/** Reads and parses a project from disk. `files`: base first, then overrides. Never throws. */
export async function loadComposeProject(files: string[], options: Pick<ParseOptions, 'env'> = {}): Promise<ComposeProject> {
  const absolute = files.map((f) => path.resolve(f));
  const workingDir = path.dirname(absolute[0] ?? path.resolve('.'));
  const readIssues: ComposeIssue[] = [];
  const sources: ComposeSource[] = [];
  for (const file of absolute) {
    const text = await readText(file);
    if (typeof text === 'string') sources.push({ file, text });
    else readIssues.push({ file, line: 0, message: text.error, severity: 'error' });
  }
  const dotEnvPath = path.join(workingDir, '.env');
  const dotEnv = await readText(dotEnvPath);
  if (typeof dotEnv !== 'string' && !dotEnv.missing) readIssues.push({ file: dotEnvPath, line: 0, message: dotEnv.error, severity: 'warning' });
  const parseOptions: ParseOptions = { env: options.env, workingDir, dotEnv: typeof dotEnv === 'string' ? dotEnv : undefined, envFiles: {} };
  const prepared = prepare(sources, parseOptions);
  for (const file of new Set(prepared.services.flatMap((s) => s.envFiles.map((r) => r.path)))) {
    const text = await readText(file);
    if (typeof text === 'string') (parseOptions.envFiles as Record<string, string>)[file] = text;
  }
  const project = finish(prepared, parseOptions);
  return { ...project, files: absolute, errors: [...readIssues, ...project.errors] };
}
