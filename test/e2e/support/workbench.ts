/**
 * Helpers over a Playwright Page showing the VS Code workbench served by code-server.
 * Every wait is bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { artifactsDir } from './browser';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Navigates to the workbench and waits (bounded) until `.monaco-workbench` is there. */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: timeoutMs });
  // The activity bar is filled in once the workbench has restored its parts.
  await page.locator('.part.activitybar').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The activity-bar item whose aria-label starts with `title` (e.g. "Docker DB"). */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.part.activitybar .action-label[aria-label^=${cssString(title)}]`).first();
}

/**
 * Opens the view container `title` from the activity bar (bounded) and waits until the side
 * bar shows it. Clicking an already-open container would close it, so it checks first.
 */
export async function openViewContainer(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  if (await sideBarShows(page, title)) return;
  await item.click({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 100 && Date.now() < deadline; i++) {
    if (await sideBarShows(page, title)) return;
    await sleep(200);
  }
  throw new Error(`side bar did not show "${title}" within ${timeoutMs} ms`);
}

async function sideBarShows(page: Page, title: string): Promise<boolean> {
  const sidebar = page.locator('.part.sidebar');
  if (!(await sidebar.isVisible().catch(() => false))) return false;
  const heading = (await sidebar.locator('.composite.title .title-label').first().textContent().catch(() => '')) ?? '';
  return heading.toLowerCase().includes(title.toLowerCase());
}

/**
 * The pane of a view in the side bar, by its id ("dockerDb.containers", anything with a dot) or its
 * title ("Containers"). Works also when the container has a single view and VS Code merges the
 * pane header into the side-bar title (the header is then hidden but still in the DOM).
 */
export function viewPane(page: Page, viewTitleOrId: string): Locator {
  const panes = page.locator('.part.sidebar .split-view-view .pane');
  if (viewTitleOrId.includes('.')) {
    // ViewPane puts `view-<id with . and : as ->` on the header icon.
    const cls = `view-${viewTitleOrId.replace(/[.:]/g, '-')}`;
    return panes.filter({ has: page.locator(`.pane-header .icon.${cssIdent(cls)}`) }).first();
  }
  return panes.filter({ has: page.locator(`.pane-header[aria-label=${cssString(`${viewTitleOrId} Section`)}]`) }).first();
}

/**
 * A row of a tree view whose aria-label contains `text` or whose label is exactly `text`.
 * (A custom tree row's aria-label is its accessibilityInformation.label, else its string tooltip,
 * else "label description".)
 */
export function treeRow(page: Page, viewTitleOrId: string, text: string): Locator {
  // `.monaco-list-rows` excludes the sticky-scroll copies of parent rows.
  const rows = viewPane(page, viewTitleOrId).locator('.monaco-list-rows .monaco-list-row');
  const exact = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return rows
    .and(page.locator(`[aria-label*=${cssString(text)}]`))
    .or(rows.filter({ has: page.locator('.label-name').filter({ hasText: exact }) }))
    .first();
}

/**
 * Like treeRow, but when the row is not rendered it pages the (virtualised) tree from top to
 * bottom, bounded, by clicking the list's vertical scrollbar track (no wheel: Monaco scrolls
 * wheel events smoothly and slowly; no keys: they would move the selection). Returns null when
 * the row is not there.
 */
export async function findTreeRow(page: Page, viewTitleOrId: string, text: string, maxSteps = 60): Promise<Locator | null> {
  const row = treeRow(page, viewTitleOrId, text);
  if ((await row.count()) > 0) return row;
  const list = viewPane(page, viewTitleOrId).locator('.monaco-list').first();
  if ((await list.count()) === 0 || !(await list.isVisible().catch(() => false))) return null;
  const listBox = await list.boundingBox();
  const track = await list.locator('.scrollbar.vertical').first().boundingBox().catch(() => null);
  const slider = await list.locator('.scrollbar.vertical .slider').first().boundingBox().catch(() => null);
  if (!listBox || !track || !slider || slider.height <= 0 || slider.height >= track.height - 1) return null; // nothing to scroll
  const x = track.x + track.width / 2;
  // Hovering the list reveals its scrollbar; a click on the track centres the slider there.
  const clickAt = async (y: number) => {
    await page.mouse.move(listBox.x + listBox.width / 2, listBox.y + Math.min(listBox.height / 2, 40));
    await page.mouse.click(x, Math.min(Math.max(y, track.y + 1), track.y + track.height - 1));
    await sleep(120);
  };
  const bottom = track.y + track.height - 1;
  const ys = [track.y + 1];
  for (let y = track.y + slider.height / 2 + slider.height * 0.9; y < bottom && ys.length < maxSteps; y += slider.height * 0.9) ys.push(y);
  ys.push(bottom);
  for (const y of ys) {
    await clickAt(y);
    if ((await row.count()) > 0) return row;
  }
  await clickAt(track.y + 1);
  return null;
}

export interface RowInfo {
  ariaLabel: string;
  label: string;
  description: string;
  title: string;
  expanded: string | null;
  level: string | null;
}

/** The visible parts of a tree row, for assertions and failure messages. */
export async function rowInfo(row: Locator): Promise<RowInfo> {
  return row.evaluate((el) => {
    const q = (sel: string) => (el.querySelector(sel)?.textContent ?? '').trim();
    return {
      ariaLabel: el.getAttribute('aria-label') ?? '',
      label: q('.label-name'),
      description: q('.label-description'),
      title: el.querySelector('.monaco-icon-label')?.getAttribute('title') ?? '',
      expanded: el.getAttribute('aria-expanded'),
      level: el.getAttribute('aria-level'),
    };
  });
}

/** All rows currently rendered in a view's tree (virtualised: only what is on screen). */
export async function treeRows(page: Page, viewTitleOrId: string): Promise<RowInfo[]> {
  const rows = viewPane(page, viewTitleOrId).locator('.monaco-list-rows .monaco-list-row');
  const n = await rows.count();
  const out: RowInfo[] = [];
  for (let i = 0; i < n && i < 200; i++) out.push(await rowInfo(rows.nth(i)));
  return out;
}

/**
 * Polls (bounded) until `find` returns a value, re-running `onRetry` (e.g. a Refresh) every
 * `retryEveryMs`. Returns the value or throws with `describe()` in the message.
 */
export async function pollFor<T>(
  what: string,
  find: () => Promise<T | null | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number; onRetry?: () => Promise<void>; retryEveryMs?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 500;
  const deadline = Date.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / intervalMs) + 5;
  let lastRetry = Date.now();
  let lastError: unknown;
  for (let i = 0; i < maxAttempts && Date.now() < deadline; i++) {
    try {
      const v = await find();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    if (opts.onRetry && opts.retryEveryMs && Date.now() - lastRetry >= opts.retryEveryMs) {
      lastRetry = Date.now();
      await opts.onRetry().catch((e) => (lastError = e));
    }
    await sleep(intervalMs);
  }
  const extra = opts.describe ? await opts.describe().catch((e) => `(describe failed: ${e})`) : '';
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}` +
      (lastError ? `\nlast error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : '') +
      (extra ? `\n${extra}` : ''),
  );
}

/** Runs a command by its palette title (e.g. "Docker DB: Refresh") through F1 quick open. */
export async function runCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  // Close whatever quick input is open, then F1 (focus is in the workbench after any click in it).
  if (await widget.isVisible().catch(() => false)) await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = widget.locator('input.input, .quick-input-box input').first();
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator(`.label-name`, { hasText: title }) })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (err) {
    await page.keyboard.press('Escape').catch(() => undefined);
    throw new Error(`command "${title}" not found in the command palette: ${err instanceof Error ? err.message : err}`);
  }
  await row.click({ timeout: timeoutMs });
  await widget.waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => undefined);
}

/**
 * Best effort: drags the sash between side bar and editor so the side bar is `width` px wide
 * (tree descriptions are readable in screenshots). Never throws.
 */
export async function setSideBarWidth(page: Page, width: number): Promise<void> {
  try {
    const sidebar = await page.locator('.part.sidebar').boundingBox({ timeout: 5_000 });
    if (!sidebar) return;
    const x = sidebar.x + sidebar.width - 1;
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + width, y, { steps: 5 });
    await page.mouse.up();
  } catch {
    // cosmetic only
  }
}

/** Moves the mouse to a neutral spot so no hover tooltip covers a screenshot. */
export async function parkMouse(page: Page): Promise<void> {
  const vp = page.viewportSize();
  await page.mouse.move(vp ? vp.width - 5 : 1000, vp ? vp.height / 2 : 400).catch(() => undefined);
  await sleep(300); // hover effects fade out
}

/** Writes `<repo>/.artifacts/e2e/<name>.png` (or `name` when absolute; the viewport) and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const base = name.endsWith('.png') ? name : `${name}.png`;
  const file = path.isAbsolute(base) ? base : path.join(artifactsDir(), base);
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}

function listFiles(dir: string, depth = 0): string[] {
  if (depth > 8) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, depth + 1));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function tail(text: string, maxChars: number): string {
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
}

/** Log files under `<userDataDir>/logs` whose path matches `pattern`. */
export function findLogs(userDataDir: string, pattern: RegExp): string[] {
  return listFiles(path.join(userDataDir, 'logs'))
    .filter((f) => pattern.test(path.relative(userDataDir, f)))
    .sort();
}

/** The extension host log(s): `<userDataDir>/logs/**\/*exthost*.log` (tail of each). */
export function readExtensionHostLog(userDataDir: string, maxChars = 20_000): string {
  const files = findLogs(userDataDir, /exthost[^/]*\.log$/i);
  if (files.length === 0) return `(no exthost*.log under ${path.join(userDataDir, 'logs')})`;
  return files.map((f) => `--- ${path.relative(userDataDir, f)} ---\n${tail(fs.readFileSync(f, 'utf8'), maxChars)}`).join('\n');
}

/**
 * An extension's output channel as written to disk (a LogOutputChannel or plain channel named
 * `channelName`, e.g. "Docker DB"): files `<userDataDir>/logs/**\/<n>-<channelName>.log` or
 * `.../<extension id>/<channelName>.log`.
 */
export function readOutputChannel(userDataDir: string, channelName: string, maxChars = 20_000): string {
  const escaped = channelName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const files = findLogs(userDataDir, new RegExp(`(^|/)(\\d+-)?${escaped}\\.log$`, 'i'));
  if (files.length === 0) return `(no output channel log "${channelName}" under ${path.join(userDataDir, 'logs')})`;
  return files.map((f) => `--- ${path.relative(userDataDir, f)} ---\n${tail(fs.readFileSync(f, 'utf8'), maxChars)}`).join('\n');
}

/** Everything useful for a failure message: exthost log, output channel, browser console, code-server output. */
export function troubleshootingReport(parts: {
  userDataDir?: string;
  channelName?: string;
  consoleLog?: string;
  serverLog?: string;
}): string {
  const sections: string[] = [];
  if (parts.userDataDir) {
    sections.push(`=== extension host log ===\n${readExtensionHostLog(parts.userDataDir)}`);
    if (parts.channelName) sections.push(`=== output channel "${parts.channelName}" ===\n${readOutputChannel(parts.userDataDir, parts.channelName)}`);
  }
  if (parts.consoleLog) sections.push(`=== browser console (tail) ===\n${tail(parts.consoleLog, 10_000)}`);
  if (parts.serverLog) sections.push(`=== code-server output (tail) ===\n${tail(parts.serverLog, 10_000)}`);
  return sections.join('\n\n');
}

/** A CSS attribute-value string literal. */
function cssString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Escapes a CSS identifier (class name). */
function cssIdent(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);
}


