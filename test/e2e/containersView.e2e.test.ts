/**
 * End-to-end: the packaged extension (.vsix) in a real VS Code (code-server) driven through
 * Chromium, against a real Docker engine with PostgreSQL fixture containers.
 *
 * Needs: Docker engine, code-server (bash test/rig/ensure-code-server.sh), /usr/bin/chromium,
 * and a .vsix (env DOCKERDB_VSIX, else the newest docker-db-*.vsix in the repo root: npm run package).
 * Without CI set, missing pieces skip the suite; with CI set they fail it.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeRunContainers, requireDocker, startPostgres, waitForHealth } from '../support/docker';
import { artifactsDir, launchBrowser, requireChromium, type BrowserSession } from './support/browser';
import { requireCodeServer, startCodeServer, type CodeServer } from './support/codeServer';
import { requireVsix } from './support/vsix';
import {
  findTreeRow,
  openViewContainer,
  openWorkbench,
  parkMouse,
  pollFor,
  rowInfo,
  runCommand,
  screenshot,
  setSideBarWidth,
  treeRows,
  troubleshootingReport,
  type RowInfo,
} from './support/workbench';

const VIEW_ID = 'dockerDb.containers';
const CONTAINER_TITLE = 'Docker DB';
const OUTPUT_CHANNEL = 'Docker DB';

type Fixture = Awaited<ReturnType<typeof startPostgres>>;


/** A word match that does not count "unhealthy" as "healthy". */
const HEALTHY = /(^|[^a-z])healthy\b/i;
const UNHEALTHY = /\bunhealthy\b/i;

