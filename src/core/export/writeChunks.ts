/**
 * Writes text produced piece by piece to a file through a write stream, waiting for 'drain' when
 * the stream's buffer is full (backpressure), so a large export never sits in memory as one string.
 * The file is written to `<path>.part` first and renamed when complete; on failure or abort the
 * partial file is removed.
 */
import * as fs from 'node:fs';
import { once } from 'node:events';

export interface WriteChunksResult {
  bytes: number;
  /** Times the writer waited for the stream to drain. */
  drains: number;
}

export async function writeChunks(path: string, chunks: Iterable<string>, options: { signal?: AbortSignal; highWaterMark?: number } = {}): Promise<WriteChunksResult> {
  const part = `${path}.part`;
  const stream = fs.createWriteStream(part, { encoding: 'utf8', highWaterMark: options.highWaterMark ?? 64 * 1024 });
  let bytes = 0;
  let drains = 0;
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  try {
    for (const chunk of chunks) {
      if (options.signal?.aborted) throw new Error('The export was cancelled.');
      bytes += Buffer.byteLength(chunk, 'utf8');
      if (!stream.write(chunk)) {
        drains++;
        await Promise.race([once(stream, 'drain'), failed]);
      }
    }
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
    await fs.promises.rename(part, path);
    return { bytes, drains };
  } catch (err) {
    stream.destroy();
    await fs.promises.rm(part, { force: true }).catch(() => undefined);
    throw err;
  }
}
