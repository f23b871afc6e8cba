/**
 * Recursive listing for tools whose locations are scanned recursively (Flyway, Liquibase
 * includeAll): bounded in depth and in the number of folders read.
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
