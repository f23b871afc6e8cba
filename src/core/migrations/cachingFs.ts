/**
 * A per-status-run view of a ReadFileSystem: each file and folder is read once however many
 * adapters ask (Flyway, Liquibase, sqlx and goose all read the same `.sql` files), and listing a
 * folder starts reading its migration-like files at once, so adapters that read them one after the
 * other find them ready instead of waiting one file-system round trip per file.
 */
import * as path from 'node:path';
import type { ReadFileSystem } from './adapter';

/** Files worth reading ahead: what migration tools read. */
const PREFETCH = /\.(sql|py|js|ts|cjs|mjs|rb|xml|yaml|yml|json|sum)$/i;
/** A folder with more entries than this is not read ahead (not a migrations folder, or an unusual one). */
const MAX_PREFETCH_ENTRIES = 5000;

export function cachingFileSystem(inner: ReadFileSystem): ReadFileSystem {
  const files = new Map<string, Promise<Buffer>>();
  const dirs = new Map<string, ReturnType<ReadFileSystem['readdir']>>();
  const exists = new Map<string, Promise<boolean>>();
  const readFile = (file: string): Promise<Buffer> => {
    let p = files.get(file);
    if (!p) {
      p = inner.readFile(file);
      // A read ahead that fails is reported when an adapter asks for the file, not before.
      p.catch(() => undefined);
      files.set(file, p);
    }
    return p;
  };
  return {
    readFile,
    readdir(dir) {
      let p = dirs.get(dir);
      if (!p) {
        p = inner.readdir(dir).then((entries) => {
          if (entries.length <= MAX_PREFETCH_ENTRIES) for (const e of entries) if (!e.isDirectory && PREFETCH.test(e.name)) void readFile(path.join(dir, e.name));
          return entries;
        });
        dirs.set(dir, p);
      }
      return p;
    },
    exists(file) {
      let p = exists.get(file);
      if (!p) {
        p = inner.exists(file);
        exists.set(file, p);
      }
      return p;
    },
  };
}
