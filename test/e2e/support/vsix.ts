import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './browser';

/** env DOCKERDB_VSIX, else the newest docker-db-*.vsix in the repo root, else null. */
export function findVsix(): string | null {
  if (process.env.DOCKERDB_VSIX) return path.resolve(process.env.DOCKERDB_VSIX);
  const root = repoRoot();
  const candidates = fs
    .readdirSync(root)
    .filter((f) => /^docker-db-.*\.vsix$/.test(f))
    .map((f) => path.join(root, f))
    .map((f) => ({ f, mtime: fs.statSync(f).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  return candidates[0]?.f ?? null;
}

/** For a mocha hook: the .vsix to test; throws under CI when there is none, else skips. */
export function requireVsix(ctx: Mocha.Context): string {
  const vsixPath = findVsix();
  if (vsixPath && fs.existsSync(vsixPath)) return vsixPath;
  const msg = `no .vsix to test (${vsixPath ?? 'set DOCKERDB_VSIX or run: npm run package'})`;
  if (process.env.CI) throw new Error(msg);
  console.warn(`[e2e] skipping: ${msg}`);
  ctx.skip();
  throw new Error('unreachable'); // ctx.skip() throws
}
