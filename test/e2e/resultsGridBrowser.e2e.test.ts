/**
 * The results webview in real Chromium without VS Code (the built dist/webview.js with a stand-in
 * `acquireVsCodeApi`, as the bench loads it): what a code-server run would take long to show.
 *  - a 300-column result keeps only the columns on screen in the DOM, also after scrolling right;
 *  - Shift+arrows extend a range from the keyboard; Ctrl+A selects everything; the copy request
 *    the webview sends holds exactly the selection;
 *  - column widths and the scroll position are saved in the webview state, with a capped snapshot.
 *
 * Needs /usr/bin/chromium and a built dist/webview.js (npm run build or npm run package).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openHarness } from '../bench/resultsHarness';
import { launchBrowser, repoRoot, requireChromium, type BrowserSession } from './support/browser';

/* page.evaluate functions run in Chromium. */
declare const window: { postMessage(m: unknown, o: string): void; __posted: Array<{ type: string; text?: string }> } & Record<string, unknown>;
declare const document: { querySelectorAll(s: string): { length: number } };

const COLS = 300;
const ROWS = 50;

function message(): unknown {
  const columns = Array.from({ length: COLS }, (_, c) => ({ name: `c${c}`, type: c % 2 ? 'integer' : 'text' }));
  const rows = Array.from({ length: ROWS }, (_, r) => Array.from({ length: COLS }, (_, c) => (c === 1 && r === 0 ? null : `${r}:${c}`)));
  return {
    type: 'result',
    target: 'wide',
    seq: 1,
    result: { transport: 'exec', transportReason: 'bench', database: 'd', user: 'u', results: [{ command: `SELECT ${ROWS}`, columns, rows, rowCount: ROWS, truncated: false }], notices: [], error: null, ms: 5 },
    meta: { nullToken: '\\N', canFetchAll: false, pinned: false, canRevealError: false, finishedAt: 1 },
  };
}

describe('browser: the results grid with many columns', function () {
  this.timeout(120_000);
  let session: BrowserSession | undefined;

  before(async function () {
    requireChromium(this);
    if (!fs.existsSync(path.join(repoRoot(), 'dist', 'webview.js'))) {
      if (process.env.CI) throw new Error('dist/webview.js missing: npm run build');
      this.skip();
    }
    session = await launchBrowser();
    await openHarness(session.page, repoRoot());
    await session.page.evaluate((m) => window.postMessage(m, '*'), message());
    await session.page.locator('.grid-body [role=row]').first().waitFor({ timeout: 10_000 });
  });

  after(async () => session?.close());

  const counts = () => session!.page.evaluate(() => ({ headers: document.querySelectorAll('.grid-header [role=columnheader]').length, cells: document.querySelectorAll('.grid-body [role=gridcell]').length, rows: document.querySelectorAll('.grid-body [role=row]').length }));
  const lastCopy = () => session!.page.evaluate(() => window.__posted.filter((m) => m.type === 'copy').pop()?.text ?? null);

  it('keeps only the columns on screen in the DOM, also after scrolling right', async () => {
    const page = session!.page;
    const start = await counts();
    assert.ok(start.headers < 40, `${start.headers} header cells for ${COLS} columns`);
    assert.ok(start.cells <= start.rows * 40, `${start.cells} cells for ${start.rows} rows`);
    await page.locator('.grid-scroll').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await page.locator('.grid-header [data-col="299"]').waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('.grid-header [data-col="0"]').count(), 0, 'the first column left the DOM');
    const scroller = (await page.locator('.grid-scroll').boundingBox())!;
    const rowNumber = (await page.locator('.grid-body [role=rowheader]').first().boundingBox())!;
    assert.ok(Math.abs(rowNumber.x - scroller.x) <= 2, `row numbers stay at the left edge (sticky): ${rowNumber.x} vs ${scroller.x}`);
    const lastCell = (await page.locator('.grid-body [data-vrow="0"][data-col="299"]').boundingBox())!;
    assert.ok(lastCell.x + lastCell.width <= scroller.x + scroller.width + 1 && lastCell.x > rowNumber.x + rowNumber.width - 1, 'the last column is on screen, right of the row numbers');
    const end = await counts();
    assert.ok(end.headers < 40, `${end.headers} header cells after scrolling`);
    await page.locator('.grid-scroll').evaluate((el) => (el.scrollLeft = 0));
    await page.locator('.grid-header [data-col="0"]').waitFor({ timeout: 5_000 });
  });

  it('extends a range with Shift+arrows and copies exactly it; Ctrl+A selects every row', async () => {
    const page = session!.page;
    await page.locator('.grid-body [data-vrow="0"][data-col="0"]').click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'copy'));
    assert.equal(await lastCopy(), '0:0\t\\N\n1:0\t1:1', 'NULL copies as the configured token');
    await page.keyboard.press('Control+a');
    assert.equal(await page.locator('.grid-body [role=row][aria-selected=true]').count(), (await counts()).rows);
    await page.keyboard.press('Control+c');
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'copy').length >= 2);
    const all = (await lastCopy())!.split('\n');
    assert.equal(all.length, ROWS);
    assert.equal(all[ROWS - 1].split('\t').length, COLS);
    assert.equal(all[ROWS - 1].split('\t')[COLS - 1], `${ROWS - 1}:${COLS - 1}`);
  });

  it('saves widths, scroll position and a snapshot of the result in the webview state', async () => {
    const page = session!.page;
    const handle = page.locator('.grid-header [data-resize="0"]');
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + 3, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + 83, box.y + 5, { steps: 4 });
    await page.mouse.up();
    const state = await page.evaluate(() => (window.acquireVsCodeApi as () => { getState(): unknown })().getState() as { grids: Array<{ widths: number[] }>; snapshot: { seq: number; result: { results: Array<{ rows: unknown[] }> } } });
    assert.equal(state.snapshot.seq, 1);
    assert.equal(state.snapshot.result.results[0].rows.length, ROWS);
    const header = await page.locator('.grid-header [data-col="0"]').boundingBox();
    assert.ok(Math.abs(state.grids[0].widths[0] - header!.width) <= 1, `saved width ${state.grids[0].widths[0]} vs ${header!.width}`);
  });
});
