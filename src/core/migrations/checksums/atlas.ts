/**
 * Atlas's `atlas.sum` (sql/migrate/dir.go HashFile): one running SHA-256 over name1, bytes1, name2,
 * bytes2 … of the directory's .sql files in name order; each file's entry is base64 of the running
 * digest after that file (so editing file k changes the entries of k and every later file). A file
 * holding the `atlas:sum ignore` directive adds its name but not its bytes and gets no entry. The
 * first line `h1:<sum>` is base64 SHA-256 over every (name, entry) pair. The revision table's `hash`
 * column stores the file's entry.
 */
import { createHash } from 'node:crypto';

export interface AtlasFile {
  name: string;
  bytes: Buffer;
}

export interface AtlasSum {
  /** `h1:…` of the whole directory. */
  sum: string;
  /** Per-file entries (`h1:…`) in file order. */
  files: Array<{ name: string; hash: string }>;
}

/** True when the file's leading comment lines hold the `atlas:sum ignore` directive. */
function ignoredBySum(bytes: Buffer): boolean {
  for (const line of bytes.toString('utf8').split('\n')) {
    if (!/^\s*--/.test(line)) return false;
    if (/^\s*--\s*atlas:sum\s+ignore\s*$/.test(line)) return true;
  }
  return false;
}

function sumOfEntries(files: ReadonlyArray<{ name: string; hash: string }>): string {
  const s = createHash('sha256');
  for (const f of files) s.update(f.name).update(f.hash.replace(/^h1:/, ''));
  return `h1:${s.digest('base64')}`;
}

/** Recomputes atlas.sum for files sorted by name, as `atlas migrate hash` writes it. */
export function atlasSum(files: readonly AtlasFile[]): AtlasSum {
  const running = createHash('sha256');
  const out: AtlasSum['files'] = [];
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    running.update(f.name);
    if (ignoredBySum(f.bytes)) continue;
    running.update(f.bytes);
    out.push({ name: f.name, hash: `h1:${running.copy().digest('base64')}` });
  }
  return { sum: sumOfEntries(out), files: out };
}

/** Parses an atlas.sum file; undefined when it is not one. */
export function parseAtlasSum(text: string): AtlasSum | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = /^h1:\S+$/.exec(lines[0] ?? '');
  if (!head) return undefined;
  const files: AtlasSum['files'] = [];
  for (const line of lines.slice(1)) {
    const m = /^(.*) (h1:\S+)$/.exec(line);
    if (!m) return undefined;
    files.push({ name: m[1], hash: m[2] });
  }
  return { sum: head[0], files };
}

/** True when the file's own first line matches its entries (the file was not edited by hand). */
export function atlasSumSelfConsistent(parsed: AtlasSum): boolean {
  return sumOfEntries(parsed.files) === parsed.sum;
}

export function formatAtlasSum(sum: AtlasSum): string {
  return `${sum.sum}\n${sum.files.map((f) => `${f.name} ${f.hash}\n`).join('')}`;
}
