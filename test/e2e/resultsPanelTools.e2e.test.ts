/**
 * End-to-end: the results panel's tools in a real VS Code (code-server) driven through Chromium,
 * against a real PostgreSQL fixture container. A table holds NULL, '', commas, quotes, a line
 * break, a pipe and non-ASCII text; `nextval('runs')` numbers every run of the query.
 *  - a column is resized by dragging its header edge and fitted by double-clicking it;
 *  - a rectangular range (click, shift+click) copies as TSV, CSV, JSON and Markdown, exactly
 *    (read back from the browser's clipboard);
 *  - Export writes the whole result set through the save dialog (the simple dialog), byte for byte;
 *  - clicking the error reveals its position in the SQL editor, reopening the closed document;
 *  - screenshots in a dark and a light theme (copied to media/screenshots when DOCKERDB_UPDATE_SCREENSHOTS=1);
 *  - after "Developer: Reload Window" the panel comes back with its data, and the sequence shows
 *    that the query did not run again.
 *
 * Needs what resultsPanel.e2e.test.ts needs (Docker, code-server, Chromium, a .vsix).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execIn, requireDocker, startPostgres, waitForHealth } from '../support/docker';
import { artifactsDir, launchBrowser, repoRoot, requireChromium, type BrowserSession } from './support/browser';
import { requireCodeServer, startCodeServer, type CodeServer } from './support/codeServer';
import { requireVsix } from './support/vsix';
import { resultsFrame, resultSeq, runSqlFile, teardown, waitForResult } from './support/resultsPanel';
import { cursorPosition, editorGroups, notificationTexts, openWorkbench, parkMouse, pickQuickInputItem, pollFor, quickOpenFile, runCommand, screenshot, troubleshootingReport } from './support/workbench';

const PEOPLE: Array<[string, string | null, string | null, string]> = [
  ['1', 'Ada', null, '10.50'],
  ['2', 'Bob, "the builder"', '', '7'],
  ['3', 'Zoë|Ünï', 'two\nlines', '-3.25'],
  ['4', 'Dee', 'tab\there', '0'],
];
const TOOLS_FILE = 'tools.sql';
/** `run` numbers the runs: the scalar subquery calls nextval once per run, not per row. */
const TOOLS_SQL = "select (select nextval('runs')) as run, id, name, note, amount from people order by id;";
const MISSING_FILE = 'missing.sql';
/** The error points at `nope`: line 4, column 3 of the file. */
const MISSING_SQL = 'select 1 as one;\n\nselect id,\n  nope from people;';

/** The workbench page's clipboard API (page.evaluate runs in Chromium, not in Node). */
declare const navigator: { clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } };

const lit = (s: string | null) => (s === null ? 'null' : `E'${s.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`);

