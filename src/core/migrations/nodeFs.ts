/**
 * The ReadFileSystem of the adapters over node:fs (the CLI and the extension host both use it).
 */
import * as fs from 'node:fs/promises';
import type { ReadFileSystem } from './adapter';

export const nodeFileSystem: ReadFileSystem = {
  readFile: (file) => fs.readFile(file),
  async readdir(dir) {
    try {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      return Promise.all(
        entries.map(async (e) => ({ name: e.name, isDirectory: e.isDirectory() || (e.isSymbolicLink() && (await isDir(`${dir}/${e.name}`))) })),
      );
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw err;
    }
  },
  async exists(file) {
    try {
      await fs.stat(file);
      return true;
    } catch {
      return false;
    }
  },
};

async function isDir(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
  } catch {
    return false;
  }
}
