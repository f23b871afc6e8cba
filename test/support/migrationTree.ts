/**
 * Temporary workspace folders for migration tests: a tree of files written under a fresh temp
 * folder, removed by the returned cleanup.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Tree {
  root: string;
  /** Absolute path of a file of the tree. */
  at(rel: string): string;
  remove(): Promise<void>;
}

/** Writes `files` (relative path → content) under a new temp folder. */
export async function writeTree(files: Readonly<Record<string, string>>): Promise<Tree> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dockerdb-mig-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  return { root, at: (rel) => path.join(root, rel), remove: () => fs.rm(root, { recursive: true, force: true }) };
}

/** Trees made during a suite, all removed by `removeAll` (call it in `after`). */
export function treeKeeper(): { tree: (files: Readonly<Record<string, string>>) => Promise<Tree>; removeAll: () => Promise<void> } {
  const trees: Tree[] = [];
  return {
    tree: async (files) => {
      const t = await writeTree(files);
      trees.push(t);
      return t;
    },
    removeAll: async () => {
      await Promise.all(trees.splice(0).map((t) => t.remove()));
    },
  };
}
