/**
 * The results webview outside VS Code, for the bench: the built dist/webview.js in a page with a
 * stand-in `acquireVsCodeApi` (records what the app posts and its saved state), the panel's styles,
 * a timer around every requestAnimationFrame callback (the grid renders in those), and the time each
 * message arrived (after its data was deserialized).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/* The page functions below run in Chromium (page.evaluate), not in Node: its globals, loosely typed. */
declare const window: any;
declare const document: any;
type FrameRequestCallback = (t: number) => void;


export function harnessHtml(root: string): string {
  const css = ['media/webview.css', 'media/results.css'].map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body data-app="results"><main id="app"></main></body></html>`;
}

/** Runs in the page before the app: the stand-in API and the frame-callback timer. */
function installStandIns(): void {
  const w = window as unknown as Record<string, unknown>;
  const posted: unknown[] = [];
  let state: unknown;
  w.__posted = posted;
  w.acquireVsCodeApi = () => ({
    postMessage: (m: unknown) => posted.push(m),
    getState: () => state,
    setState: (s: unknown) => {
      state = s;
    },
  });
  const frames: number[] = [];
  w.__frameMs = frames;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb: FrameRequestCallback) =>
    raf((t: number) => {
      const s = performance.now();
      cb(t);
      void document.body.offsetHeight; // style and layout of what the callback changed
      frames.push(performance.now() - s);
    });
  w.__raf = raf;
  w.__receivedAt = 0;
  // Reading event.data deserializes the message (Chromium does it lazily): the data has then reached the page.
  window.addEventListener('message', (e: { data: unknown }) => {
    w.__lastData = e.data;
    w.__receivedAt = performance.now();
    w.__lastData = null;
  });
}

export async function openHarness(page: Page, root: string): Promise<void> {
  await page.setContent(harnessHtml(root));
  await page.evaluate(installStandIns);
  await page.addScriptTag({ content: fs.readFileSync(path.join(root, 'dist', 'webview.js'), 'utf8') });
  await page.waitForFunction(() => ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).some((m) => m.type === 'ready'));
}
