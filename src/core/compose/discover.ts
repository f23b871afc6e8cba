/**
 * Finds compose projects under workspace folders: one project per directory, the base file Compose would pick
 * there plus its override file. Bounded in depth, directories visited and projects found; skips node_modules,
 * .git and other hidden directories, and follows symlinked directories only once (no loops).
 */
import type { Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** In Compose's order of preference (the first one present wins). */
export const COMPOSE_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const COMPOSE_OVERRIDE_FILE_NAMES: readonly string[] = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

export interface DiscoverOptions {
  /** Directory levels below each folder to search; 0 = the folder itself only. Default 3. */
  maxDepth?: number;
  /** Stop after this many projects. Default 50. */
  maxProjects?: number;
  /** Stop after visiting this many directories. Default 5000. */
  maxDirectories?: number;
  signal?: AbortSignal;
}

export interface DiscoveredProject {
  /** Absolute project directory. */
  dir: string;
  /** Absolute paths: the base file, then the override file when there is one. */
  files: string[];
  /** Other compose files in the same directory that Compose ignores (it warns about them), by name. */
  ignored: string[];
}

export interface DiscoveryResult {
  projects: DiscoveredProject[];
  /** A bound was reached: there may be more projects. */
  truncated: boolean;
}

/** The files Compose would use in a directory, given the names it holds. */
export function pickComposeFiles(dir: string, names: readonly string[]): DiscoveredProject | undefined {
  const present = new Set(names);
  const bases = COMPOSE_FILE_NAMES.filter((n) => present.has(n));
  if (bases.length === 0) return undefined;
  const overrides = COMPOSE_OVERRIDE_FILE_NAMES.filter((n) => present.has(n));
  const files = [bases[0], ...overrides.slice(0, 1)].map((n) => path.join(dir, n));
  return { dir, files, ignored: [...bases.slice(1), ...overrides.slice(1)] };
}

async function isFile(dir: string, entry: Dirent): Promise<boolean> {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  return fs.stat(path.join(dir, entry.name)).then((s) => s.isFile(), () => false);
}

async function isDirectory(dir: string, entry: Dirent): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  return fs.stat(path.join(dir, entry.name)).then((s) => s.isDirectory(), () => false);
}

/** Breadth-first search of `folders`; shallow projects come first. Never throws on unreadable directories. */
export async function discoverComposeProjects(folders: readonly string[], options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const maxDepth = options.maxDepth ?? 3;
  const maxProjects = options.maxProjects ?? 50;
  const maxDirectories = options.maxDirectories ?? 5000;
  const projects: DiscoveredProject[] = [];
  const visited = new Set<string>();
  const queue: Array<{ dir: string; depth: number }> = folders.map((f) => ({ dir: path.resolve(f), depth: 0 }));
  let truncated = false;
  let visits = 0;

  while (queue.length > 0) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('Compose file discovery was cancelled.');
    if (projects.length >= maxProjects || visits >= maxDirectories) {
      truncated = true;
      break;
    }
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    const real = await fs.realpath(dir).catch(() => undefined);
    if (!real || visited.has(real)) continue;
    visited.add(real);
    visits++;
    let entries: Dirent[];
    try {
      entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      continue;
    }
    const fileNames: string[] = [];
    for (const e of entries) {
      if ((COMPOSE_FILE_NAMES.includes(e.name) || COMPOSE_OVERRIDE_FILE_NAMES.includes(e.name)) && (await isFile(dir, e))) fileNames.push(e.name);
    }
    const project = pickComposeFiles(dir, fileNames);
    if (project) projects.push(project);
    if (depth >= maxDepth) continue;
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      if (visits + queue.length >= maxDirectories) {
        truncated = true;
        break;
      }
      if (await isDirectory(dir, e)) queue.push({ dir: path.join(dir, e.name), depth: depth + 1 });
    }
  }
  return { projects, truncated };
}
