/**
 * Flyway's checksum of an SQL migration (flyway-core ChecksumCalculator): CRC32 over the file read
 * line by line (BufferedReader.readLine drops `\n`, `\r` and `\r\n`), the first line stripped of a
 * U+FEFF byte order mark (BomFilter), each line's UTF-8 bytes fed in turn; stored as a signed 32-bit
 * int in flyway_schema_history.checksum. So line endings never change it.
 */
import { crc32 } from 'node:zlib';

export function flywayChecksum(file: Buffer | string): number {
  let text = typeof file === 'string' ? file : file.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return crc32(Buffer.from(text.replace(/[\r\n]/g, ''), 'utf8')) | 0;
}
