/**
 * End-to-end: running SQL from a `.sql` editor on a database container, in a real VS Code
 * (code-server) driven through Chromium, against a real Docker engine.
 *
 * Two PostgreSQL fixture containers with published ports: `healthy`, and `blackholed`, whose
 * published port still accepts connections (docker-proxy listens on the host) but whose traffic to
 * the container is dropped by an iptables rule this test adds (and removes, even on failure).
 *
 * Acceptance:
 *  - Ctrl+Enter in the first statement asks for the target container (quick pick), runs the
 *    statement directly over the published port and shows the result beside the editor in the
 *    results panel "Results: <container>": a grid where NULL (an italic NULL marker) is distinct
 *    from the empty string, "1 row", and the transport badge `direct` whose tooltip says why;
 *  - the CodeLens above every statement then reads "Run on <container>";
 *  - after changing the target (status-bar item) to the black-holed container, the next run goes
 *    through docker exec (badge `exec`) and says why (the port accepted the connection but never answered);
 *  - a syntax error comes back in the Messages tab as "ERROR 42601: syntax error …".
 *
 * Needs: Docker engine, root with iptables (the rule is on the OUTPUT chain), code-server
 * (bash test/rig/ensure-code-server.sh), /usr/bin/chromium, and a .vsix (env DOCKERDB_VSIX, else the
 * newest docker-db-*.vsix in the repo root: npm run package).
 * Without CI set, missing pieces skip the suite; with CI set they fail it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import {
  TEST_RUN_ID,
  removeRunContainers,
  requireDocker,
  startPostgres,
  testDocker,
  waitForHealth,
  withTimeout,
} from '../support/docker';
import { artifactsDir, launchBrowser, requireChromium, type BrowserSession } from './support/browser';
import { requireCodeServer, startCodeServer, type CodeServer } from './support/codeServer';
import { requireVsix } from './support/vsix';
import { requireIptables, run, tcpCheck } from './support/blackHole';
import {
  cursorPosition,
  editorFor,
  editorGroupShowing,
  editorGroups,
  notificationTexts,
  openWorkbench,
  parkMouse,
  pickQuickInputItem,
  pollFor,
  quickOpenFile,
  screenshot,
  statusBarItemById,
  troubleshootingReport,
  type EditorGroupInfo,
} from './support/workbench';

const OUTPUT_CHANNEL = 'Docker DB';
const SQL_FILE = 'queries.sql';
const SQL_LINES = [
  "select 'hello' as greeting, null::text as nothing, '' as empty;",
  'select 42 as answer;',
  'selec 1;',
];
/** The quick pick runQuery/pickQueryTarget show (src/vscode/query/queryCommands.ts). */
const TARGET_PICK_PLACEHOLDER = 'Run queries of this file on';
/** DOM id suffix of the query-target status-bar item (`<extension id>.dockerDb.queryTarget`). */
const TARGET_ITEM_ID = '.dockerDb.queryTarget';
/** How long a run may take from the key press to the result on screen. */
const RESULT_TIMEOUT_MS = 30_000;

type Fixture = Awaited<ReturnType<typeof startPostgres>>;





/** What the results panel's webview shows (read in one evaluate). */
interface PanelSnapshot {
  /** data-seq of `.results-content`: the panel numbers its runs (0 before the first result). */
  seq: number;
  tabs: Array<{ label: string; selected: boolean }>;
  badge: string;
  badgeTitle: string;
  elapsed: string;
  rows: string;
  status: string;
  /** Grid of the visible tab (empty on the Messages tab). */
  headers: string[];
  cells: Array<Array<{ text: string; classes: string[]; fontStyle: string }>>;
  /** Text of the Messages tab (read even while hidden), whitespace collapsed. */
  messages: string;
}

