/**
 * Liquibase's MD5SUM for SQL changesets, checksum version 9 (Liquibase 4.22+):
 * each SQL change → "9:" + md5 of its bytes with every ' ', '\t', '\r', '\n' removed
 * (AbstractSQLChange.NormalizingStream); the changeset → "9:" + md5 of the concatenated
 * "<change checksum>:" strings with line endings normalised, U+FFFD removed, NFC (ChangeSet.generateCheckSum,
 * CheckSum.compute). A formatted-SQL changeset holds one SQL change: its body lines.
 */
import { createHash } from 'node:crypto';

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');
const WHITESPACE = new Set([0x20, 0x09, 0x0d, 0x0a]);

/** Checksum of one SQL change (its SQL text, or an sqlFile's bytes). */
export function liquibaseSqlChecksum(sql: Buffer | string): string {
  const bytes = typeof sql === 'string' ? Buffer.from(sql, 'utf8') : sql;
  return `9:${md5(Buffer.from(bytes.filter((b) => !WHITESPACE.has(b))))}`;
}

/** The changeset's MD5SUM from the checksums of its changes (those that apply to the database). */
export function liquibaseChangesetChecksum(changeChecksums: readonly string[]): string {
  const s = changeChecksums
    .map((c) => `${c}:`)
    .join('')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(/\uFFFD/g, '')
    .normalize('NFC');
  return `9:${md5(Buffer.from(s, 'utf8'))}`;
}

/** The stored MD5SUM's checksum version ("9:…" → 9; a value without prefix counts as version 1). */
export function liquibaseChecksumVersion(stored: string): number {
  const m = /^(\d+):/.exec(stored);
  return m ? Number(m[1]) : 1;
}
