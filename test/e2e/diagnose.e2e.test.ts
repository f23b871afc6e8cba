/**
 * End-to-end: Diagnose Connection in a real VS Code (code-server) driven through Chromium, on a
 * real PostgreSQL fixture container whose published port is black-holed: docker-proxy accepts on
 * the host, but an iptables rule (per-run comment, removed after) drops the traffic to the container.
 *
 * Acceptance (issue 6):
 *  - "Diagnose Connection" from the container's context menu in the Containers view opens the
 *    report panel "Diagnosis: <container>": verdict `degraded`, root cause `handshake-timeout`,
 *    the forwarding explanation (docker-proxy/iptables), working transport `exec`, one row per check;
 *  - Copy as Markdown puts a bug-report-ready report on the clipboard (verdict, root cause,
 *    transport, the checks table, environment; not the password);
 *  - Re-run diagnoses again in the same panel;
 *  - the workspace's .env names a wrong port: its row links to .env:2, which opens the file at that line;
 *  - the tree row shows the verdict ("degraded: exec only");
 *  - a query on that container still returns rows, through docker exec (results badge `exec`), and
 *    a notification then offers Diagnose (once per container), which diagnoses again;
 *  - the command palette's Diagnose Connection asks for the container (quick pick);
 *  - the status bar's tooltip has a Diagnose link for an unhealthy database (a second fixture), which opens its report;
 *  - pausing the container clears the tree's verdict; a query on it then fails, and the error
 *    notification's Diagnose button shows it down (container-not-running).
 * The report is saved as .artifacts/e2e/diagnose-report.png (copied to media/screenshots/ for the README).
 *
 * Needs: Docker engine, root with iptables, code-server (bash test/rig/ensure-code-server.sh),
 * /usr/bin/chromium and a .vsix (env DOCKERDB_VSIX, else the newest docker-db-*.vsix: npm run package).
 * Without CI set, missing pieces skip the suite; with CI set they fail it.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { removeRunContainers, requireDocker, startPostgres, testDocker, waitForHealth, withTimeout } from '../support/docker';
import { blackHolePostgres, requireIptables, tcpCheck, type BlackHole } from './support/blackHole';
import { artifactsDir, launchBrowser, requireChromium, type BrowserSession } from './support/browser';
import { requireCodeServer, startCodeServer, type CodeServer } from './support/codeServer';
import { requireVsix } from './support/vsix';
import {
  cursorPosition,
  editorGroupShowing,
  editorGroups,
  findTreeRow,
  notificationTexts,
  openViewContainer,
  openWorkbench,
  parkMouse,
  pickQuickInputItem,
  pollFor,
  quickOpenFile,
  rowInfo,
  runCommand,
  screenshot,
  setSideBarWidth,
  statusBarItemById,
  treeRows,
  troubleshootingReport,
} from './support/workbench';

const VIEW_ID = 'dockerDb.containers';
const CONTAINER_TITLE = 'Docker DB';
const OUTPUT_CHANNEL = 'Docker DB';
const SQL_FILE = 'check.sql';
const SQL = "select 'still answers' as greeting, 42 as answer;";
const TARGET_PICK_PLACEHOLDER = 'Run queries of this file on';
/** The port the workspace's .env wrongly names (nothing publishes it). */
const WRONG_PORT = 5999;
/** A diagnosis of a black-holed port takes ~1.5 s (the probe budget); the rest is the machine being shared. */
const REPORT_TIMEOUT_MS = 30_000;

/** What the Diagnose Connection webview shows (read in one evaluate). */
interface ReportSnapshot {
  seq: number;
  title: string;
  running: boolean;
  verdict: string;
  rootCause: string;
  transport: string;
  summary: string;
  fixSteps: string[];
  checks: Array<{ id: string; status: string; text: string }>;
  status: string;
}