describe('e2e: Containers view in real VS Code (code-server + Chromium)', function () {
  this.timeout(180_000);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let workspaceDir: string | undefined;
  const fixtures: Fixture[] = [];
  let healthy: Fixture;
  let unhealthy: Fixture;

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
    const text = report();
    const file = path.join(artifactsDir(), `failure-${safe}.txt`);
    fs.writeFileSync(file, text);
    console.error(`[e2e] diagnostics for "${tag}" written to ${file}\n${text.slice(-8_000)}`);
  };

  const describeView = async (): Promise<string> => {
    if (!session) return '';
    const rows = await treeRows(session.page, VIEW_ID).catch((e) => `(could not read rows: ${e})`);
    const welcome = await session.page
      .locator('.part.sidebar .welcome-view-content, .part.sidebar .pane-body .message')
      .allInnerTexts()
      .catch(() => []);
    return `rows of ${VIEW_ID}: ${JSON.stringify(rows, null, 1)}\nwelcome/message text: ${JSON.stringify(welcome)}`;
  };

  /** Waits (bounded) for the row of container `name`, refreshing now and then. */
  const waitForRow = async (name: string, check: (info: RowInfo) => boolean, what: string): Promise<RowInfo> => {
    const page = session!.page;
    let refreshes = 0;
    return pollFor(
      what,
      async () => {
        const row = await findTreeRow(page, VIEW_ID, name);
        if (!row) return null;
        const info = await rowInfo(row);
        return check(info) ? info : null;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        retryEveryMs: 15_000,
        onRetry: async () => {
          refreshes++;
          await runCommand(page, 'Docker DB: Refresh');
        },
        describe: async () => `refreshes: ${refreshes}\n${await describeView()}`,
      },
    );
  };

  before(async function () {
    const t0 = Date.now();
    await requireDocker(this);
    requireCodeServer(this);
    requireChromium(this);
    const vsixPath = requireVsix(this);

    try {
      const rand = crypto.randomBytes(4).toString('hex');
      healthy = await startPostgres({ name: `dockerdb-e2e-healthy-${rand}`, health: 'pg_isready' });
      fixtures.push(healthy);
      unhealthy = await startPostgres({ name: `dockerdb-e2e-unhealthy-${rand}`, health: 'failing' });
      fixtures.push(unhealthy);

      workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-ws-'));
      fs.writeFileSync(path.join(workspaceDir, 'README.md'), '# Docker DB e2e workspace\n');

      // code-server starts while the fixtures become healthy.
      const t1 = Date.now();
      // allSettled, not all: a failed health wait must not leave a code-server starting after `after` ran.
      const settled = await Promise.allSettled([
        startCodeServer({ vsixPath: vsixPath, workspaceDir }).then((s) => (server = s)),
        waitForHealth(healthy.id, 'healthy', 60_000),
        waitForHealth(unhealthy.id, 'unhealthy', 90_000),
      ]);
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      const t2 = Date.now();
      session = await launchBrowser();
      await openWorkbench(session.page, server!.url);
      const t3 = Date.now();
      console.log(
        `[e2e] vsix ${path.basename(vsixPath)}; fixtures+code-server ${t2 - t1} ms, ` +
          `workbench ready ${t3 - t2} ms, setup total ${t3 - t0} ms`,
      );
    } catch (err) {
      await saveDiagnostics('before-all');
      throw err;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await saveDiagnostics(this.currentTest.fullTitle());
  });

  after(async function () {
    this.timeout(60_000);
    await session?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    for (const f of fixtures.reverse()) await f.remove().catch(() => undefined);
    // This run's containers only (removeTestContainers() would also remove other suites' running fixtures).
    await removeRunContainers().catch(() => undefined);
    if (workspaceDir) fs.rmSync(workspaceDir, { recursive: true, force: true });
  });

  it('opens the Docker DB view container and lists the healthy PostgreSQL container as healthy', async function () {
    const page = session!.page;
    await openViewContainer(page, CONTAINER_TITLE);
    await setSideBarWidth(page, 640);
    const info = await waitForRow(
      healthy.name,
      (i) => i.label === healthy.name && HEALTHY.test(`${i.description} ${i.ariaLabel}`),
      `a row "${healthy.name}" saying healthy in ${VIEW_ID}`,
    );
    await parkMouse(page);
    await screenshot(page, 'containers-view');

    assert.equal(info.label, healthy.name);
    assert.match(info.description, HEALTHY, `description should say healthy: ${JSON.stringify(info)}`);
    assert.doesNotMatch(`${info.description} ${info.ariaLabel}`, UNHEALTHY);
    assert.match(info.ariaLabel, HEALTHY, `aria-label (tooltip) should carry the health word: ${JSON.stringify(info)}`);
    assert.match(info.description, /postgres/i, `description should name the engine: ${JSON.stringify(info)}`);
    assert.match(info.ariaLabel, /running/i, `aria-label (tooltip) should carry the state word: ${JSON.stringify(info)}`);
    if (typeof healthy.hostPort === 'number' && healthy.hostPort > 0) {
      assert.ok(
        info.description.includes(`:${healthy.hostPort}`),
        `description should show the published host port ${healthy.hostPort}: ${JSON.stringify(info)}`,
      );
    }
  });

  it('lists the container with a failing health check as unhealthy', async function () {
    const page = session!.page;
    await openViewContainer(page, CONTAINER_TITLE);
    const info = await waitForRow(
      unhealthy.name,
      (i) => i.label === unhealthy.name && UNHEALTHY.test(`${i.description} ${i.ariaLabel}`),
      `a row "${unhealthy.name}" saying unhealthy in ${VIEW_ID}`,
    );
    await parkMouse(page);
    await screenshot(page, 'containers-view-unhealthy');

    assert.equal(info.label, unhealthy.name);
    assert.match(info.description, UNHEALTHY, `description should say unhealthy: ${JSON.stringify(info)}`);
    assert.match(info.ariaLabel, UNHEALTHY, `aria-label (tooltip) should carry the health word: ${JSON.stringify(info)}`);
  });

  it('drops a removed container after "Docker DB: Refresh" from the command palette', async function () {
    const page = session!.page;
    await openViewContainer(page, CONTAINER_TITLE);
    await unhealthy.remove();
    await runCommand(page, 'Docker DB: Refresh');
    await pollFor(
      `the row "${unhealthy.name}" to disappear from ${VIEW_ID}`,
      async () => (await findTreeRow(page, VIEW_ID, unhealthy.name)) === null,
      { timeoutMs: 30_000, intervalMs: 500, describe: describeView },
    );
    const still = await findTreeRow(page, VIEW_ID, healthy.name);
    assert.ok(still, `the healthy container's row should still be there\n${await describeView()}`);
  });
});
