/**
 * Results grid figures (issue 5), in headless Chromium: the built webview (dist/webview.js) gets a
 * result the way the host sends it (a posted message, structured-cloned):
 *  - 100,000 rows x 10 columns: first rows painted after the message arrived, against the time to
 *    structured-clone the same message; DOM rows after scrolling to the end; page JS heap against
 *    the heap of the data alone, goal 5x the UTF-8 bytes of the values;
 *  - 1,000,000 rows ("fetch all"): the time a scroll step renders (the grid's frame callback plus
 *    style and layout), against building and laying out the same cells as plain divs.
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, repoRoot } from '../e2e/support/browser';
import { summarize } from './measure';
import { openHarness } from './resultsHarness';
import type { Row } from './table';

/* The page functions below run in Chromium (page.evaluate), not in Node: its globals, loosely typed. */
declare const window: any;
declare const document: any;
type HTMLElement = any;


const MB = 2 ** 20;

type Win = Record<string, unknown>;

/** In the page: a result of `n` rows x 10 columns, like a mixed table (ids, hashes, times, text, NULLs). */
function makeMessage(args: { n: number; seq: number }): number {
  const hex = (i: number) => ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
  const rows: Array<Array<string | null>> = new Array(args.n);
  for (let i = 0; i < args.n; i++) {
    const h = hex(i);
    rows[i] = [
      String(i + 1),
      `${h}${hex(i + 7)}${hex(i + 13)}${hex(i + 29)}`,
      String(i * 2),
      `2026-01-${String((i % 28) + 1).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00+00`,
      `row ${i}`,
      i % 7 === 0 ? 't' : 'f',
      (i * 1.37).toFixed(2),
      `customer-${i % 1000}`,
      `${h}-${h.slice(0, 4)}-4${h.slice(1, 4)}-a${h.slice(5, 8)}-${h}${h.slice(0, 4)}`,
      i % 10 === 0 ? null : `note ${i % 97}`,
    ];
  }
  const columns = ['id', 'hash', 'doubled', 'at', 'label', 'lucky', 'amount', 'customer', 'uuid', 'note'].map((name, i) => ({ name, type: [0, 2].includes(i) ? 'integer' : i === 6 ? 'numeric' : 'text' }));
  const result = { transport: 'direct', transportReason: 'bench', database: 'bench', user: 'bench', results: [{ command: `SELECT ${args.n}`, columns, rows, rowCount: args.n, truncated: false }], notices: [], error: null, ms: 1 };
  const meta = { nullToken: 'NULL', canFetchAll: false, pinned: false, canRevealError: false, finishedAt: Date.now() };
  (window as unknown as Win).__msg = { type: 'result', target: 'bench', seq: args.seq, result, meta };
  const enc = new TextEncoder();
  let bytes = 0;
  for (const r of rows) for (const v of r) if (v !== null) bytes += enc.encode(v).length;
  return bytes;
}

/** In the page: posts the message, resolves with ms from its arrival to the first frame with rows laid out. */
function postAndTimePaint(): Promise<number> {
  const w = window as unknown as Win;
  const raf = w.__raf as (cb: () => void) => void;
  return new Promise((resolve) => {
    window.postMessage(w.__msg, '*');
    const check = () => {
      const received = w.__receivedAt as number;
      if (received > 0 && document.querySelector('.grid-body [role=row]')) {
        void document.body.offsetHeight;
        resolve(performance.now() - received);
      } else raf(check);
    };
    w.__receivedAt = 0;
    raf(check);
  });
}

async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / MB;
}

async function cloneTimes(page: Page, runs: number): Promise<number[]> {
  return page.evaluate((n) => {
    const w = window as unknown as Win;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      w.__clone = structuredClone(w.__msg);
      out.push(performance.now() - s);
    }
    return out;
  }, runs);
}

/** In the page: scrolls the grid `steps` times (small wheel-like steps and page jumps), two frames each. */
function scrollSteps(steps: number): Promise<{ frames: number[]; domRows: number }> {
  const w = window as unknown as Win;
  const raf = w.__raf as (cb: () => void) => void;
  const frame = () => new Promise<void>((r) => raf(() => r()));
  const el = document.querySelector('.tab-panel:not([hidden]) .grid-scroll') as HTMLElement;
  const frames = w.__frameMs as number[];
  return (async () => {
    frames.length = 0;
    let maxRows = 0;
    for (let i = 0; i < steps; i++) {
      el.scrollTop = i % 2 === 0 ? el.scrollTop + 66 : ((i * 7919) % 1000) / 1000 * el.scrollHeight;
      await frame();
      await frame();
      maxRows = Math.max(maxRows, document.querySelectorAll('.grid-body [role=row]').length);
    }
    return { frames: [...frames], domRows: maxRows };
  })();
}