export interface StatusBarItemInfo {
  /** The entry's DOM id (`<extension id>.<item id>` for extension items). */
  id: string;
  /** Visible text; codicons (`$(database)`) render as empty spans, so only the words remain. */
  text: string;
  ariaLabel: string;
  /** Codicon names rendered in the item, e.g. ["database"]. */
  icons: string[];
  classes: string[];
  /** `error` / `warning` / ... from the `<kind>-kind` class VS Code sets for statusBarItem.errorBackground / warningBackground; else `standard`. */
  kind: string;
  /** Computed `background-color` of the item. */
  backgroundColor: string;
  visible: boolean;
}

const STATUS_BAR_ITEMS = '.part.statusbar .statusbar-item';

/**
 * The status-bar entry (`.part.statusbar .statusbar-item`) whose aria-label — on the item or on
 * its label anchor — starts with `ariaLabelPrefix` (e.g. "Docker DB:"), or null when there is none.
 */
export async function statusBarItem(page: Page, ariaLabelPrefix: string): Promise<StatusBarItemInfo | null> {
  // The test tsconfig has no DOM lib: reach window/document through the element (ownerDocument).
  return page.locator(STATUS_BAR_ITEMS).evaluateAll((els, prefix): StatusBarItemInfo | null => {
    for (const el of els) {
      const candidates: Array<typeof el> = [el, ...Array.from(el.querySelectorAll('[aria-label]') as ArrayLike<typeof el>)];
      const labelled = candidates.find((e) => String(e.getAttribute('aria-label') ?? '').startsWith(prefix));
      if (!labelled) continue;
      const classes: string[] = Array.from(el.classList as ArrayLike<string>);
      const kindClass = classes.find((c) => c.endsWith('-kind'));
      const style = el.ownerDocument.defaultView.getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const icons: string[] = [];
      for (const i of Array.from(el.querySelectorAll('.codicon') as ArrayLike<typeof el>)) {
        for (const c of Array.from(i.classList as ArrayLike<string>)) if (c.startsWith('codicon-')) icons.push(c.slice('codicon-'.length));
      }
      return {
        id: String(el.id ?? ''),
        text: String(el.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ariaLabel: String(labelled.getAttribute('aria-label') ?? ''),
        icons,
        classes,
        kind: kindClass ? kindClass.slice(0, -'-kind'.length) : 'standard',
        backgroundColor: String(style.backgroundColor),
        visible: style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0,
      };
    }
    return null;
  }, ariaLabelPrefix);
}

/**
 * Computed `background-color` of a theme colour (e.g. "statusBarItem.errorBackground") in the
 * current workbench theme, as the browser paints it (rgb()/rgba()), for comparing with
 * StatusBarItemInfo.backgroundColor.
 */
export async function themeBackgroundColor(page: Page, colorId: string): Promise<string> {
  return page
    .locator('.monaco-workbench')
    .first()
    .evaluate((host, id): string => {
      const probe = host.ownerDocument.createElement('div');
      probe.style.backgroundColor = `var(--vscode-${id.replace(/\./g, '-')})`;
      probe.style.display = 'none';
      host.appendChild(probe);
      try {
        return String(host.ownerDocument.defaultView.getComputedStyle(probe).backgroundColor);
      } finally {
        probe.remove();
      }
    }, colorId);
}

/** Computed `background-color` of the first visible status-bar item without a background of its own (the baseline). */
export async function plainStatusBarBackground(page: Page): Promise<string | null> {
  return page.locator(STATUS_BAR_ITEMS).evaluateAll((els): string | null => {
    for (const el of els) {
      const classes: string[] = Array.from(el.classList as ArrayLike<string>);
      if (classes.some((c) => c.endsWith('-kind') || c === 'has-background-color')) continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 0 || box.height <= 0) continue;
      return String(el.ownerDocument.defaultView.getComputedStyle(el).backgroundColor);
    }
    return null;
  });
}

