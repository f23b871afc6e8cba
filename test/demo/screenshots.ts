/**
 * Regenerates the README's screenshots from a running demo (`DEMO_DETACH=1 npm run demo`):
 *   npx tsc -p tsconfig.test.json && DEMO_URL=http://127.0.0.1:8080/?folder=... node out/test/demo/screenshots.js
 * Writes media/screenshots/*.png (not packaged in the .vsix).
 */
import * as path from 'node:path';
import { launchBrowser, repoRoot } from '../e2e/support/browser';
import { findTreeRow, openViewContainer, openWorkbench, parkMouse, pollFor, screenshot, setSideBarWidth } from '../e2e/support/workbench';

async function main(): Promise<void> {
  const url = process.env.DEMO_URL;
  if (!url || !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) throw new Error('Set DEMO_URL to the URL npm run demo printed (127.0.0.1 only).');
  const out = path.join(repoRoot(), 'media', 'screenshots');
  const session = await launchBrowser();
  try {
    const { page } = session;
    await openWorkbench(page, url);
    await openViewContainer(page, 'Docker DB');
    await setSideBarWidth(page, 560).catch(() => undefined);
    await pollFor('demo rows', async () => ((await findTreeRow(page, 'Containers', 'dockerdb-demo_legacy_1')) ? true : undefined), { timeoutMs: 30000 });
    await pollFor('status bar', async () => ((await page.locator('.statusbar-item[aria-label^="Docker DB:"]').count()) > 0 ? true : undefined), { timeoutMs: 30000 });
    await parkMouse(page);
    console.log(await screenshot(page, path.join(out, 'containers-view.png')));
    const item = page.locator('.statusbar-item[aria-label^="Docker DB:"]').first();
    await item.hover();
    await page.waitForTimeout(1500);
    console.log(await screenshot(page, path.join(out, 'status-bar-tooltip.png')));
  } finally {
    await session.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