/** In the page: the baseline of a scroll step, the same number of cells built as plain divs and laid out. */
function plainCells(args: { rows: number; cols: number; runs: number }): number[] {
  const host = document.createElement('div');
  document.body.append(host);
  const out: number[] = [];
  for (let r = 0; r < args.runs; r++) {
    const s = performance.now();
    const frag = document.createDocumentFragment();
    for (let i = 0; i < args.rows; i++) {
      const row = document.createElement('div');
      for (let c = 0; c < args.cols; c++) {
        const cell = document.createElement('div');
        cell.textContent = `v${r}-${i}-${c}`;
        row.append(cell);
      }
      frag.append(row);
    }
    host.replaceChildren(frag);
    void document.body.offsetHeight;
    out.push(performance.now() - s);
  }
  host.remove();
  return out;
}

export async function benchResults(opts: { runs: number; log: (s: string) => void }): Promise<Row[]> {
  const session = await launchBrowser();
  const rows: Row[] = [];
  try {
    const page = session.page;
    const cdp = await page.context().newCDPSession(page);
    await openHarness(page, repoRoot());
    const heapEmpty = await heapMB(cdp);

    // 100,000 rows x 10 columns.
    const bytes = await page.evaluate(makeMessage, { n: 100_000, seq: 1 });
    const withMsg = await heapMB(cdp);
    const clones = await cloneTimes(page, opts.runs);
    const dataHeap = (await heapMB(cdp)) - withMsg;
    await page.evaluate(() => delete (window as unknown as Win).__clone);
    const paints: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      await page.evaluate((seq) => (((window as unknown as Win).__msg as { seq: number }).seq = seq), i + 1);
      paints.push(await page.evaluate(postAndTimePaint));
    }
    opts.log(`  100,000 rows: ${(bytes / MB).toFixed(1)} MB of values; first paint ${paints.map((p) => p.toFixed(0)).join(', ')} ms`);
    rows.push({ figure: 'results: 100,000 x 10 first rows painted after the data arrives', unit: 'ms', value: summarize(paints), baseline: summarize(clones), baselineLabel: 'structured-clone of the same message', goal: 400 });
    const end = await page.evaluate(() => {
      const el = document.querySelector('.tab-panel:not([hidden]) .grid-scroll') as HTMLElement;
      el.scrollTop = el.scrollHeight;
      return new Promise<{ rows: number; cells: number; last: string }>((resolve) =>
        setTimeout(() => resolve({ rows: document.querySelectorAll('.grid-body [role=row]').length, cells: document.querySelectorAll('.grid-body [role=gridcell]').length, last: String((Array.from(document.querySelectorAll('.grid-body [role=rowheader]')) as HTMLElement[]).pop()?.textContent) }), 200),
      );
    });
    if (end.last !== '100000') throw new Error(`scrolling to the end shows row ${end.last}, not 100000`);
    rows.push({ figure: 'results: 100,000 x 10 DOM row elements at the end', unit: 'count', value: summarize([end.rows]), baseline: summarize([100_000]), baselineLabel: 'rows in the result', goal: 200, note: `${end.cells} cells in the DOM` });
    await page.evaluate(() => delete (window as unknown as Win).__msg);
    const pageHeap = (await heapMB(cdp)) - heapEmpty;
    rows.push({ figure: 'results: 100,000 x 10 page JS heap holding the result', unit: 'MB', value: summarize([pageHeap]), baseline: summarize([dataHeap]), baselineLabel: 'heap of one received copy of the data alone', goal: (5 * bytes) / MB, note: `goal = 5 x ${(bytes / MB).toFixed(1)} MB of UTF-8 values` });

    // 1,000,000 rows (fetch all): scroll steps.
    const bigBytes = await page.evaluate(makeMessage, { n: 1_000_000, seq: 100 });
    const bigPaint = await page.evaluate(postAndTimePaint);
    await page.evaluate(() => delete (window as unknown as Win).__msg);
    const bigHeap = (await heapMB(cdp)) - heapEmpty;
    opts.log(`  1,000,000 rows: first paint ${bigPaint.toFixed(0)} ms, heap ${bigHeap.toFixed(0)} MB for ${(bigBytes / MB).toFixed(0)} MB of values`);
    const steps = await page.evaluate(scrollSteps, opts.runs * 40);
    const cols = await page.evaluate(() => document.querySelectorAll('.grid-body [role=row]:first-child [role=gridcell]').length);
    const plain = await page.evaluate(plainCells, { rows: steps.domRows, cols, runs: opts.runs * 10 });
    rows.push({ figure: 'results: 1,000,000 x 10 scroll step render', unit: 'ms', value: summarize(steps.frames), baseline: summarize(plain), baselineLabel: `${steps.domRows} rows x ${cols} plain divs built and laid out`, goal: 50, note: `first paint ${bigPaint.toFixed(0)} ms; page heap ${bigHeap.toFixed(0)} MB for ${(bigBytes / MB).toFixed(0)} MB of values` });
  } catch (e) {
    rows.push({ figure: 'results', unit: 'ms', value: null, baseline: null, baselineLabel: '-', error: (e as Error)?.stack ?? String(e) });
  } finally {
    await session.close();
  }
  return rows;
}
