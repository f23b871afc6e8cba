/**
 * Prisma Migrate's checksum of migration.sql (schema-connector checksum.rs): lower-case hex SHA-256
 * of the file as read, no BOM stripping or normalisation. On comparison Prisma accepts the script as
 * is, with CRLF turned into LF, or with LF turned into CRLF (script_matches_checksum), and an older
 * non-zero-padded hex form when the stored value is not 64 characters long (prisma-engines #1887).
 */
import { createHash } from 'node:crypto';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function prismaChecksum(file: Buffer | string): string {
  return createHash('sha256').update(file).digest('hex');
}

/** The checksums Prisma accepts for this file: as is, CRLF → LF, LF → CRLF (lower-case hex). */
export function prismaChecksumVariants(file: Buffer | string): string[] {
  const script = typeof file === 'string' ? file : file.toString('utf8');
  const variants = [script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')].map((v) => sha256(v).toString('hex'));
  return [...new Set([prismaChecksum(file), ...variants])];
}

/** True when `stored` is one of the accepted checksums, in the padded or the legacy non-padded hex form. */
export function prismaStoredMatches(variants: readonly string[], stored: string): boolean {
  const legacy = (hex: string): string => (hex.match(/../g) ?? []).map((b) => parseInt(b, 16).toString(16)).join('');
  return variants.some((v) => v === stored || (stored.length !== 64 && legacy(v) === stored));
}

export function prismaChecksumMatches(file: Buffer | string, stored: string): boolean {
  return prismaStoredMatches(prismaChecksumVariants(file), stored);
}
