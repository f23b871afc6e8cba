/**
 * Debian's Chromium driven by playwright-core (no browser download: playwright-core never fetches one).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = { width: 1400, height: 900 };

/** The repository root (this file is test/e2e/support/browser.ts, compiled to out/test/e2e/support/browser.js). */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'e2e'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return process.cwd();
}

/** Where screenshots and logs of failed runs go (git-ignored). */
export function artifactsDir(): string {
  const dir = path.join(repoRoot(), '.artifacts', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The Chromium executable (env CHROMIUM_BIN, else /usr/bin/chromium), or null when absent. */
export function findChromium(): string | null {
  for (const c of [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (!c) continue;
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

/** For a mocha hook/test: returns the executable, throws under CI when missing, else skips. */
export function requireChromium(ctx: Mocha.Context): string {
  const bin = findChromium();
  if (bin) return bin;
  const msg = 'Chromium not found (/usr/bin/chromium or $CHROMIUM_BIN). Install it with: apt-get install -y chromium';
  if (process.env.CI) throw new Error(msg);
  console.warn(`[e2e] skipping: ${msg}`);
  ctx.skip();
  throw new Error('unreachable');
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console messages and page errors seen so far (for failure reports). */
  consoleLog(): string;
  close(): Promise<void>;
}

export async function launchBrowser(opts: { executablePath?: string; timeoutMs?: number } = {}): Promise<BrowserSession> {
  const executablePath = opts.executablePath ?? findChromium();
  if (!executablePath) throw new Error('Chromium not found (/usr/bin/chromium or $CHROMIUM_BIN)');
  // Chromium's crash reporter writes under $XDG_CONFIG_HOME/chromium even with a temp profile:
  // give it a temp folder too, removed on close.
  const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-chromium-'));
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: opts.timeoutMs ?? 30_000,
      env: { ...process.env, XDG_CONFIG_HOME: configHome, XDG_CACHE_HOME: path.join(configHome, 'cache') },
    });
  } catch (err) {
    fs.rmSync(configHome, { recursive: true, force: true });
    throw err;
  }
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const lines: string[] = [];
  const push = (l: string) => {
    lines.push(l);
    if (lines.length > 2000) lines.splice(0, lines.length - 2000);
  };
  page.on('console', (m) => push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => push(`[pageerror] ${e.message}`));
  let closed = false;
  return {
    browser,
    context,
    page,
    consoleLog: () => lines.join('\n'),
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
      fs.rmSync(configHome, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