describe('e2e: Run Query from a SQL editor on a container, direct and through docker exec (code-server + Chromium)', function () {
  this.timeout(180_000);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let workspaceDir: string | undefined;
  const fixtures: Fixture[] = [];
  let healthy: Fixture;
  let blackholed: Fixture;
  /** The iptables rule (without -I/-D) while it is in place. */
  let rule: string[] | null = null;
  const timings: string[] = [];

  /** Title (and editor tab label) of the results panel of a container (src/vscode/results/resultsPanel.ts). */
  const panelTitle = (name: string) => `Results: ${name}`;

  /** Removes the black-hole rule (exactly ours: same arguments, with -D). */
  const removeRule = async (): Promise<void> => {
    if (!rule) return;
    const r = rule;
    await run('iptables', ['-w', '5', '-D', ...r]);
    rule = null;
  };
  /** Last resort if the process exits without running the after hook (synchronous: 'exit' handlers must be). */
  const removeRuleOnExit = () => {
    if (!rule) return;
    try {
      execFileSync('iptables', ['-w', '5', '-D', ...rule], { timeout: 10_000, stdio: 'ignore' });
    } catch {
      // nothing more to do
    }
  };

  const report = (): string =>
    troubleshootingReport({
      userDataDir: server?.userDataDir,
      channelName: OUTPUT_CHANNEL,
      consoleLog: session?.consoleLog(),
      serverLog: server?.logs(),
    });

  const saveDiagnostics = async (tag: string): Promise<void> => {
    const safe = tag.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 80);
    if (session) await screenshot(session.page, `failure-${safe}`).catch(() => undefined);
    const text = `${await describeWorkbench().catch((e) => `(could not describe the workbench: ${e})`)}\n\n${report()}`;
    const file = path.join(artifactsDir(), `failure-${safe}.txt`);
    fs.writeFileSync(file, text);
    console.error(`[e2e] diagnostics for "${tag}" written to ${file}\n${text.slice(-8_000)}`);
  };

  /** Editor groups (tabs, rendered lines, CodeLens), notifications and the target item, for failure messages. */
  const describeWorkbench = async (): Promise<string> => {
    if (!session) return '';
    const page = session.page;
    const groups = await editorGroups(page).catch((e) => `(could not read editor groups: ${e})`);
    const toasts = await notificationTexts(page);
    const item = await statusBarItemById(page, TARGET_ITEM_ID)
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    const compact = Array.isArray(groups)
      ? groups.map((g) => ({ activeTab: g.activeTab, tabs: g.tabs, lines: g.lines, codeLenses: g.codeLenses.map((l) => l.text) }))
      : groups;
    const panel = await panelSnapshot(1_000).catch((e) => `(no results webview: ${e instanceof Error ? e.message.split('\n')[0] : e})`);
    return (
      `editor groups: ${JSON.stringify(compact, null, 1)}\nnotifications: ${JSON.stringify(toasts)}\nquery-target status-bar item: ${JSON.stringify(item)}\n` +
      `cursor: ${JSON.stringify(await cursorPosition(page))}\nresults webview: ${typeof panel === 'string' ? panel : JSON.stringify(panel)}`
    );
  };

  /**
   * The visible results webview's document: VS Code nests it in two iframes. A hidden results panel
   * has no webview (retainContextWhenHidden: false), but only the visible one is taken anyway.
   */
  const frame = (): FrameLocator =>
    session!.page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().frameLocator('iframe#active-frame');

  /** Tabs, toolbar, the visible tab's grid and the Messages text of the visible results panel. */
  const panelSnapshot = async (timeout = 2_000): Promise<PanelSnapshot> =>
    frame()
      .locator('#app')
      .evaluate((app): PanelSnapshot => {
        const win = app.ownerDocument.defaultView!;
        const all = (root: typeof app, sel: string) => Array.from(root.querySelectorAll(sel) as ArrayLike<typeof app>);
        const text = (e: typeof app | null) => String(e?.textContent ?? '').trim();
        const wrap = app.querySelector('.tab-panel:not([hidden]) .grid-wrap');
        const rows = wrap
          ? all(wrap, '.grid-body [role=row]').sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
          : [];
        return {
          seq: Number(app.querySelector('.results-content')?.getAttribute('data-seq') ?? '0'),
          tabs: all(app, '[role=tab]').map((t) => ({ label: text(t.querySelector('.tab-label')), selected: t.getAttribute('aria-selected') === 'true' })),
          badge: text(app.querySelector('.transport-badge')),
          badgeTitle: String(app.querySelector('.transport-badge')?.getAttribute('title') ?? ''),
          elapsed: text(app.querySelector('.results-toolbar .elapsed')),
          rows: text(app.querySelector('.results-toolbar .rows')),
          status: text(app.querySelector('.results-toolbar .status')),
          headers: wrap ? all(wrap, '[role=columnheader] .col-name').map((h) => String(h.textContent)) : [],
          cells: rows.map((r) =>
            all(r, '[role=gridcell]').map((c) => ({
              text: String(c.textContent),
              classes: Array.from(c.classList as ArrayLike<string>),
              fontStyle: String(win.getComputedStyle(c).fontStyle),
            })),
          ),
          messages: all(app, '.messages')
            .map((m) => String(m.textContent))
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim(),
        };
      }, undefined, { timeout });

  /** The group of queries.sql, waiting (bounded) until it is rendered. */
  const sqlGroup = (): Promise<EditorGroupInfo> =>
    pollFor(`the editor showing ${SQL_FILE}`, () => editorGroupShowing(session!.page, SQL_FILE), { timeoutMs: 10_000, intervalMs: 200, describe: describeWorkbench });

  /**
   * Focuses the queries.sql editor and puts the cursor on `line` (1-based), column 4 (inside the
   * statement's first word), with keys only; verifies it through the status bar's "Ln, Col".
   */
  const cursorInto = async (line: number): Promise<void> => {
    const page = session!.page;
    // A click on a rendered line focuses the editor (where the cursor lands does not matter: keys
    // move it next). page.mouse, not locator.click: Playwright's scroll-into-view would scroll
    // Monaco's own scrollable, and the CodeLens widgets sit over the top of the lines element.
    const group = await sqlGroup();
    const box = group.lineBoxes.find((b) => b.bottom - b.top > 4 && b.top >= group.box.top);
    assert.ok(box, `a rendered line of ${SQL_FILE} to click: ${await describeWorkbench()}`);
    await page.mouse.click(box.left + 40, (box.top + box.bottom) / 2);
    await page.keyboard.press('Control+Home');
    for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await pollFor(
      `the cursor at Ln ${line}, Col 4 of ${SQL_FILE}`,
      async () => {
        const pos = await cursorPosition(page);
        return pos !== null && pos.line === line && pos.column === 4;
      },
      { timeoutMs: 5_000, intervalMs: 100, describe: describeWorkbench },
    );
  };

  /**
   * Waits (bounded) until the editor group whose active tab is the results panel `title` shows a
   * result newer than run `afterSeq` passing `check`; returns the group, the panel and when it was first seen.
   */
  const waitForResult = async (
    title: string,
    afterSeq: number,
    check: (p: PanelSnapshot) => boolean,
    what: string,
  ): Promise<{ group: EditorGroupInfo; panel: PanelSnapshot; seenAt: number }> => {
    const found = await pollFor(
      what,
      async () => {
        const g = await editorGroupShowing(session!.page, title);
        if (!g) return null;
        const p = await panelSnapshot(500).catch(() => null);
        return p && p.seq > afterSeq && check(p) ? { group: g, panel: p } : null;
      },
      { timeoutMs: RESULT_TIMEOUT_MS, intervalMs: 50, describe: describeWorkbench },
    );
    return { ...found, seenAt: Date.now() };
  };

  /**
   * Waits (bounded) until the "Running on <target>…" progress notification is gone: the command
   * finished (VS Code keeps a progress notification up a moment after its task ends).
   */
  const waitForProgressGone = (target: string): Promise<true> =>
    pollFor(
      `the "Running on ${target}…" progress notification to close`,
      async () => !(await notificationTexts(session!.page)).some((t) => t.includes(`Running on ${target}`)) || null,
      { timeoutMs: 10_000, intervalMs: 100, describe: describeWorkbench },
    );

  before(async function () {
    const t0 = Date.now();
    await requireDocker(this);
    await requireIptables(this);
    requireCodeServer(this);
    requireChromium(this);
    const vsixPath = requireVsix(this);
    process.on('exit', removeRuleOnExit);

    try {
      const rand = crypto.randomBytes(4).toString('hex');
      healthy = await startPostgres({ name: `dockerdb-e2e-rq-healthy-${rand}`, health: 'pg_isready' });
      fixtures.push(healthy);
      blackholed = await startPostgres({ name: `dockerdb-e2e-rq-blackholed-${rand}`, health: 'pg_isready' });
      fixtures.push(blackholed);
      assert.ok(healthy.hostPort && blackholed.hostPort, `both fixtures should publish 5432: ${healthy.hostPort}, ${blackholed.hostPort}`);

      workspaceDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-rq-')));
      fs.writeFileSync(path.join(workspaceDir, SQL_FILE), `${SQL_LINES.join('\n')}\n`);

      // code-server starts while the fixtures become healthy.
      const t1 = Date.now();
      // allSettled, not all: a failed health wait must not leave a code-server starting after `after` ran.
      const settled = await Promise.allSettled([
        startCodeServer({ vsixPath: vsixPath, workspaceDir }).then((s) => (server = s)),
        waitForHealth(healthy.id, 'healthy', 60_000),
        waitForHealth(blackholed.id, 'healthy', 60_000),
      ]);
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      const t2 = Date.now();

      // Black-hole the published port of `blackholed`: docker-proxy still accepts on the host, but
      // its connection to the container is dropped. The health check (inside the container) is unaffected.
      const info = await withTimeout(testDocker().getContainer(blackholed.id).inspect(), 10_000, `inspect ${blackholed.name}`);
      const ip = Object.values(info.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress || (info.NetworkSettings as { IPAddress?: string }).IPAddress;
      assert.ok(ip && net.isIPv4(ip), `container IP of ${blackholed.name}: ${JSON.stringify(ip)}`);
      const r = ['OUTPUT', '-d', ip, '-p', 'tcp', '--dport', '5432', '-m', 'comment', '--comment', `dockerdb-e2e-${TEST_RUN_ID}`, '-j', 'DROP'];
      await run('iptables', ['-w', '5', '-I', ...r]);
      rule = r;
      const check = await tcpCheck(blackholed.hostPort!, 1_500);
      assert.ok(
        check.accepted && !check.answered,
        `the black hole should leave 127.0.0.1:${blackholed.hostPort} accepting but silent (docker-proxy on the host); got ${JSON.stringify(check)}. ` +
          'A Docker engine without the userland proxy (hairpin NAT) cannot reproduce this case.',
      );
      const healthyCheck = await tcpCheck(healthy.hostPort!, 5_000);
      assert.ok(healthyCheck.answered, `127.0.0.1:${healthy.hostPort} (healthy) should answer: ${JSON.stringify(healthyCheck)}`);

      session = await launchBrowser();
      await openWorkbench(session.page, server!.url);
      const t3 = Date.now();
      console.log(
        `[e2e] vsix ${path.basename(vsixPath)}; healthy ${healthy.name} :${healthy.hostPort}, blackholed ${blackholed.name} ` +
          `:${blackholed.hostPort} (${ip}); fixtures+code-server ${t2 - t1} ms, workbench ready ${t3 - t2} ms, setup total ${t3 - t0} ms`,
      );
    } catch (err) {
      await saveDiagnostics('run-query-before-all');
      throw err;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await saveDiagnostics(this.currentTest.fullTitle());
  });

  after(async function () {
    this.timeout(60_000);
    if (timings.length > 0) console.log(`[e2e] run-query timings (informational): ${timings.join('; ')}`);
    await session?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    // Before the containers go: the rule names the container's IP, which Docker may hand out again.
    try {
      await removeRule();
    } catch (e) {
      console.error(`[e2e] could not remove the iptables rule ${JSON.stringify(rule)}: ${e instanceof Error ? e.message : e}`);
    }
    process.removeListener('exit', removeRuleOnExit);
    for (const f of fixtures.reverse()) await f.remove().catch(() => undefined);
    // This run's containers only (removeTestContainers() would also remove other suites' running fixtures).
    await removeRunContainers().catch(() => undefined);
    if (workspaceDir) fs.rmSync(workspaceDir, { recursive: true, force: true });
  });

  it(`opens ${SQL_FILE}; every statement has a "Run on…" CodeLens while no target is picked`, async function () {
    const page = session!.page;
    await quickOpenFile(page, SQL_FILE);
    await editorFor(page, SQL_FILE).locator('.view-lines').first().waitFor({ state: 'visible', timeout: 30_000 });
    // The extension activates on the SQL language; its CodeLens provider then adds a lens per statement.
    const group = await pollFor(
      `a "Run on…" CodeLens above each of the ${SQL_LINES.length} statements`,
      async () => {
        const g = await editorGroupShowing(page, SQL_FILE);
        return g && g.codeLenses.filter((l) => l.text === 'Run on…').length === SQL_LINES.length ? g : null;
      },
      { timeoutMs: 60_000, intervalMs: 250, describe: describeWorkbench },
    );
    assert.deepEqual(
      group.lines.map((l) => l.trimEnd()).filter((l) => l !== ''),
      SQL_LINES,
      `the editor should show the file: ${JSON.stringify(group.lines)}`,
    );
    const item = statusBarItemById(page, TARGET_ITEM_ID);
    const itemText = await pollFor(
      'the query-target status-bar item asking to pick a container',
      async () => {
        const t = ((await item.textContent({ timeout: 1_000 }).catch(() => '')) ?? '').trim();
        return /Pick a database container/.test(t) ? t : null;
      },
      { timeoutMs: 15_000, intervalMs: 200, describe: describeWorkbench },
    );
    assert.match(itemText, /Pick a database container/);
  });

  it('Ctrl+Enter in the first statement asks for the container, runs it directly and shows the result beside', async function () {
    const page = session!.page;
    await cursorInto(1);
    const pressedAt = Date.now();
    await page.keyboard.press('Control+Enter');
    await pickQuickInputItem(page, healthy.name, { placeholder: TARGET_PICK_PLACEHOLDER, timeoutMs: 20_000 });
    const pickedAt = Date.now();
    const { group, panel, seenAt } = await waitForResult(
      panelTitle(healthy.name),
      0,
      (p) => p.headers.includes('greeting') && p.cells.length > 0,
      `the results panel "${panelTitle(healthy.name)}" with the first statement's result`,
    );
    timings.push(`healthy (direct): key → quick pick picked ${pickedAt - pressedAt} ms, picked → result on screen ${seenAt - pickedAt} ms`);
    await waitForProgressGone(healthy.name);
    await parkMouse(page);
    await screenshot(page, 'run-query');

    const text = JSON.stringify(panel);
    console.log(`[e2e] result on ${healthy.name}: ${text}`);

    // Beside: its own group, right of the SQL editor, which keeps its file.
    const sql = await sqlGroup();
    assert.notEqual(group.index, sql.index, `the result should open in another editor group: ${await describeWorkbench()}`);
    assert.ok(group.box.left >= sql.box.right - 2, `the result group should be right of the SQL editor: sql ${JSON.stringify(sql.box)}, result ${JSON.stringify(group.box)}`);

    // Toolbar: the transport badge and why (its tooltip), elapsed time, row count.
    assert.equal(panel.badge, 'direct', `transport badge: ${text}`);
    assert.match(panel.badgeTitle, new RegExp(`host port 127\\.0\\.0\\.1:${healthy.hostPort} answered`), `badge tooltip should name the port that answered: ${text}`);
    assert.match(panel.elapsed, /^\d[\d,]* ms$/, `elapsed: ${text}`);
    assert.equal(panel.rows, '1 row', text);
    assert.deepEqual(panel.tabs, [
      { label: 'Result', selected: true },
      { label: 'Messages', selected: false },
    ], `tabs: ${text}`);

    // Grid: NULL is an italic NULL marker with its own class, '' an empty cell.
    assert.deepEqual(panel.headers, ['greeting', 'nothing', 'empty'], `header row: ${text}`);
    assert.equal(panel.cells.length, 1, `one data row: ${text}`);
    const [greeting, nothing, empty] = panel.cells[0];
    assert.equal(greeting.text, 'hello', text);
    assert.equal(nothing.text, 'NULL', `NULL shown as the NULL marker: ${text}`);
    assert.ok(nothing.classes.includes('null'), `the NULL cell has the null class: ${JSON.stringify(nothing)}`);
    assert.equal(nothing.fontStyle, 'italic', JSON.stringify(nothing));
    assert.equal(empty.text, '', `'' shown as an empty cell: ${JSON.stringify(empty)}`);
    assert.ok(!empty.classes.includes('null'), `the empty cell is not a NULL: ${JSON.stringify(empty)}`);
    assert.notEqual(empty.fontStyle, 'italic', JSON.stringify(empty));
    assert.notEqual(nothing.text, empty.text, 'NULL and the empty string must look different');
    assert.ok(!/ERROR/.test(panel.messages), `no error expected: ${panel.messages}`);
  });

  it(`then the CodeLens above each statement read "Run on <container>" and the status bar names it`, async function () {
    const page = session!.page;
    const want = `Run on ${healthy.name}`;
    const group = await pollFor(
      `a "${want}" CodeLens above each statement`,
      async () => {
        const g = await editorGroupShowing(page, SQL_FILE);
        return g && g.codeLenses.filter((l) => l.text.startsWith(want)).length === SQL_LINES.length ? g : null;
      },
      { timeoutMs: 15_000, intervalMs: 200, describe: describeWorkbench },
    );
    assert.ok(group.codeLenses.every((l) => l.text.includes('Change target')), `each lens line offers "Change target": ${JSON.stringify(group.codeLenses.map((l) => l.text))}`);
    // Above: each lens sits between the previous statement's line and its own.
    const stmtBoxes = SQL_LINES.map((s) => group.lineBoxes[group.lines.findIndex((l) => l.trimEnd() === s)]);
    stmtBoxes.forEach((line, i) => {
      const lens = group.codeLenses[i].box;
      assert.ok(line, `line of statement ${i + 1} rendered: ${JSON.stringify(group.lines)}`);
      assert.ok(lens.bottom <= line.top + 1, `lens ${i + 1} ${JSON.stringify(lens)} should be above its statement ${JSON.stringify(line)}`);
      if (i > 0) assert.ok(lens.top >= stmtBoxes[i - 1].bottom - 1, `lens ${i + 1} should be below statement ${i}`);
    });
    const itemText = ((await statusBarItemById(page, TARGET_ITEM_ID).textContent({ timeout: 5_000 })) ?? '').trim();
    assert.equal(itemText, healthy.name, `the query-target status-bar item should name the container: ${JSON.stringify(itemText)}`);
  });

  it('after switching the target to the black-holed container, runs the second statement through docker exec and says why', async function () {
    const page = session!.page;
    // Change the target through the status-bar item (its command: Docker DB: Pick Query Target Container).
    await statusBarItemById(page, TARGET_ITEM_ID).click({ timeout: 10_000 });
    await pickQuickInputItem(page, blackholed.name, { placeholder: TARGET_PICK_PLACEHOLDER, timeoutMs: 20_000 });
    await pollFor(
      `the status-bar item and the CodeLens to name ${blackholed.name}`,
      async () => {
        const t = ((await statusBarItemById(page, TARGET_ITEM_ID).textContent({ timeout: 1_000 }).catch(() => '')) ?? '').trim();
        const g = await editorGroupShowing(page, SQL_FILE);
        return t === blackholed.name && g !== null && g.codeLenses.filter((l) => l.text.startsWith(`Run on ${blackholed.name}`)).length === SQL_LINES.length;
      },
      { timeoutMs: 15_000, intervalMs: 200, describe: describeWorkbench },
    );

    await cursorInto(2);
    const pressedAt = Date.now();
    await page.keyboard.press('Control+Enter');
    const { group, panel, seenAt } = await waitForResult(
      panelTitle(blackholed.name),
      0,
      (p) => p.headers.includes('answer') && p.cells.length > 0,
      `the results panel "${panelTitle(blackholed.name)}" with the second statement's result`,
    );
    const tookMs = seenAt - pressedAt;
    timings.push(`blackholed (exec after the probe): key → result on screen ${tookMs} ms`);
    console.log(`[e2e] black-holed port: Ctrl+Enter → result on screen in ${tookMs} ms (informational)`);
    // Nothing asked for a container this time.
    assert.ok(!(await page.locator('.quick-input-widget').isVisible().catch(() => false)), 'no quick pick expected: the target is remembered');
    await waitForProgressGone(blackholed.name);
    await parkMouse(page);
    await screenshot(page, 'run-query-exec');

    const text = JSON.stringify(panel);
    console.log(`[e2e] result on ${blackholed.name}: ${text}`);
    assert.equal(panel.badge, 'exec', `should run through docker exec: ${text}`);
    assert.match(
      panel.badgeTitle,
      new RegExp(`host port 127\\.0\\.0\\.1:${blackholed.hostPort} accepted the connection but never answered`),
      `badge tooltip should give the transport reason: ${text}`,
    );
    assert.deepEqual(panel.headers, ['answer'], `header: ${text}`);
    assert.deepEqual(panel.cells.map((r) => r.map((c) => c.text)), [['42']], `data row: ${text}`);
    assert.equal(panel.rows, '1 row', text);
    assert.ok(!/ERROR/.test(panel.messages), `no error expected: ${panel.messages}`);
    // The SQL editor stays where it was; both results panels are tabs of the group beside it.
    const sql = await sqlGroup();
    assert.notEqual(group.index, sql.index);
    assert.ok(
      group.tabs.includes(panelTitle(healthy.name)) && group.tabs.includes(panelTitle(blackholed.name)),
      `results tabs: ${JSON.stringify(group.tabs)}`,
    );
  });

  it('shows the syntax error of the third statement as ERROR 42601', async function () {
    const page = session!.page;
    await cursorInto(3);
    const before = (await panelSnapshot()).seq;
    const pressedAt = Date.now();
    await page.keyboard.press('Control+Enter');
    const { panel, seenAt } = await waitForResult(
      panelTitle(blackholed.name),
      before,
      (p) => /ERROR 42601/.test(p.messages),
      `the results panel "${panelTitle(blackholed.name)}" with the third statement's error`,
    );
    timings.push(`blackholed syntax error: key → result on screen ${seenAt - pressedAt} ms`);
    const text = JSON.stringify(panel);
    console.log(`[e2e] error result on ${blackholed.name}: ${text}`);
    assert.equal(panel.badge, 'exec', `still through docker exec: ${text}`);
    assert.ok(panel.tabs.some((t) => t.label === 'Messages' && t.selected), `the Messages tab should be shown: ${text}`);
    assert.match(panel.messages, /42601/, `SQLSTATE in Messages: ${text}`);
    assert.match(panel.messages, /ERROR 42601: syntax error at or near "selec"/, `error in Messages: ${text}`);
    assert.match(panel.messages, /statement 1, position 1/, `the error should say where: ${text}`);
    assert.equal(panel.cells.length, 0, `no result grid expected on the Messages tab: ${text}`);
    // No error notification: a SQL error is a result, not a failure of the command.
    await waitForProgressGone(blackholed.name);
    const toasts = await notificationTexts(page);
    // The one-time "answered through docker exec … Diagnose" notice about this container is expected.
    assert.ok(!toasts.some((t) => /failed|Docker DB:/.test(t) && !/answered through docker exec because its published port did not/.test(t)), `unexpected notifications: ${JSON.stringify(toasts)}`);
  });
});
