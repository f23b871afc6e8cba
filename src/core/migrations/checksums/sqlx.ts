/**
 * sqlx's checksum of a migration file (sqlx-core migrate/migration.rs): the raw 48-byte SHA-384 of
 * the file contents, no normalisation. PostgreSQL stores it as BYTEA, which both of our transports
 * return in PostgreSQL's hex text form `\x…`; this module speaks that notation.
 */
import { createHash } from 'node:crypto';

export function sqlxChecksum(file: Buffer | string): string {
  return `\\x${createHash('sha384').update(file).digest('hex')}`;
}

/** True when a stored BYTEA value (`\x…` hex, any case) equals the file's checksum. */
export function sqlxChecksumMatches(file: Buffer | string, stored: string): boolean {
  return stored.toLowerCase() === sqlxChecksum(file);
}
