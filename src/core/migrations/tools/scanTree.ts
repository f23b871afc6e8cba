/**
 * File helpers of the checksum tools' scans: a recursive listing for tools whose locations are
 * scanned recursively (Flyway, Liquibase includeAll), bounded in depth and in the number of folders
 * read, and bounded-parallel reads of many small files.
 */
import * as path from 'node:path';
import type { ReadFileSystem } from '../adapter';
import { compareText } from '../toolKit';

const MAX_DEPTH = 6;
const MAX_FOLDERS = 500;
const SKIP = new Set(['node_modules', '.git', 'target', 'build', 'dist', 'out']);

/** Absolute paths of the files under `dir` whose names pass `want`, in path order. */
export async function scanTree(fs: ReadFileSystem, dir: string, want: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const queue: Array<{ dir: string; depth: number }> = [{ dir, depth: 0 }];
  for (let read = 0; queue.length > 0 && read < MAX_FOLDERS; read++) {
    const next = queue.shift() as { dir: string; depth: number };
    for (const e of await fs.readdir(next.dir)) {
      const full = path.join(next.dir, e.name);
      if (!e.isDirectory && want(e.name)) out.push(full);
      else if (e.isDirectory && next.depth < MAX_DEPTH && !SKIP.has(e.name) && !e.name.startsWith('.')) queue.push({ dir: full, depth: next.depth + 1 });
    }
  }
  return out.sort(compareText);
}

/** Reads of many small files at once, a bounded number at a time; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, limit = 32): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The file's bytes, or null with a note when it cannot be read (undefined, no note, when it does not exist and `optional`). */
export async function readBytes(fs: ReadFileSystem, file: string, notes: string[]): Promise<Buffer | null>;
export async function readBytes(fs: ReadFileSystem, file: string, notes: string[], optional: true): Promise<Buffer | null | undefined>;
export async function readBytes(fs: ReadFileSystem, file: string, notes: string[], optional = false): Promise<Buffer | null | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if (optional && ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    notes.push(`Could not read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    return null;
  }
}