// ---------------------------------------------------------------------------------------------
// Editors, quick input, CodeLens, notifications (added for the Run Query e2e test).

/** A box in page coordinates. */
export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** What an editor group shows: its tabs and, for a text editor, the rendered lines and CodeLens. */
export interface EditorGroupInfo {
  /** Position in the DOM (left to right, top to bottom for the default grid). */
  index: number;
  box: Box;
  /** Label of the active tab ('' when none). */
  activeTab: string;
  tabs: string[];
  /** The rendered lines of the visible text editor, top to bottom (Monaco virtualises: only what is on screen). */
  lines: string[];
  lineBoxes: Box[];
  /** The rendered CodeLens lines (`.codelens-decoration`), top to bottom. */
  codeLenses: Array<{ text: string; box: Box }>;
}

/** Every editor group of the workbench, with its active editor's rendered text. */
export async function editorGroups(page: Page): Promise<EditorGroupInfo[]> {
  return page.locator('.part.editor .editor-group-container').evaluateAll((groups): EditorGroupInfo[] => {
    const boxOf = (e: { getBoundingClientRect(): { top: number; bottom: number; left: number; right: number } }): Box => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    // Monaco renders spaces as U+00A0.
    const text = (e: { textContent: string | null }) => String(e.textContent ?? '').replace(/\u00a0/g, ' ');
    return groups.map((g, index) => {
      const all = (sel: string) => Array.from(g.querySelectorAll(sel) as ArrayLike<typeof g>);
      const tabs = all('.tabs-container .tab').map((t) => text(t.querySelector('.label-name') ?? t).trim());
      const active = g.querySelector('.tabs-container .tab.active .label-name') ?? g.querySelector('.title .label-name');
      const editor = g.querySelector('.editor-container .monaco-editor');
      const byTop = (els: Array<typeof g>) =>
        els
          .map((e) => ({ e, top: e.getBoundingClientRect().top }))
          .sort((a, b) => a.top - b.top)
          .map((x) => x.e);
      const lineEls = editor ? byTop(Array.from(editor.querySelectorAll('.view-lines .view-line') as ArrayLike<typeof g>)) : [];
      const lensEls = editor ? byTop(Array.from(editor.querySelectorAll('.codelens-decoration') as ArrayLike<typeof g>)) : [];
      return {
        index,
        box: boxOf(g),
        activeTab: active ? text(active).trim() : '',
        tabs,
        lines: lineEls.map((e) => text(e)),
        lineBoxes: lineEls.map(boxOf),
        codeLenses: lensEls.map((e) => ({ text: text(e).replace(/\s+/g, ' ').trim(), box: boxOf(e) })),
      };
    });
  });
}

