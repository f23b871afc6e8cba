/**
 * The checksum pass shared by the checksum tools' adapters: for each applied migration whose file
 * was found and whose history row stored a checksum, compare them the tool's way and record a
 * mismatch (expected = stored, actual = recomputed).
 */
import type { ToolStatus } from '../../../shared/migrations';
import type { LocalMigration, LocalScan } from '../adapter';

export function checkChecksums(
  status: ToolStatus,
  stored: ReadonlyMap<string, string | null>,
  local: LocalScan | null,
  matches: (m: LocalMigration, stored: string) => boolean = (m, s) => m.checksum === s,
): void {
  const byFile = new Map((local?.migrations ?? []).map((m) => [m.file, m]));
  for (const applied of status.applied) {
    const m = applied.file ? byFile.get(applied.file) : undefined;
    const expected = stored.get(applied.id);
    if (!m || m.checksum === undefined || expected === null || expected === undefined) continue;
    applied.checksumOk = matches(m, expected);
    if (!applied.checksumOk) status.checksumMismatch.push({ id: applied.id, file: m.file, expected, actual: m.checksum });
  }
}

/** Removes pending entries that are really failed attempts (the tool blocks on them instead). */
export function dropFailedFromPending(status: ToolStatus, key: (id: string) => string = (id) => id): void {
  const failed = new Set(status.failed.map((f) => key(f.id)));
  status.pending = status.pending.filter((p) => !failed.has(key(p.id)));
}
