import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeChunks } from '../../src/core/export/writeChunks';
import { formatChunks } from '../../src/shared/grid/formats';

describe('export: streaming text to a file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-export-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every chunk, byte for byte, waiting for the stream to drain', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [String(i), i % 4 === 0 ? null : `ünïcode ${i} "q"`]);
    const file = path.join(dir, 'out.csv');
    const r = await writeChunks(file, formatChunks('csv', ['id', 'v'], rows.length, (i) => rows[i], { nullToken: 'NULL' }, 500), { highWaterMark: 16 * 1024 });
    let expected = 'id,v\r\n';
    for (const [id, v] of rows) expected += `${id},${v === null ? '' : `"${v.replace(/"/g, '""')}"`}\r\n`;
    const written = fs.readFileSync(file);
    assert.ok(written.equals(Buffer.from(expected, 'utf8')));
    assert.equal(r.bytes, written.length);
    assert.ok(r.drains > 0, 'a small buffer makes the writer wait for drain');
    assert.deepEqual(fs.readdirSync(dir), ['out.csv'], 'no .part file left');
  });

  it('removes the partial file when aborted or when the source fails', async () => {
    const controller = new AbortController();
    function* chunks(): Generator<string> {
      yield 'a';
      controller.abort();
      yield 'b';
    }
    await assert.rejects(writeChunks(path.join(dir, 'x.json'), chunks(), { signal: controller.signal }), /cancelled/);
    function* failing(): Generator<string> {
      yield 'a';
      throw new Error('source broke');
    }
    await assert.rejects(writeChunks(path.join(dir, 'y.json'), failing()), /source broke/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('reports a folder that cannot be written', async () => {
    await assert.rejects(writeChunks(path.join(dir, 'missing', 'z.csv'), ['a']), /ENOENT/);
  });
});