describe('e2e: Diagnose Connection on a black-holed PostgreSQL port (code-server + Chromium)', function () {
  this.timeout(180_000);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let workspaceDir: string | undefined;
  let fixture: Awaited<ReturnType<typeof startPostgres>> | undefined;
  /** A database whose health check fails: the status bar lists it with a Diagnose link. */
  let unhealthy: Awaited<ReturnType<typeof startPostgres>> | undefined;
  let hole: BlackHole | undefined;
  const timings: string[] = [];
  /** The newest report seen: a hidden panel cannot be asked. */
  let lastSeq = 0;

  const page = () => session!.page;

  /** The inner document of the visible webview that has `selector` (VS Code nests each webview in two iframes). */
  const webviewWith = async (selector: string): Promise<FrameLocator | null> => {
    const outer = page().locator('iframe.webview.ready').filter({ visible: true });
    const n = await outer.count();
    for (let i = 0; i < n; i++) {
      const inner = outer.nth(i).contentFrame().frameLocator('iframe#active-frame');
      if ((await inner.locator(selector).count().catch(() => 0)) > 0) return inner;
    }
    return null;
  };
  const reportFrame = () => webviewWith('.diagnosis-content');

  const reportSnapshot = async (): Promise<ReportSnapshot | null> => {
    const frame = await reportFrame();
    if (!frame) return null;
    return frame.locator('#app').evaluate((app): ReportSnapshot => {
      const text = (sel: string) => String(app.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const all = (sel: string) => Array.from(app.querySelectorAll(sel) as ArrayLike<typeof app>);
      return {
        seq: Number(app.querySelector('.diagnosis-content')?.getAttribute('data-seq') ?? '0'),
        title: text('h1'),
        running: app.classList.contains('running'),
        verdict: String(app.querySelector('.verdict')?.getAttribute('data-verdict') ?? ''),
        rootCause: text('.facts .root-cause td'),
        transport: String(app.querySelector('.facts .transport td')?.getAttribute('data-transport') ?? ''),
        summary: text('.summary'),
        fixSteps: all('.fix-steps li').map((li) => String(li.textContent ?? '').trim()),
        checks: all('tr.check').map((tr) => ({ id: String(tr.getAttribute('data-check-id')), status: String(tr.getAttribute('data-status')), text: String(tr.textContent ?? '').replace(/\s+/g, ' ').trim() })),
        status: text('.status-line'),
      };
    });
  };

  const describeWorkbench = async (): Promise<string> => {
    if (!session) return '';
    const groups = await editorGroups(page()).catch((e) => `(editor groups: ${e})`);
    const compact = Array.isArray(groups) ? groups.map((g) => ({ activeTab: g.activeTab, tabs: g.tabs })) : groups;
    const rows = await treeRows(page(), VIEW_ID).catch((e) => `(rows: ${e})`);
    const snap = await reportSnapshot().catch((e) => `(report: ${e})`);
    return `editor groups: ${JSON.stringify(compact)}\nnotifications: ${JSON.stringify(await notificationTexts(page()))}\nrows: ${JSON.stringify(rows)}\nreport: ${JSON.stringify(snap, null, 1)}`;
  };

  const saveDiagnostics = async (tag: string): Promise<void> => {
    const safe = tag.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 80);
    if (session) await screenshot(page(), `failure-${safe}`).catch(() => undefined);
    const report = troubleshootingReport({ userDataDir: server?.userDataDir, channelName: OUTPUT_CHANNEL, consoleLog: session?.consoleLog(), serverLog: server?.logs() });
    const text = `${await describeWorkbench().catch((e) => `(describe failed: ${e})`)}\n\n${report}`;
    const file = path.join(artifactsDir(), `failure-${safe}.txt`);
    fs.writeFileSync(file, text);
    console.error(`[e2e] diagnostics for "${tag}" written to ${file}\n${text.slice(-6_000)}`);
  };

  /** Waits (bounded) for a report newer than run `after` passing `check`. */
  const waitForReport = (after: number, check: (s: ReportSnapshot) => boolean, what: string): Promise<ReportSnapshot> =>
    pollFor(
      what,
      async () => {
        const s = await reportSnapshot().catch(() => null);
        if (!s || s.seq <= after || s.running || !check(s)) return null;
        lastSeq = s.seq;
        return s;
      },
      { timeoutMs: REPORT_TIMEOUT_MS, intervalMs: 100, describe: describeWorkbench },
    );

  /**
   * Other suites load this 2-core machine: an exec or probe can overrun its budget. The report says
   * so ("did not finish within … ms") and advises a re-run; do that (at most twice) before asserting.
   */
  const settle = async (report: ReportSnapshot): Promise<ReportSnapshot> => {
    let s = report;
    for (let attempt = 1; attempt <= 2 && s.checks.some((c) => /did not finish within \d+ ms/.test(c.text)); attempt++) {
      console.log(`[e2e] a check overran its budget (${s.checks.filter((c) => /did not finish/.test(c.text)).map((c) => c.id).join(', ')}); Re-run ${attempt}`);
      await (await reportFrame())!.locator('.rerun').click();
      s = await waitForReport(s.seq, () => true, `the report after Re-run ${attempt}`);
    }
    return s;
  };

  /** The fixture's row in the Containers view (bounded wait; refreshes now and then). */
  const fixtureRow = (check: (description: string, ariaLabel: string) => boolean, what: string): Promise<Locator> =>
    pollFor(
      what,
      async () => {
        const row = await findTreeRow(page(), VIEW_ID, fixture!.name);
        if (!row) return null;
        const info = await rowInfo(row);
        return info.label === fixture!.name && check(info.description, info.ariaLabel) ? row : null;
      },
      { timeoutMs: 60_000, intervalMs: 300, retryEveryMs: 15_000, onRetry: () => runCommand(page(), 'Docker DB: Refresh'), describe: describeWorkbench },
    );

  /** Pauses the fixture; the freezer can fail on a loaded machine ("unable to freeze"): bounded retries. */
  const pauseFixture = async (): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(testDocker().getContainer(fixture!.id).pause(), 15_000, `pause ${fixture!.name}`);
        return;
      } catch (err) {
        if (attempt >= 3 || !/unable to freeze/.test(String(err))) throw err;
        console.log(`[e2e] pause attempt ${attempt} failed (${String(err).split('\n')[0]}); retrying`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };

  /** Opens check.sql, clicks into its statement and presses Run Query (Ctrl+Enter). */
  const runQueryKey = async (): Promise<void> => {
    await quickOpenFile(page(), SQL_FILE);
    const group = await pollFor(`${SQL_FILE} with its lines`, async () => {
      const g = await editorGroupShowing(page(), SQL_FILE);
      return g && g.lineBoxes.some((b) => b.bottom - b.top > 4) ? g : null;
    }, { timeoutMs: 30_000, intervalMs: 200, describe: describeWorkbench });
    const line = group.lineBoxes.find((b) => b.bottom - b.top > 4 && b.top >= group.box.top)!;
    await page().mouse.click(line.left + 40, (line.top + line.bottom) / 2);
    await page().keyboard.press('Control+Enter');
  };

  /** Right-clicks `row` and picks `label` from its context menu. */
  const contextMenu = async (row: Locator, label: string): Promise<void> => {
    await row.click({ button: 'right' });
    const item = page().locator('.context-view .monaco-menu .action-label').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: 10_000 });
    } catch (err) {
      const items = await page().locator('.context-view .monaco-menu .action-label').allInnerTexts().catch(() => []);
      await page().keyboard.press('Escape').catch(() => undefined);
      throw new Error(`no context menu item "${label}" (items: ${JSON.stringify(items)}): ${err instanceof Error ? err.message : err}`);
    }
    await item.click();
    // A menu can ignore a click that comes right after it opened; the item is focused by the hover, so Enter picks it.
    const menu = page().locator('.context-view .monaco-menu');
    for (let i = 0; i < 3 && (await menu.isVisible().catch(() => false)); i++) {
      await page().waitForTimeout(300);
      if (!(await menu.isVisible().catch(() => false))) break;
      await item.hover().catch(() => undefined);
      await page().keyboard.press('Enter');
    }
  };

  before(async function () {
    await requireDocker(this);
    await requireIptables(this);
    requireCodeServer(this);
    requireChromium(this);
    const vsixPath = requireVsix(this);
    try {
      const rand = crypto.randomBytes(4).toString('hex');
      fixture = await startPostgres({ name: `dockerdb-e2e-diagnose-${rand}`, health: 'pg_isready' });
      unhealthy = await startPostgres({ name: `dockerdb-e2e-diagnose-unhealthy-${rand}`, health: 'failing', publish: false });
      assert.ok(fixture.hostPort, `the fixture should publish 5432: ${fixture.hostPort}`);
      workspaceDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-diagnose-')));
      fs.writeFileSync(path.join(workspaceDir, SQL_FILE), `${SQL}\n`);
      // The app's settings name a port nothing publishes: a config finding with file and line (line 2).
      fs.writeFileSync(path.join(workspaceDir, '.env'), `# app settings\nDATABASE_URL=postgres://${fixture.user}:${fixture.password}@localhost:${WRONG_PORT}/${fixture.db}\n`);
      const settled = await Promise.allSettled([startCodeServer({ vsixPath, workspaceDir }).then((s) => (server = s)), waitForHealth(fixture.id, 'healthy', 60_000)]);
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      hole = await blackHolePostgres(fixture.id);
      const check = await tcpCheck(fixture.hostPort!, 1_500);
      assert.ok(
        check.accepted && !check.answered,
        `the black hole should leave 127.0.0.1:${fixture.hostPort} accepting but silent (docker-proxy on the host); got ${JSON.stringify(check)}. ` +
          'A Docker engine without the userland proxy (hairpin NAT) cannot reproduce this case.',
      );
      session = await launchBrowser();
      await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server!.url).origin });
      await openWorkbench(page(), server!.url);
    } catch (err) {
      await saveDiagnostics('diagnose-before-all');
      throw err;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await saveDiagnostics(this.currentTest.fullTitle());
  });

  after(async function () {
    this.timeout(60_000);
    if (timings.length > 0) console.log(`[e2e] diagnose timings (informational): ${timings.join('; ')}`);
    await session?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    // Before the container goes: the rule names its IP, which Docker may hand out again.
    await hole?.remove().catch((e) => console.error(`[e2e] could not remove the iptables rule for ${hole?.ip}: ${e instanceof Error ? e.message : e}`));
    await fixture?.remove().catch(() => undefined);
    await unhealthy?.remove().catch(() => undefined);
    await removeRunContainers().catch(() => undefined);
    if (workspaceDir) fs.rmSync(workspaceDir, { recursive: true, force: true });
  });

  it('Diagnose Connection from the tree shows degraded, the broken forwarding and transport exec', async function () {
    await openViewContainer(page(), CONTAINER_TITLE);
    await setSideBarWidth(page(), 520);
    const row = await fixtureRow((d) => /healthy/.test(d), `the row of ${fixture!.name}, healthy`);
    const clickedAt = Date.now();
    await contextMenu(row, 'Diagnose Connection');
    const first = await waitForReport(0, () => true, 'the first diagnosis report');
    timings.push(`context menu → report painted ${Date.now() - clickedAt} ms`);
    const s = await settle(first);
    await pollFor(`an editor tab "Diagnosis: ${fixture!.name}"`, async () => editorGroupShowing(page(), `Diagnosis: ${fixture!.name}`), { timeoutMs: 10_000, intervalMs: 200, describe: describeWorkbench });

    assert.equal(s.title, `Diagnosis: ${fixture!.name}`);
    assert.equal(s.verdict, 'degraded', JSON.stringify(s));
    assert.match(s.rootCause, /^handshake-timeout\b/);
    assert.equal(s.transport, 'exec');
    assert.match(s.summary, /accepts connections but PostgreSQL never answers/);
    assert.match(s.summary, /port forwarding \(docker-proxy\/iptables[^)]*\) is broken, not the database/);
    assert.ok(s.fixSteps.length > 0 && s.fixSteps.some((f) => /firewall rules/.test(f)), `fix steps name the firewall rules: ${JSON.stringify(s.fixSteps)}`);
    const ids = s.checks.map((c) => c.id);
    for (const id of ['engine', 'container', 'health', 'port']) assert.ok(ids.includes(id), `a row for the ${id} check: ${JSON.stringify(ids)}`);
    const protocol = s.checks.find((c) => c.id === `protocol:127.0.0.1:${fixture!.hostPort}`);
    assert.ok(protocol, `a row for the PostgreSQL startup on 127.0.0.1:${fixture!.hostPort}: ${JSON.stringify(ids)}`);
    assert.equal(protocol.status, 'fail');
    assert.match(protocol.text, /\d ms/);
    const config = s.checks.find((c) => c.id.startsWith('config:.env:2:'));
    assert.ok(config, `a row for the .env finding: ${JSON.stringify(ids)}`);
    assert.equal(config.status, 'fail');
    assert.match(config.text, new RegExp(`localhost:${WRONG_PORT}`));
    assert.match(config.text, /\.env:2/, 'the row links to .env:2');
    const inside = s.checks.filter((c) => c.id.startsWith('inside'));
    assert.ok(inside.length > 0 && inside.every((c) => c.status === 'pass'), `inside the container the database answers: ${JSON.stringify(inside)}`);

  });

  it('Copy as Markdown puts a bug-report-ready report on the clipboard, without the password', async function () {
    const frame = await reportFrame();
    assert.ok(frame, 'the report panel is visible');
    await frame.locator('.copy-markdown').click();
    await pollFor('"Copied" in the status line (the host answered)', async () => (await reportSnapshot())?.status === 'Copied the report as Markdown.' || null, {
      timeoutMs: 10_000,
      intervalMs: 100,
      describe: describeWorkbench,
    });
    const text = await page().evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    const lines = text.split('\n');
    assert.equal(lines[0], `## Docker DB diagnosis: ${fixture!.name} — DEGRADED`);
    assert.ok(lines.includes('- **Verdict:** degraded'), text);
    assert.ok(lines.some((l) => l.startsWith('- **Root cause:** `handshake-timeout`')), text);
    assert.ok(lines.includes('- **Working transport:** exec (docker exec … psql)'), text);
    assert.ok(lines.includes('| Status | Check | Layer | ms | Detail | Fix |'), text);
    assert.ok(lines.some((l) => l.startsWith('| ❌ fail |') && l.includes('| protocol |')), text);
    assert.match(text, /### Environment\n\n- Docker DB 0\.1\.0\n- Docker engine \d+\.\d+[^\n]*\(API \d+\.\d+\)\n/);
    assert.ok(lines.some((l) => l.startsWith('| ❌ fail |') && l.includes('| config |') && l.includes('(.env:2)')), `the .env finding, relative to the workspace: ${text}`);
    assert.ok(!text.includes(workspaceDir!), 'no absolute workspace path');
    assert.ok(!text.includes(fixture!.password), 'the Markdown must not carry the password');
  });

  it('Re-run diagnoses again in the same panel', async function () {
    const before = await reportSnapshot();
    assert.ok(before);
    const frame = await reportFrame();
    await frame!.locator('.rerun').click();
    const second = await waitForReport(before.seq, () => true, 'a second report after Re-run');
    assert.equal(second.seq, before.seq + 1);
    const s = await settle(second);
    assert.equal(s.verdict, 'degraded');
    assert.equal(s.transport, 'exec');
    const tabs = (await editorGroups(page())).flatMap((g) => g.tabs).filter((t) => t === `Diagnosis: ${fixture!.name}`);
    assert.equal(tabs.length, 1, 'one panel per container, reused');
  });

  it('the tree row shows the verdict', async function () {
    const row = await fixtureRow((d) => d.includes('degraded: exec only'), `the row of ${fixture!.name} with the verdict`);
    const info = await rowInfo(row);
    assert.match(info.description, /postgres · 127\.0\.0\.1:\d+ · healthy · degraded: exec only$/);
    assert.match(info.ariaLabel, /diagnosis degraded: exec only/);
    assert.equal(await row.locator('.codicon-warning').count(), 1, 'a warning icon instead of the health icon');

    // The README's picture: the tree with the verdict beside the report.
    await setSideBarWidth(page(), 640);
    await parkMouse(page());
    const shot = await screenshot(page(), 'diagnose-report');
    assert.ok(fs.statSync(shot).size > 10_000, `${shot} holds a picture`);
  });

  it("a configuration finding's file:line link opens the file at that line", async function () {
    const frame = await reportFrame();
    assert.ok(frame, 'the report panel is visible');
    await frame.locator('tr[data-check-id^="config:.env:2:"] a.location').click();
    await pollFor('.env open with the cursor on line 2', async () => {
      if (!(await editorGroupShowing(page(), '.env'))) return null;
      const pos = await cursorPosition(page());
      return pos && pos.line === 2 ? pos : null;
    }, { timeoutMs: 15_000, intervalMs: 200, describe: async () => `cursor: ${JSON.stringify(await cursorPosition(page()))}\n${await describeWorkbench()}` });
  });

  it('a query on the black-holed container still returns rows, through docker exec', async function () {
    await runQueryKey();
    await pickQuickInputItem(page(), fixture!.name, { placeholder: TARGET_PICK_PLACEHOLDER, timeoutMs: 20_000 });
    const result = await pollFor(
      'the results panel with a row, through exec',
      async () => {
        const frame = await webviewWith('.results-content[data-seq]');
        if (!frame) return null;
        const badge = ((await frame.locator('.transport-badge').textContent({ timeout: 500 }).catch(() => '')) ?? '').trim();
        const cells = await frame.locator('.grid-body [role=gridcell]').allTextContents().catch(() => []);
        return cells.length > 0 ? { badge, cells } : null;
      },
      { timeoutMs: REPORT_TIMEOUT_MS, intervalMs: 200, describe: describeWorkbench },
    );
    assert.equal(result.badge, 'exec');
    assert.deepEqual(result.cells, ['still answers', '42']);
  });

  it('after that fallback, a notification offers Diagnose, which re-runs the diagnosis in the same panel', async function () {
    const before = lastSeq;
    const toast = page().locator('.notifications-toasts .notification-list-item').filter({ hasText: `${fixture!.name} answered through docker exec because its published port did not` }).first();
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await toast.innerText()).replace(/\s+/g, ' '), /accepted the connection but never answered/);
    await toast.locator('.monaco-button', { hasText: /^Diagnose$/ }).click();
    const s = await settle(await waitForReport(before, () => true, 'a report after Diagnose in the notification'));
    assert.equal(s.verdict, 'degraded');
    assert.equal(s.title, `Diagnosis: ${fixture!.name}`);
  });

  it('from the command palette, a quick pick of database containers diagnoses the picked one', async function () {
    const before = (await reportSnapshot().catch(() => null))?.seq ?? 0;
    await runCommand(page(), 'Docker DB: Diagnose Connection');
    await pickQuickInputItem(page(), fixture!.name, { placeholder: 'Database container to diagnose', timeoutMs: 20_000 });
    const s = await settle(await waitForReport(before, () => true, 'a report after the palette pick'));
    assert.equal(s.title, `Diagnosis: ${fixture!.name}`);
    assert.equal(s.verdict, 'degraded');
  });

  it("the status bar's tooltip links an unhealthy database to Diagnose Connection", async function () {
    await waitForHealth(unhealthy!.id, 'unhealthy', 60_000);
    const item = statusBarItemById(page(), '.dockerDb.health');
    const link = page()
      .locator(`.workbench-hover a[data-href*="dockerDb.diagnoseConnection"][data-href*="${unhealthy!.id}"], .monaco-hover a[data-href*="dockerDb.diagnoseConnection"][data-href*="${unhealthy!.id}"]`)
      .first();
    await pollFor(
      `a Diagnose link for ${unhealthy!.name} in the status-bar tooltip`,
      async () => {
        await parkMouse(page());
        await item.hover({ timeout: 5_000 });
        return (await link.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true).catch(() => false)) || null;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        describe: async () => `hovers: ${JSON.stringify(await page().locator('.workbench-hover, .monaco-hover').allInnerTexts().catch(() => []))}`,
      },
    );
    await link.click();
    await pollFor(`an editor tab "Diagnosis: ${unhealthy!.name}"`, async () => editorGroupShowing(page(), `Diagnosis: ${unhealthy!.name}`), { timeoutMs: 15_000, intervalMs: 200, describe: describeWorkbench });
    const s = await pollFor(
      `the report of ${unhealthy!.name}`,
      async () => {
        const r = await reportSnapshot().catch(() => null);
        return r && r.title === `Diagnosis: ${unhealthy!.name}` && r.seq > 0 && !r.running ? r : null;
      },
      { timeoutMs: REPORT_TIMEOUT_MS, intervalMs: 100, describe: describeWorkbench },
    );
    const health = s.checks.find((c) => c.id === 'health');
    assert.ok(health && health.status !== 'pass', `the health check row says it is not healthy: ${JSON.stringify(s.checks)}`);
  });

  it('the verdict goes away when the container changes state (paused)', async function () {
    // Paused, not stopped: the container keeps its IP while the black-hole rule names it.
    await pauseFixture();
    try {
      const row = await fixtureRow((d) => /paused/.test(d), `the row of ${fixture!.name}, paused`);
      const info = await rowInfo(row);
      assert.doesNotMatch(`${info.description} ${info.ariaLabel}`, /degraded|diagnosis/, JSON.stringify(info));
      assert.equal(await row.locator('.codicon-warning').count(), 0, 'the health/state icon is back');
    } finally {
      await withTimeout(testDocker().getContainer(fixture!.id).unpause(), 15_000, `unpause ${fixture!.name}`).catch(() => undefined);
    }
  });

  it('when Run Query fails (the container is paused), its error notification offers Diagnose', async function () {
    const before = lastSeq;
    await pauseFixture();
    try {
      await fixtureRow((d) => /paused/.test(d), `the row of ${fixture!.name}, paused`);
      await runQueryKey(); // the file's target is remembered: no pick
      const toast = page().locator('.notifications-toasts .notification-list-item').filter({ has: page().locator('.monaco-button', { hasText: /^Diagnose$/ }) }).filter({ hasText: fixture!.name }).first();
      await toast.waitFor({ state: 'visible', timeout: REPORT_TIMEOUT_MS });
      await toast.locator('.monaco-button', { hasText: /^Diagnose$/ }).click();
      const s = await waitForReport(before, (r) => r.title === `Diagnosis: ${fixture!.name}`, 'a report after Diagnose on the query error');
      assert.equal(s.verdict, 'down', JSON.stringify(s));
      assert.match(s.rootCause, /^container-not-running\b/);
      assert.equal(s.transport, 'none');
    } finally {
      await withTimeout(testDocker().getContainer(fixture!.id).unpause(), 15_000, `unpause ${fixture!.name}`).catch(() => undefined);
    }
  });
});
