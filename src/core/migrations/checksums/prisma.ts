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

export function prismaChecksumMatches(file: Buffer | string, stored: string): boolean {
  if (prismaChecksum(file) === stored) return true;
  const script = typeof file === 'string' ? file : file.toString('utf8');
  const format = (d: Buffer): string => (stored.length === 64 ? d.toString('hex') : [...d].map((b) => b.toString(16)).join(''));
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')];
  return variants.some((v) => format(sha256(v)) === stored);
}
