/** Helpers for e2e tests of the query results panel (a webview nested in two iframes of the workbench). */
import * as fs from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { removeRunContainers } from '../../support/docker';
import { editorGroups, editorGroupShowing, pickQuickInputItem, pollFor, quickOpenFile } from './workbench';

export const TARGET_PICK_PLACEHOLDER = 'Run queries of this file on';
export const RESULT_TIMEOUT_MS = 30_000;

/** The results webview's document. Only the results panel opens a webview in these suites. */
export function resultsFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** Opens `file`, focuses its editor, presses Run File; picks `pick` (a container) when VS Code asks. Returns when the key was pressed. */
export async function runSqlFile(page: Page, file: string, pick: string | null, describe?: () => Promise<string>): Promise<number> {
  // Open it in the SQL editor's group (the first), not in the results panel's.
  const sqlGroup = (await editorGroups(page)).find((g) => g.lineBoxes.length > 0);
  const line = sqlGroup?.lineBoxes.find((b) => b.bottom - b.top > 4 && b.top >= sqlGroup.box.top);
  if (line) await page.mouse.click(line.left + 40, (line.top + line.bottom) / 2);
  await quickOpenFile(page, file);
  const group = await pollFor(`the editor showing ${file} with its lines`, async () => {
    const g = await editorGroupShowing(page, file);
    return g && g.lineBoxes.some((b) => b.bottom - b.top > 4) ? g : null;
  }, { timeoutMs: 30_000, intervalMs: 200, describe });
  const box = group.lineBoxes.find((b) => b.bottom - b.top > 4 && b.top >= group.box.top)!;
  await page.mouse.click(box.left + 40, (box.top + box.bottom) / 2);
  const pressedAt = Date.now();
  await page.keyboard.press('Control+Shift+Enter');
  if (pick) await pickQuickInputItem(page, pick, { placeholder: TARGET_PICK_PLACEHOLDER, timeoutMs: 20_000 });
  return pressedAt;
}

/** The number of the result the webview shows (the panel numbers its runs), 0 when none. */
export async function resultSeq(page: Page, timeout = 2_000): Promise<number> {
  return Number((await resultsFrame(page).locator('.results-content').getAttribute('data-seq', { timeout }).catch(() => null)) ?? '0');
}

/** Waits (bounded) until the webview shows a result newer than run `after`; returns its number. */
export async function waitForResult(page: Page, after: number, what: string, describe?: () => Promise<string>): Promise<number> {
  return pollFor(
    what,
    async () => {
      const seq = await resultSeq(page, 500);
      return seq > after ? seq : null;
    },
    { timeoutMs: RESULT_TIMEOUT_MS, intervalMs: 100, describe },
  );
}

/** The .vsix under test: env DOCKERDB_VSIX, else the newest docker-db-*.vsix in the repository root. */
/** Closes the browser and code-server, removes the fixture, this run's containers and the workspace; never throws. */
export async function teardown(parts: { session?: { close(): Promise<void> }; server?: { stop(): Promise<void> }; fixture?: { remove(): Promise<void> }; workspaceDir?: string }): Promise<void> {
  await parts.session?.close().catch(() => undefined);
  await parts.server?.stop().catch(() => undefined);
  await parts.fixture?.remove().catch(() => undefined);
  await removeRunContainers().catch(() => undefined);
  if (parts.workspaceDir) fs.rmSync(parts.workspaceDir, { recursive: true, force: true });
}
