/**
 * End-to-end: the query results panel (a webview) in a real VS Code (code-server) driven through
 * Chromium, against a real PostgreSQL fixture container.
 *
 * A table holds an XSS corpus in its values and in a column name. Run File (Ctrl+Shift+Enter) on a
 * .sql file with four statements asks for the container, runs them and opens "Results: <container>":
 *  - a tab per result set that has columns (2) and a Messages tab with every command tag, the notice;
 *  - the toolbar's transport badge (tooltip: why), elapsed ms and row count;
 *  - NULL rendered unlike '' (class and text), numbers right-aligned;
 *  - the corpus shows as literal text, no element is created from it, `window.__xss` stays undefined;
 *  - the header's sort button (numeric, NULLs last), the quick filter (case-insensitive), both kept when the
 *    hidden panel is shown again (its webview reloads), keyboard selection,
 *    Enter opens the whole value, Ctrl+C copies (round trip through the host);
 *  - a file with a syntax error reuses the same panel and shows ERROR 42601 with statement and position;
 *  - Cancel stops a long statement (57014);
 *  - 10,000 rows (of 20,000, truncated) keep only a screenful of rows in the DOM, and scrolling to the end shows row 10000.
 *  - the toolbar's Fetch All Rows runs it again without the limit (20,000 rows); Pin keeps the panel and
 *    the next run opens a new one.
 *
 * Needs: Docker engine, code-server (bash test/rig/ensure-code-server.sh), /usr/bin/chromium and a .vsix
 * (env DOCKERDB_VSIX, else the newest docker-db-*.vsix in the repo root: npm run package).
 * Without CI set, missing pieces skip the suite; with CI set they fail it.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { execIn, requireDocker, startPostgres, waitForHealth } from '../support/docker';
import { artifactsDir, launchBrowser, requireChromium, type BrowserSession } from './support/browser';
import { requireCodeServer, startCodeServer, type CodeServer } from './support/codeServer';
import { requireVsix } from './support/vsix';
import { RESULT_TIMEOUT_MS, resultsFrame, resultSeq as resultSeqIn, runSqlFile, teardown, waitForResult as waitForResultIn } from './support/resultsPanel';
import { editorGroups, notificationTexts, openWorkbench, parkMouse, pollFor, quickOpenFile, screenshot, troubleshootingReport } from './support/workbench';

const OUTPUT_CHANNEL = 'Docker DB';

const XSS_COLUMN = '<img src=x onerror="window.__xss=1">';
const XSS_VALUES = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>', 'javascript:alert(1)', '</td></tr><script>', '$' + '{window.__xss=1}'];
/** n per row id 1..5: sorted numerically 2, 9, 10, 100, NULL (as text it would be 10, 100, 2, 9). */
const N_VALUES: Array<number | null> = [10, 9, 100, null, 2];

const sqlLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sqlIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

const MAIN_FILE = 'report.sql';
const MAIN_SQL = [
  "select 'hello' as greeting, null::text as nothing, '' as empty, 42 as answer;",
  `select id, n, payload, ${sqlIdent(XSS_COLUMN)} from xss order by id;`,
  "do $$ begin raise notice 'hello from plpgsql'; end $$;",
  'update xss set n = n where false;',
];
const BROKEN_FILE = 'broken.sql';
const BROKEN_SQL = ['select 1 as one;', 'selec 1;'];
const SLOW_FILE = 'slow.sql';
const SLOW_SQL = ['select pg_sleep(60);'];
const BIG_FILE = 'big.sql';
/** More rows than the default row limit (dockerDb.query.rowLimit: 10,000). */
const BIG_SQL = ['select g, md5(g::text) as h from generate_series(1, 20000) g;'];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface GridCell {
  text: string;
  classes: string[];
  textAlign: string;
  fontStyle: string;
}

interface GridSnapshot {
  headers: string[];
  rows: GridCell[][];
  rowNumbers: string[];
  count: string;
}