/** The editor group whose active tab is labelled `tabLabel`, or null. */
export async function editorGroupShowing(page: Page, tabLabel: string): Promise<EditorGroupInfo | null> {
  return (await editorGroups(page)).find((g) => g.activeTab === tabLabel) ?? null;
}

/** The text editor (`.monaco-editor`) in the group whose active tab is labelled `tabLabel`. */
export function editorFor(page: Page, tabLabel: string): Locator {
  const group = page
    .locator('.part.editor .editor-group-container')
    .filter({ has: page.locator('.tabs-container .tab.active .label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(tabLabel)}\\s*$`) }) })
    .first();
  return group.locator('.editor-container .monaco-editor').first();
}

/**
 * Waits (bounded) for the quick input, types `label` into it and clicks the row whose label is
 * exactly `label`; waits for the quick input to close. `placeholder`: only a quick input whose
 * input placeholder contains it counts (e.g. "Run queries of this file on").
 */
export async function pickQuickInputItem(page: Page, label: string, opts: { placeholder?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input.input, .quick-input-box input').first();
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  if (opts.placeholder) {
    const wanted = opts.placeholder;
    await pollFor(
      `a quick input with the placeholder "${wanted}"`,
      async () => ((await input.getAttribute('placeholder')) ?? '').includes(wanted) || ((await input.getAttribute('aria-label')) ?? '').includes(wanted),
      { timeoutMs, intervalMs: 100, describe: async () => `placeholder: ${JSON.stringify(await input.getAttribute('placeholder').catch(() => null))}` },
    );
  }
  await input.fill(label);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (err) {
    const rows = await widget.locator('.monaco-list-row').allInnerTexts().catch(() => []);
    await page.keyboard.press('Escape').catch(() => undefined);
    throw new Error(`no quick-pick item "${label}" (rows: ${JSON.stringify(rows)}): ${err instanceof Error ? err.message : err}`);
  }
  await row.click({ timeout: timeoutMs });
  await widget.waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => undefined);
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P, its name, the row whose label is exactly
 * `fileName`) and waits (bounded) until an editor group shows it as the active tab.
 */
export async function quickOpenFile(page: Page, fileName: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible().catch(() => false)) await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = widget.locator('input.input, .quick-input-box input').first();
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(fileName);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(fileName)}\\s*$`) }) })
    .first();
  // The file search may need a moment after startup: retype now and then (bounded).
  await pollFor(
    `Quick Open to list "${fileName}"`,
    async () => (await row.isVisible().catch(() => false)) || null,
    {
      timeoutMs,
      intervalMs: 250,
      retryEveryMs: 5_000,
      onRetry: async () => {
        await input.fill('');
        await input.fill(fileName);
      },
      describe: async () => `rows: ${JSON.stringify(await widget.locator('.monaco-list-row').allInnerTexts().catch(() => []))}`,
    },
  );
  await row.click({ timeout: timeoutMs });
  await pollFor(`an editor showing "${fileName}"`, async () => editorGroupShowing(page, fileName), {
    timeoutMs,
    intervalMs: 200,
    describe: async () => JSON.stringify(await editorGroups(page).catch(() => [])),
  });
}

/** The text of the notification toasts (and the notification center, when open). */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item')
    .allInnerTexts()
    .catch(() => []);
}

/** The status-bar entry whose DOM id ends with `idSuffix` (extension items: `<extension id>.<item id>`), or null. */
export function statusBarItemById(page: Page, idSuffix: string): Locator {
  return page.locator(`.part.statusbar .statusbar-item[id$=${cssString(idSuffix)}]`).first();
}

/** "Ln 2, Col 4" of the cursor in the active editor (the editor-selection status-bar entry), or null. */
export async function cursorPosition(page: Page): Promise<{ line: number; column: number } | null> {
  const text = (await page.locator('.part.statusbar [id="status.editor.selection"]').first().textContent({ timeout: 2_000 }).catch(() => null)) ?? '';
  const m = /Ln\s*(\d+),\s*Col\s*(\d+)/.exec(text);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