describe('e2e: results panel tools: resize, range copy, export, error position, reload (code-server + Chromium)', function () {
  this.timeout(240_000);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let workspaceDir: string | undefined;
  let fixture: Awaited<ReturnType<typeof startPostgres>> | undefined;
  const page = () => session!.page;
  const frame = () => resultsFrame(page());

  const describeWorkbench = async (): Promise<string> => {
    if (!session) return '';
    const groups = await editorGroups(page()).catch((e) => `(editor groups: ${e})`);
    const inner = await frame().locator('body').innerText({ timeout: 1_000 }).catch((e) => `(no results webview: ${e instanceof Error ? e.message.split('\n')[0] : e})`);
    return `editor groups: ${JSON.stringify(Array.isArray(groups) ? groups.map((g) => g.tabs) : groups)}\nnotifications: ${JSON.stringify(await notificationTexts(page()))}\nresults webview text:\n${inner}`;
  };

  const status = async () => (await frame().locator('.results-toolbar .status').textContent()) ?? '';
  const statusMatches = (re: RegExp, what: string) => pollFor(what, async () => (re.test(await status()) ? true : null), { timeoutMs: 15_000, intervalMs: 100, describe: describeWorkbench });

  /** The browser's clipboard (vscode.env.clipboard writes it in code-server). */
  const clipboard = (): Promise<string> => page().evaluate(() => navigator.clipboard.readText());
  const clipboardAfter = async (action: () => Promise<void>, what: string): Promise<string> => {
    await page().evaluate(() => navigator.clipboard.writeText('(before)'));
    await action();
    return pollFor(what, async () => {
      const text = await clipboard().catch(() => '(before)');
      return text === '(before)' ? null : text;
    }, { timeoutMs: 10_000, intervalMs: 100, describe: describeWorkbench });
  };

  const cell = (vrow: number, col: number) => frame().locator(`.tab-panel:not([hidden]) .grid-body [data-vrow="${vrow}"][data-col="${col}"]`);
  const header = (name: string) => frame().locator('.tab-panel:not([hidden]) [role=columnheader]').filter({ has: frame().locator('.col-name', { hasText: new RegExp(`^${name}$`) }) });

  before(async function () {
    await requireDocker(this);
    requireCodeServer(this);
    requireChromium(this);
    const vsixPath = requireVsix(this);
    fixture = await startPostgres({ name: `dockerdb-e2e-tools-${crypto.randomBytes(4).toString('hex')}`, health: 'pg_isready' });
    workspaceDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-tools-')));
    fs.writeFileSync(path.join(workspaceDir, TOOLS_FILE), `${TOOLS_SQL}\n`);
    fs.writeFileSync(path.join(workspaceDir, MISSING_FILE), `${MISSING_SQL}\n`);
    const settled = await Promise.allSettled([
      startCodeServer({ vsixPath: vsixPath, workspaceDir, settings: { 'files.simpleDialog.enable': true, 'workbench.colorTheme': 'Default Dark Modern' } }).then((s) => (server = s)),
      waitForHealth(fixture.id, 'healthy', 60_000),
    ]);
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
    const setup = `create sequence runs;\ncreate table people (id int primary key, name text, note text, amount numeric);\ninsert into people values ${PEOPLE.map((p) => `(${p[0]}, ${lit(p[1])}, ${lit(p[2])}, ${p[3]})`).join(', ')};\n`;
    const out = await execIn(fixture.id, ['psql', '-v', 'ON_ERROR_STOP=1', '-U', fixture.user, '-d', fixture.db], { stdin: setup, timeoutMs: 30_000 });
    assert.equal(out.exitCode, 0, `creating the table: ${out.stdout}${out.stderr}`);
    session = await launchBrowser();
    await openWorkbench(page(), server!.url);
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server!.url).origin });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !session) return;
    const safe = this.currentTest.fullTitle().replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 80);
    await screenshot(page(), `failure-${safe}`).catch(() => undefined);
    const text = `${await describeWorkbench().catch((e) => `(describe failed: ${e})`)}\n\n${troubleshootingReport({ userDataDir: server?.userDataDir, channelName: 'Docker DB', consoleLog: session.consoleLog(), serverLog: server?.logs() })}`;
    fs.writeFileSync(path.join(artifactsDir(), `failure-${safe}.txt`), text);
    console.error(`[e2e] ${this.currentTest.fullTitle()} failed:\n${text.slice(-4_000)}`);
  });

  after(async function () {
    this.timeout(60_000);
    await teardown({ session, server, fixture, workspaceDir });
  });

  it('resizes a column by dragging its header edge and fits it with a double-click', async function () {
    await runSqlFile(page(), TOOLS_FILE, fixture!.name, describeWorkbench);
    await waitForResult(page(), 0, 'the people result', describeWorkbench);
    const name = header('name');
    const before = (await name.boundingBox())!;
    const handle = name.locator('.col-resize');
    const hb = (await handle.boundingBox())!;
    // The webview is an iframe of the page: page.mouse works in page coordinates, as boundingBox gives them.
    await page().mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page().mouse.down();
    await page().mouse.move(hb.x + hb.width / 2 + 60, hb.y + hb.height / 2, { steps: 6 });
    await page().mouse.move(hb.x + hb.width / 2 + 120, hb.y + hb.height / 2, { steps: 6 });
    await page().mouse.up();
    const dragged = (await name.boundingBox())!;
    assert.ok(Math.abs(dragged.width - (before.width + 120)) <= 3, `dragged by 120 px: ${before.width} → ${dragged.width}`);
    const cellBox = (await cell(0, 2).boundingBox())!;
    assert.ok(Math.abs(cellBox.width - dragged.width) <= 1, 'the column\'s cells follow the header');
    await handle.dblclick();
    const fitted = (await name.boundingBox())!;
    assert.ok(fitted.width < dragged.width - 40 && fitted.width > 60, `double-click fits the widest value: ${dragged.width} → ${fitted.width}`);
  });

  it('copies a rectangular range as TSV, CSV, JSON and Markdown, NULL distinct from empty', async function () {
    // Rows 2..4 (view rows 1..3) x columns name..note (2..3).
    await cell(1, 2).click();
    await cell(3, 3).click({ modifiers: ['Shift'] });
    assert.equal(await frame().locator('.tab-panel:not([hidden]) .grid-body [role=gridcell][aria-selected=true]').count(), 6);
    const tsv = await clipboardAfter(() => page().keyboard.press('Control+c'), 'the TSV copy on the clipboard');
    assert.equal(tsv, '"Bob, ""the builder"""\t\nZoë|Ünï\t"two\nlines"\nDee\t"tab\there"');
    await statusMatches(/^Copied 3 × 2 cells\.$/, 'the status line saying what was copied');

    const viaMenu = async (label: string) => {
      await cell(2, 2).click({ button: 'right' });
      await frame().locator('.menu [role=menuitem]').filter({ hasText: label }).click();
    };
    assert.equal(await clipboardAfter(() => viaMenu('Copy as CSV'), 'CSV'), 'name,note\r\n"Bob, ""the builder""",""\r\nZoë|Ünï,"two\nlines"\r\nDee,tab\there\r\n');
    assert.equal(await clipboardAfter(() => viaMenu('Copy as JSON'), 'JSON'), '[\n  {"name": "Bob, \\"the builder\\"", "note": ""},\n  {"name": "Zoë|Ünï", "note": "two\\nlines"},\n  {"name": "Dee", "note": "tab\\there"}\n]\n');
    assert.equal(await clipboardAfter(() => viaMenu('Copy as Markdown'), 'Markdown'), '| name | note |\n| --- | --- |\n| Bob, "the builder" |  |\n| Zoë\\|Ünï | two<br>lines |\n| Dee | tab\there |\n');

    // Row 1's NULL: the NULL token in TSV, an empty unquoted field in CSV, null in JSON.
    await cell(0, 3).click();
    assert.equal(await clipboardAfter(() => page().keyboard.press('Control+c'), 'the NULL cell'), 'NULL');
    await frame().locator('.tab-panel:not([hidden]) .grid-body [data-vrow="0"][data-col="-1"]').click();
    assert.equal(await clipboardAfter(async () => {
      await cell(0, 1).click({ button: 'right' });
      await frame().locator('.menu [role=menuitem]').filter({ hasText: 'Copy as CSV' }).click();
    }, 'row 1 as CSV'), 'run,id,name,note,amount\r\n1,1,Ada,,10.50\r\n');
  });

  it('exports the whole result set through the save dialog, byte for byte', async function () {
    // The save dialog proposes <workspace>/<container>-result-<tab>.csv; the simple dialog is a quick input holding that path.
    const target = path.join(workspaceDir!, `${fixture!.name}-result-1.csv`);
    await frame().locator('.results-toolbar .export-menu').click();
    await frame().locator('.menu [role=menuitem]').filter({ hasText: 'Export as CSV' }).click();
    const input = page().locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await pollFor('the save dialog proposing the default file', async () => ((await input.inputValue()).endsWith(path.basename(target)) ? true : null), { timeoutMs: 10_000, intervalMs: 100, describe: async () => `input: ${await input.inputValue().catch(() => '?')}` });
    await page().keyboard.press('Enter');
    await pollFor(`${target} written`, async () => (fs.existsSync(target) ? true : null), { timeoutMs: 20_000, intervalMs: 100, describe: describeWorkbench });
    const expected = ['run,id,name,note,amount', '1,1,Ada,,10.50', '1,2,"Bob, ""the builder""","",7', '1,3,Zoë|Ünï,"two\nlines",-3.25', '1,4,Dee,tab\there,0', ''].join('\r\n');
    assert.ok(fs.readFileSync(target).equals(Buffer.from(expected, 'utf8')), `exported file:\n${fs.readFileSync(target, 'utf8')}`);
    await statusMatches(new RegExp(`^Exported 4 rows \\(\\d+ bytes\\) to ${fixture!.name}-result-1\\.csv`), 'the export reported in the status line');
  });

  it('screenshots of the panel in a dark and a light theme', async function () {
    // More room for the panel, no horizontal scroll left over from earlier clicks, a range selected.
    await runCommand(page(), 'View: Toggle Primary Side Bar Visibility');
    await frame().locator('.tab-panel:not([hidden]) .grid-scroll').evaluate((el) => (el.scrollLeft = 0));
    await cell(1, 1).click();
    await cell(2, 2).click({ modifiers: ['Shift'] });
    await parkMouse(page());
    const shots = [await screenshot(page(), 'results-panel-dark')];
    await runCommand(page(), 'Preferences: Color Theme');
    await pickQuickInputItem(page(), 'Light Modern', { timeoutMs: 15_000 });
    await pollFor('the light theme applied', async () => ((await page().locator('.monaco-workbench.vs').count()) > 0 ? true : null), { timeoutMs: 20_000, intervalMs: 200, describe: describeWorkbench });
    await parkMouse(page());
    shots.push(await screenshot(page(), 'results-panel-light'));
    await runCommand(page(), 'View: Toggle Primary Side Bar Visibility');
    if (process.env.DOCKERDB_UPDATE_SCREENSHOTS === '1') for (const s of shots) fs.copyFileSync(s, path.join(repoRoot(), 'media', 'screenshots', path.basename(s)));
    for (const s of shots) assert.ok(fs.statSync(s).size > 10_000, s);
  });

  it('clicking the error reveals its position in the SQL editor, reopening the closed document', async function () {
    const before = await resultSeq(page());
    await runSqlFile(page(), MISSING_FILE, fixture!.name, describeWorkbench);
    await waitForResult(page(), before, 'the error result', describeWorkbench);
    const link = frame().locator('.banner-error .error-link');
    assert.match((await link.textContent()) ?? '', /ERROR 42703: column "nope" does not exist/);
    // Close the SQL editor (focus is in it after Run File), then click the error.
    await quickOpenFile(page(), MISSING_FILE);
    await runCommand(page(), 'View: Close Editor');
    await pollFor('missing.sql closed', async () => ((await editorGroups(page())).some((g) => g.tabs.includes(MISSING_FILE)) ? null : true), { timeoutMs: 10_000, intervalMs: 100, describe: describeWorkbench });
    await link.click();
    await pollFor('missing.sql open again with the cursor on "nope" (Ln 4, Col 3)', async () => {
      const pos = await cursorPosition(page());
      return (await editorGroups(page())).some((g) => g.activeTab === MISSING_FILE) && pos?.line === 4 && pos.column === 3 ? true : null;
    }, { timeoutMs: 15_000, intervalMs: 200, describe: async () => `${JSON.stringify(await cursorPosition(page()))}\n${await describeWorkbench()}` });
    // The Messages tab's error is the same link.
    assert.equal(await frame().locator('.messages-error .error-link').count(), 1);
  });

  it('after Reload Window the panel comes back with its data without running the query again', async function () {
    const before = await resultSeq(page());
    await runSqlFile(page(), TOOLS_FILE, null, describeWorkbench);
    const seq = await waitForResult(page(), before, 'the people result again', describeWorkbench);
    await frame().locator('[role=tab]').filter({ hasText: 'Result' }).first().click();
    const run = await cell(0, 0).textContent();
    assert.equal(run, '2', 'the second run of the query');
    const elapsed = await frame().locator('.results-toolbar .elapsed').textContent();
    await runCommand(page(), 'Developer: Reload Window');
    await page().waitForLoadState('load');
    await page().locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await pollFor('the restored results panel', async () => ((await resultSeq(page(), 500)) === seq ? true : null), { timeoutMs: 60_000, intervalMs: 250, describe: describeWorkbench });
    await frame().locator('[role=tab]').filter({ hasText: 'Result' }).first().click();
    assert.equal(await cell(0, 0).textContent(), '2', 'the same data');
    assert.equal(await frame().locator('.results-toolbar .elapsed').textContent(), elapsed);
    assert.equal(await cell(1, 2).textContent(), 'Bob, "the builder"');
    const last = await execIn(fixture!.id, ['psql', '-At', '-U', fixture!.user, '-d', fixture!.db, '-c', 'select last_value from runs'], { timeoutMs: 30_000 });
    assert.equal(last.stdout.trim(), '2', 'nextval was not called again: the query did not re-run');
  });
});