describe('e2e: the query results panel (code-server + Chromium)', function () {
  this.timeout(180_000);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let workspaceDir: string | undefined;
  let fixture: Awaited<ReturnType<typeof startPostgres>> | undefined;
  const timings: string[] = [];

  const panelTitle = () => `Results: ${fixture!.name}`;

  const report = (): string =>
    troubleshootingReport({ userDataDir: server?.userDataDir, channelName: OUTPUT_CHANNEL, consoleLog: session?.consoleLog(), serverLog: server?.logs() });

  const describeWorkbench = async (): Promise<string> => {
    if (!session) return '';
    const groups = await editorGroups(session.page).catch((e) => `(editor groups: ${e})`);
    const compact = Array.isArray(groups) ? groups.map((g) => ({ activeTab: g.activeTab, tabs: g.tabs })) : groups;
    const inner = await frame()
      .locator('body')
      .innerText({ timeout: 1_000 })
      .catch((e) => `(no results webview: ${e instanceof Error ? e.message.split('\n')[0] : e})`);
    return `editor groups: ${JSON.stringify(compact)}\nnotifications: ${JSON.stringify(await notificationTexts(session.page))}\nresults webview text:\n${inner}`;
  };

  const saveDiagnostics = async (tag: string): Promise<void> => {
    const safe = tag.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 80);
    if (session) await screenshot(session.page, `failure-${safe}`).catch(() => undefined);
    const text = `${await describeWorkbench().catch((e) => `(describe failed: ${e})`)}\n\n${report()}`;
    const file = path.join(artifactsDir(), `failure-${safe}.txt`);
    fs.writeFileSync(file, text);
    console.error(`[e2e] diagnostics for "${tag}" written to ${file}\n${text.slice(-6_000)}`);
  };

  /** The results webview's document: VS Code nests it in two iframes. Only this suite opens a webview. */
  const frame = (): FrameLocator => resultsFrame(session!.page);
  const runFile = (file: string, pick: boolean): Promise<number> => runSqlFile(session!.page, file, pick ? fixture!.name : null, describeWorkbench);
  const waitForResult = (after: number, what: string): Promise<number> => waitForResultIn(session!.page, after, what, describeWorkbench);
  const resultSeq = (timeout = 2_000): Promise<number> => resultSeqIn(session!.page, timeout);

  const tabLabels = async (): Promise<Array<{ label: string; selected: boolean }>> =>
    frame()
      .locator('[role=tab]')
      .evaluateAll((tabs) => tabs.map((t) => ({ label: String(t.querySelector('.tab-label')?.textContent ?? ''), selected: t.getAttribute('aria-selected') === 'true' })));

  const openTab = async (label: string): Promise<void> => {
    await frame().locator('[role=tab]').filter({ has: frame().locator('.tab-label', { hasText: new RegExp(`^${label}$`) }) }).click({ timeout: 10_000 });
  };

  /** Headers and rendered rows (in row order) of the grid in the visible tab. */
  const grid = async (): Promise<GridSnapshot> =>
    frame()
      .locator('.tab-panel:not([hidden]) .grid-wrap')
      .evaluate((wrap): GridSnapshot => {
        const win = wrap.ownerDocument.defaultView;
        const all = (root: typeof wrap, sel: string) => Array.from(root.querySelectorAll(sel) as ArrayLike<typeof wrap>);
        const rows = all(wrap, '.grid-body [role=row]').sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
        return {
          headers: all(wrap, '[role=columnheader] .col-name').map((h) => String(h.textContent)),
          rowNumbers: rows.map((r) => String(r.querySelector('[role=rowheader]')?.textContent ?? '')),
          rows: rows.map((r) =>
            all(r, '[role=gridcell]').map((c) => {
              const style = win.getComputedStyle(c);
              return { text: String(c.textContent), classes: Array.from(c.classList as ArrayLike<string>), textAlign: String(style.textAlign), fontStyle: String(style.fontStyle) };
            }),
          ),
          count: String(wrap.querySelector('.grid-count')?.textContent ?? ''),
        };
      });

  const column = (g: GridSnapshot, name: string): string[] => {
    const i = g.headers.indexOf(name);
    assert.ok(i >= 0, `column ${name} in ${JSON.stringify(g.headers)}`);
    return g.rows.map((r) => r[i].text);
  };

  before(async function () {
    await requireDocker(this);
    requireCodeServer(this);
    requireChromium(this);
    const vsixPath = requireVsix(this);
    try {
      fixture = await startPostgres({ name: `dockerdb-e2e-results-${crypto.randomBytes(4).toString('hex')}`, health: 'pg_isready' });
      workspaceDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-results-')));
      fs.writeFileSync(path.join(workspaceDir, MAIN_FILE), `${MAIN_SQL.join('\n')}\n`);
      fs.writeFileSync(path.join(workspaceDir, BROKEN_FILE), `${BROKEN_SQL.join('\n')}\n`);
      fs.writeFileSync(path.join(workspaceDir, SLOW_FILE), `${SLOW_SQL.join('\n')}\n`);
      fs.writeFileSync(path.join(workspaceDir, BIG_FILE), `${BIG_SQL.join('\n')}\n`);
      const settled = await Promise.allSettled([
        startCodeServer({ vsixPath: vsixPath, workspaceDir }).then((s) => (server = s)),
        waitForHealth(fixture.id, 'healthy', 60_000),
      ]);
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      // The corpus, through psql inside the container (SQL on stdin).
      const rows = XSS_VALUES.map((v, i) => `(${i + 1}, ${N_VALUES[i] ?? 'null'}, ${sqlLiteral(v)}, ${i === 3 ? "''" : i === 2 ? 'null' : sqlLiteral(`v${i + 1}`)})`);
      const setup = `create table xss (id int primary key, n int, payload text, ${sqlIdent(XSS_COLUMN)} text);\ninsert into xss values ${rows.join(', ')};\n`;
      const out = await execIn(fixture.id, ['psql', '-v', 'ON_ERROR_STOP=1', '-U', fixture.user, '-d', fixture.db], { stdin: setup, timeoutMs: 30_000 });
      assert.equal(out.exitCode, 0, `creating the corpus table: ${out.stdout}${out.stderr}`);
      session = await launchBrowser();
      await openWorkbench(session.page, server!.url);
    } catch (err) {
      await saveDiagnostics('results-before-all');
      throw err;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await saveDiagnostics(this.currentTest.fullTitle());
  });

  after(async function () {
    this.timeout(60_000);
    if (timings.length > 0) console.log(`[e2e] results panel timings (informational): ${timings.join('; ')}`);
    await teardown({ session, server, fixture, workspaceDir });
  });

  it('Run File opens the results panel: a tab per result set, Messages, and the toolbar', async function () {
    const pressedAt = await runFile(MAIN_FILE, true);
    await waitForResult(0, 'the results panel with a result');
    timings.push(`Run File → results panel painted ${Date.now() - pressedAt} ms (including the quick pick)`);
    const page = session!.page;
    await pollFor(`an editor tab "${panelTitle()}"`, async () => (await editorGroups(page)).some((g) => g.tabs.includes(panelTitle())), { timeoutMs: 10_000, intervalMs: 200, describe: describeWorkbench });

    assert.deepEqual(await tabLabels(), [
      { label: 'Result 1', selected: true },
      { label: 'Result 2', selected: false },
      { label: 'Messages', selected: false },
    ]);
    const badge = frame().locator('.transport-badge');
    assert.equal((await badge.textContent())?.trim(), 'direct');
    assert.match((await badge.getAttribute('title')) ?? '', /host port 127\.0\.0\.1:\d+/);
    assert.match((await frame().locator('.results-toolbar .elapsed').textContent()) ?? '', /^\d[\d,]* ms$/);
    assert.equal((await frame().locator('.results-toolbar .rows').textContent())?.trim(), '1 row');
    await parkMouse(page);
    await screenshot(page, 'results-panel');

    const g = await grid();
    assert.deepEqual(g.headers, ['greeting', 'nothing', 'empty', 'answer']);
    assert.equal(g.rows.length, 1);
    const [greeting, nothing, empty, answer] = g.rows[0];
    assert.equal(greeting.text, 'hello');
    // NULL and '' look different: a NULL marker in italics vs an empty cell.
    assert.equal(nothing.text, 'NULL');
    assert.ok(nothing.classes.includes('null') && !empty.classes.includes('null'), JSON.stringify([nothing, empty]));
    assert.equal(nothing.fontStyle, 'italic');
    assert.equal(empty.text, '');
    assert.notEqual(empty.fontStyle, 'italic');
    assert.equal(answer.text, '42');
    assert.equal(answer.textAlign, 'right', 'integers are right-aligned');
    assert.notEqual(greeting.textAlign, 'right');
    assert.deepEqual(g.rowNumbers, ['1']);

    await openTab('Messages');
    const messages = (await frame().locator('.tab-panel:not([hidden]) .messages').innerText()).replace(/\s+/g, ' ');
    for (const tag of ['SELECT 1', 'SELECT 5', 'DO', 'UPDATE 0', 'hello from plpgsql']) assert.ok(messages.includes(tag), `Messages should list ${tag}: ${messages}`);
    assert.ok(!/ERROR/.test(messages), messages);
  });

  it('renders the XSS corpus, in values and a column name, as literal text and runs none of it', async function () {
    await openTab('Result 2');
    assert.equal((await frame().locator('.results-toolbar .rows').textContent())?.trim(), '5 rows');
    const g = await grid();
    assert.deepEqual(g.headers, ['id', 'n', 'payload', XSS_COLUMN]);
    assert.deepEqual(column(g, 'payload'), XSS_VALUES);
    assert.deepEqual(column(g, XSS_COLUMN), ['v1', 'v2', 'NULL', '', 'v5']);
    const inner = await frame()
      .locator('#app')
      .evaluate((app) => ({
        xss: (app.ownerDocument.defaultView as unknown as Record<string, unknown>).__xss,
        elements: app.querySelectorAll('img, script, iframe, a, object, embed').length,
        handlers: app.ownerDocument.querySelectorAll('[onerror]').length,
      }));
    assert.equal(inner.xss, undefined, 'window.__xss must stay undefined in the webview');
    assert.equal(inner.elements, 0, 'no element may come out of a value');
    assert.equal(inner.handlers, 0, 'no onerror attribute anywhere in the document');
  });

  it('sorts by a numeric column numerically with NULLs last, and filters case-insensitively', async function () {
    const header = frame().locator('.tab-panel:not([hidden]) [role=columnheader]').filter({ has: frame().locator('.col-name', { hasText: /^n$/ }) });
    await header.locator('.sort-button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(column(await grid(), 'n'), ['2', '9', '10', '100', 'NULL']);
    await header.locator('.sort-button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(column(await grid(), 'n'), ['100', '10', '9', '2', 'NULL']);
    await header.locator('.sort-button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'none');
    assert.deepEqual(column(await grid(), 'id'), ['1', '2', '3', '4', '5']);

    const filter = frame().locator('.tab-panel:not([hidden]) .grid-filter');
    await filter.fill('SCRIPT>');
    await pollFor('the filter to keep 2 rows', async () => ((await grid()).rows.length === 2 ? true : null), { timeoutMs: 5_000, intervalMs: 100 });
    assert.deepEqual(column(await grid(), 'payload'), ['<script>window.__xss=1</script>', '</td></tr><script>']);
    await filter.fill('script');
    await pollFor('the filter to keep 3 rows', async () => ((await grid()).rows.length === 3 ? true : null), { timeoutMs: 5_000, intervalMs: 100 });
    const g = await grid();
    assert.deepEqual(column(g, 'id'), ['2', '3', '4']);
    assert.equal(g.count, '3 of 5 rows');
    await filter.fill('');
    await pollFor('all rows back', async () => ((await grid()).rows.length === 5 ? true : null), { timeoutMs: 5_000, intervalMs: 100 });
  });

  it('keeps the tab, sort and filter when the hidden panel is shown again (its webview is reloaded)', async function () {
    const page = session!.page;
    const header = frame().locator('.tab-panel:not([hidden]) [role=columnheader]').filter({ has: frame().locator('.col-name', { hasText: /^n$/ }) });
    await header.locator('.sort-button').click();
    await header.locator('.sort-button').click();
    const filter = frame().locator('.tab-panel:not([hidden]) .grid-filter');
    await filter.fill('script');
    await pollFor('3 rows sorted by n descending', async () => (JSON.stringify(column(await grid(), 'id')) === '["3","2","4"]' ? true : null), { timeoutMs: 5_000, intervalMs: 100 });
    await sleep(400); // the state is saved on change; scroll saves are debounced
    await frame().locator('#app').evaluate((app) => ((app.ownerDocument.defaultView as unknown as Record<string, unknown>).__marker = 1));

    // Another editor in the panel's group hides it; its tab shows it again.
    const resultsTab = page.locator('.part.editor .tabs-container .tab').filter({ hasText: panelTitle() }).first();
    await resultsTab.click();
    await quickOpenFile(page, SLOW_FILE);
    await pollFor('the results panel hidden', async () => ((await frame().locator('#app').count().catch(() => 1)) === 0 ? true : null), { timeoutMs: 10_000, intervalMs: 100, describe: describeWorkbench });
    await resultsTab.click();
    await pollFor('the reloaded results panel with 3 rows', async () => ((await grid().catch(() => null))?.rows.length === 3 ? true : null), { timeoutMs: 15_000, intervalMs: 100, describe: describeWorkbench });
    const marker = await frame().locator('#app').evaluate((app) => (app.ownerDocument.defaultView as unknown as Record<string, unknown>).__marker);
    assert.equal(marker, undefined, 'the webview should have been loaded again (retainContextWhenHidden: false)');
    assert.deepEqual((await tabLabels()).find((t) => t.selected)?.label, 'Result 2');
    assert.equal(await filter.inputValue(), 'script');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(column(await grid(), 'id'), ['3', '2', '4']);

    // Back to unsorted and unfiltered for the next test.
    await header.locator('.sort-button').click();
    await filter.fill('');
    await pollFor('all rows back in id order', async () => (JSON.stringify(column(await grid(), 'id')) === '["1","2","3","4","5"]' ? true : null), { timeoutMs: 5_000, intervalMs: 100 });
  });

  it('selects cells with the mouse and arrow keys, opens the whole value with Enter, copies with Ctrl+C', async function () {
    const page = session!.page;
    const cells = frame().locator('.tab-panel:not([hidden]) .grid-body [role=gridcell]');
    await cells.filter({ hasText: /^1$/ }).first().click();
    const gridEl = frame().locator('.tab-panel:not([hidden]) [role=grid]');
    const selected = async () =>
      gridEl.evaluate((g) => {
        const id = g.getAttribute('aria-activedescendant');
        const cell = id ? g.ownerDocument.getElementById(id) : null;
        return { text: cell ? String(cell.textContent) : null, selected: cell?.getAttribute('aria-selected') ?? null };
      });
    assert.deepEqual(await selected(), { text: '1', selected: 'true' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await selected(), { text: XSS_VALUES[1], selected: 'true' });
    await page.keyboard.press('Enter');
    const viewer = frame().locator('.tab-panel:not([hidden]) .viewer');
    await viewer.waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await viewer.locator('.viewer-value').textContent(), XSS_VALUES[1]);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden', timeout: 5_000 });
    await page.keyboard.press('Control+c');
    await pollFor('"Copied" in the status line (the host answered the copy request)', async () => /^Copied payload, row 2\.$/.test((await frame().locator('.results-toolbar .status').textContent()) ?? '') || null, {
      timeoutMs: 5_000,
      intervalMs: 100,
      describe: describeWorkbench,
    });
  });

  it('a file with a syntax error reuses the panel and shows ERROR 42601 with the statement and position in Messages', async function () {
    const before = await resultSeq();
    await runFile(BROKEN_FILE, true);
    await waitForResult(before, 'the error result');
    const tabs = (await editorGroups(session!.page)).flatMap((g) => g.tabs).filter((t) => t === panelTitle());
    assert.equal(tabs.length, 1, 'one results panel per container');
    assert.deepEqual(await tabLabels(), [
      { label: 'Result', selected: false },
      { label: 'Messages', selected: true },
    ]);
    const messages = (await frame().locator('.tab-panel:not([hidden]) .messages').innerText()).replace(/\s+/g, ' ');
    assert.match(messages, /ERROR 42601: syntax error at or near "selec"/);
    assert.match(messages, /statement 2, position 1/);
    assert.match(messages, /SELECT 1/);
    assert.match((await frame().locator('.results-toolbar .status').textContent()) ?? '', /42601/);
  });

  it('Re-run runs the same SQL again; Cancel stops a long statement', async function () {
    const before = await resultSeq();
    await frame().locator('.results-toolbar .rerun').click();
    await waitForResult(before, 'the re-run result');
    assert.match((await frame().locator('.tab-panel:not([hidden]) .messages').innerText()).replace(/\s+/g, ' '), /ERROR 42601/);

    const beforeSlow = await resultSeq();
    await runFile(SLOW_FILE, true);
    const cancel = frame().locator('.results-toolbar .cancel');
    await pollFor('Cancel enabled while the statement runs', async () => (await cancel.isEnabled().catch(() => false)) || null, { timeoutMs: 15_000, intervalMs: 100, describe: describeWorkbench });
    assert.match((await frame().locator('.results-toolbar .status').textContent()) ?? '', /Running on/);
    await sleep(500);
    const clickedAt = Date.now();
    await cancel.click();
    await waitForResult(beforeSlow, 'the cancelled result');
    timings.push(`Cancel → cancelled result ${Date.now() - clickedAt} ms`);
    assert.ok(Date.now() - clickedAt < 15_000);
    const messages = (await frame().locator('.tab-panel:not([hidden]) .messages').innerText()).replace(/\s+/g, ' ');
    assert.match(messages, /canceling statement due to user request/);
    assert.equal(await cancel.isEnabled(), false);
  });

  it('a truncated result of 10,000 rows says so and keeps only the rows on screen in the DOM', async function () {
    const before = await resultSeq();
    const pressedAt = await runFile(BIG_FILE, true);
    await waitForResult(before, 'the 10,000-row result');
    timings.push(`10,000 rows: Run File → painted ${Date.now() - pressedAt} ms (including the quick pick)`);
    assert.equal((await frame().locator('.results-toolbar .rows').textContent())?.trim(), '20,000 rows, truncated at 10,000');
    const g = await grid();
    assert.deepEqual(g.headers, ['g', 'h']);
    assert.ok(g.rows.length > 5 && g.rows.length < 100, `rows in the DOM: ${g.rows.length}`);
    assert.equal(g.rowNumbers[0], '1');
    const scroller = frame().locator('.tab-panel:not([hidden]) .grid-scroll');
    const height = await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      return Number(el.scrollHeight);
    });
    assert.ok(height >= 10_000 * 22, `the spacer stands for every row: scrollHeight ${height}`);
    const last = await pollFor('row 10000 rendered after scrolling to the end', async () => {
      const s = await grid();
      return s.rowNumbers.includes('10000') ? s : null;
    }, { timeoutMs: 5_000, intervalMs: 100, describe: describeWorkbench });
    assert.ok(last.rows.length < 100, `rows in the DOM after scrolling: ${last.rows.length}`);
    assert.deepEqual(column(last, 'g').slice(-1), ['10000']);
  });

  it('Fetch All Rows in the toolbar runs the query again without the row limit', async function () {
    const before = await resultSeq();
    const fetchAll = frame().locator('.results-toolbar .fetch-all');
    assert.equal(await fetchAll.isVisible(), true, 'offered on a truncated result');
    await fetchAll.click();
    await waitForResult(before, 'the result with every row');
    assert.equal((await frame().locator('.results-toolbar .rows').textContent())?.trim(), '20,000 rows');
    assert.equal(await fetchAll.isVisible(), false, 'nothing left to fetch');
  });

  it('Pin keeps the panel: the next run opens a new one', async function () {
    const page = session!.page;
    await frame().locator('.results-toolbar .pin').click();
    await pollFor('the pinned panel title', async () => ((await editorGroups(page)).some((g) => g.tabs.includes(`${panelTitle()} (pinned)`)) ? true : null), { timeoutMs: 10_000, intervalMs: 200, describe: describeWorkbench });
    assert.equal(await frame().locator('.results-toolbar .pin').getAttribute('aria-pressed'), 'true');
    await runFile(BROKEN_FILE, false);
    await pollFor('a second, unpinned results panel', async () => {
      const tabs = (await editorGroups(page)).flatMap((g) => g.tabs);
      return tabs.includes(panelTitle()) && tabs.includes(`${panelTitle()} (pinned)`) ? true : null;
    }, { timeoutMs: RESULT_TIMEOUT_MS, intervalMs: 200, describe: describeWorkbench });
  });
});
