/**
 * End-to-end: a compose project in the workspace with one healthy and one unhealthy PostgreSQL
 * container (and a declared service that was never created), in a real VS Code (code-server)
 * driven through Chromium, against a real Docker engine.
 *
 * Acceptance: the tree shows the compose group with an unhealthy and a healthy database; the status
 * bar item shows the count and the problem colour; a container turning healthy updates both without
 * a manual refresh.
 *
 * No docker-compose needed: the containers are created through the Engine API with the labels
 * Compose would set. The workspace holds a matching compose.yaml (top-level `name:`), so the
 * extension activates, parses it, and shows the declared-but-missing service as "not created".
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
import type Docker from 'dockerode';
import {
  FIXTURE_IMAGE,
  TEST_LABEL,
  TEST_RUN_ID,
  ensureFixtureImage,
  execIn,
  fixtureHostConfig,
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
import {
  findTreeRow,
  openViewContainer,
  openWorkbench,
  parkMouse,
  plainStatusBarBackground,
  pollFor,
  rowInfo,
  screenshot,
  setSideBarWidth,
  statusBarItem,
  themeBackgroundColor,
  treeRows,
  troubleshootingReport,
  type RowInfo,
  type StatusBarItemInfo,
} from './support/workbench';

const VIEW_ID = 'dockerDb.containers';
const CONTAINER_TITLE = 'Docker DB';
const OUTPUT_CHANNEL = 'Docker DB';
const STATUS_PREFIX = 'Docker DB:';

/** A word match that does not count "unhealthy" as "healthy". */
const HEALTHY = /(^|[^a-z])healthy\b/i;
const UNHEALTHY = /\bunhealthy\b/i;
/** The `<kind>-kind` classes VS Code gives statusBarItem.errorBackground / warningBackground items. */
const PROBLEM_KINDS = new Set(['error', 'warning']);

/** How long the UI may take to follow a health change (no refresh command in between). */
const LIVE_UPDATE_TIMEOUT_MS = 20_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));


/** The labels `docker compose up` puts on a service's first container. */
function composeLabels(project: string, service: string, workingDir: string, configFile: string): Record<string, string> {
  return {
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
    'com.docker.compose.project.working_dir': workingDir,
    'com.docker.compose.project.config_files': configFile,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
  };
}

/** The compose file the workspace holds: the same three services the test creates (or not). */
function composeYaml(project: string): string {
  return `# Written by test/e2e/composeHealth.e2e.test.ts; the containers are created through the Engine API.
name: ${project}

x-postgres: &postgres
  image: ${FIXTURE_IMAGE}
  volumes:
    - /usr:/usr:ro
    - /etc/passwd:/etc/passwd:ro
    - /etc/group:/etc/group:ro
  tmpfs:
    - /var/lib/postgresql:rw,mode=1777
    - /var/run/postgresql:rw,mode=1777
  environment:
    POSTGRES_USER: postgres
    POSTGRES_PASSWORD: e2e-password

services:
  db:
    <<: *postgres
    ports:
      - "127.0.0.1::5432"
    healthcheck:
      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "postgres"]
      interval: 1s
      retries: 3

  slow:
    <<: *postgres
    ports:
      - "127.0.0.1::5432"
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ready"]
      interval: 1s
      retries: 1

  late:
    <<: *postgres
    ports:
      - "127.0.0.1::5432"
`;
}

interface ServiceContainer {
  id: string;
  name: string;
  hostPort: number | null;
  remove(): Promise<void>;
}

/**
 * A PostgreSQL fixture container whose health check is `test -f /tmp/ready` (every second, one
 * failure makes it unhealthy): unhealthy until something creates the file.
 */
async function startSlowPostgres(name: string, labels: Record<string, string>): Promise<ServiceContainer> {
  await ensureFixtureImage();
  const docker = testDocker();
  const hostConfig: Docker.HostConfig = {
    ...fixtureHostConfig(),
    PortBindings: { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
  };
  const container = await withTimeout(
    docker.createContainer({
      name,
      Image: FIXTURE_IMAGE,
      Env: ['POSTGRES_USER=postgres', 'POSTGRES_DB=postgres', `POSTGRES_PASSWORD=Pw9_${crypto.randomBytes(12).toString('base64url')}`],
      Labels: { [TEST_LABEL]: TEST_RUN_ID, 'dockerdb.test.kind': 'postgres', ...labels },
      ExposedPorts: { '5432/tcp': {} },
      Healthcheck: { Test: ['CMD-SHELL', 'test -f /tmp/ready'], Interval: 1e9, Timeout: 5e9, Retries: 1 },
      HostConfig: hostConfig,
    }),
    20_000,
    `create ${name}`,
  );
  const remove = async () => {
    await withTimeout(container.remove({ force: true, v: true }), 20_000, `remove ${name}`).catch((e: { statusCode?: number }) => {
      if (e?.statusCode !== 404 && e?.statusCode !== 409) throw e;
    });
  };
  try {
    await withTimeout(container.start(), 20_000, `start ${name}`);
  } catch (e) {
    await remove().catch(() => undefined);
    throw e;
  }
  const info = await withTimeout(container.inspect(), 10_000, `inspect ${name}`);
  const port = Number(info.NetworkSettings?.Ports?.['5432/tcp']?.[0]?.HostPort);
  return { id: container.id, name, hostPort: Number.isInteger(port) && port > 0 ? port : null, remove };
}

/**
 * When Docker recorded the first passing health check that ended at or after `since` (epoch ms),
 * from the container's health log; null while there is none.
 */
async function healthyAt(id: string, since: number): Promise<number | null> {
  const info = await withTimeout(testDocker().getContainer(id).inspect(), 10_000, `inspect ${id.slice(0, 12)}`);
  const health = info.State.Health;
  if (!health || health.Status !== 'healthy') return null;
  const passed = health.Log.map((l) => ({ exit: l.ExitCode, end: Date.parse(l.End) }))
    .filter((l) => l.exit === 0 && Number.isFinite(l.end) && l.end >= since - 1_000)
    .sort((a, b) => a.end - b.end);
  return passed[0]?.end ?? Date.now();
}

describe('e2e: compose project health in the tree and the status bar (code-server + Chromium)', function () {
  this.timeout(180_000);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let workspaceDir: string | undefined;
  const containers: ServiceContainer[] = [];
  let project: string;
  let db: ServiceContainer;
  let slow: ServiceContainer;

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
    const status = await statusBarItem(session.page, STATUS_PREFIX).catch((e) => `(could not read the status bar: ${e})`);
    return `rows of ${VIEW_ID}: ${JSON.stringify(rows, null, 1)}\nstatus bar item: ${JSON.stringify(status)}`;
  };

  /** The tree row found by `text` (aria-label substring or exact label), as RowInfo; null when absent. */
  const readRow = async (text: string): Promise<RowInfo | null> => {
    const row = await findTreeRow(session!.page, VIEW_ID, text);
    return row ? rowInfo(row) : null;
  };

  /** Waits (bounded, no refresh command) for a row that passes `check`. */
  const waitForRow = (text: string, check: (info: RowInfo) => boolean, what: string, timeoutMs = 30_000): Promise<RowInfo> =>
    pollFor(
      what,
      async () => {
        const info = await readRow(text);
        return info && check(info) ? info : null;
      },
      { timeoutMs, intervalMs: 250, describe: describeView },
    );

  /** Waits (bounded) for the Docker DB status-bar item to pass `check`. */
  const waitForStatus = (check: (s: StatusBarItemInfo) => boolean, what: string, timeoutMs = 30_000): Promise<StatusBarItemInfo> =>
    pollFor(
      what,
      async () => {
        const s = await statusBarItem(session!.page, STATUS_PREFIX);
        return s && s.visible && check(s) ? s : null;
      },
      { timeoutMs, intervalMs: 250, describe: describeView },
    );

  const projectRowText = () => `Compose project ${project},`;
  const isOkStatus = (s: StatusBarItemInfo) => /(^|\s)2\/2(\s|$)/.test(s.text) && !PROBLEM_KINDS.has(s.kind);

  before(async function () {
    const t0 = Date.now();
    await requireDocker(this);
    requireCodeServer(this);
    requireChromium(this);
    const vsixPath = requireVsix(this);

    try {
      project = `dockerdb-e2e-${crypto.randomBytes(4).toString('hex')}`;
      // realpath: the working_dir label must be the path VS Code reports for the workspace folder.
      workspaceDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-compose-')));
      const composeFile = path.join(workspaceDir, 'compose.yaml');
      fs.writeFileSync(composeFile, composeYaml(project));

      db = await startPostgres({
        name: `${project}-db-1`,
        health: 'pg_isready',
        labels: composeLabels(project, 'db', workspaceDir, composeFile),
      });
      containers.push(db);
      slow = await startSlowPostgres(`${project}-slow-1`, composeLabels(project, 'slow', workspaceDir, composeFile));
      containers.push(slow);

      // code-server starts while the containers settle; the browser opens only once both have.
      const t1 = Date.now();
      // allSettled, not all: a failed health wait must not leave a code-server starting after `after` ran.
      const settled = await Promise.allSettled([
        startCodeServer({ vsixPath: vsixPath, workspaceDir }).then((s) => (server = s)),
        waitForHealth(db.id, 'healthy', 60_000),
        waitForHealth(slow.id, 'unhealthy', 60_000),
      ]);
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      const t2 = Date.now();
      session = await launchBrowser();
      await openWorkbench(session.page, server!.url);
      const t3 = Date.now();
      console.log(
        `[e2e] project ${project} in ${workspaceDir}; vsix ${path.basename(vsixPath)}; containers+code-server ${t2 - t1} ms, ` +
          `workbench ready ${t3 - t2} ms, setup total ${t3 - t0} ms`,
      );
    } catch (err) {
      await saveDiagnostics('compose-health-before-all');
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
    for (const c of containers.reverse()) await c.remove().catch(() => undefined);
    // This run's containers only (removeTestContainers() would also remove other suites' running fixtures).
    await removeRunContainers().catch(() => undefined);
    if (workspaceDir) fs.rmSync(workspaceDir, { recursive: true, force: true });
  });

  it('shows the compose project with one unhealthy and one healthy database, and the service never created', async function () {
    const page = session!.page;
    await openViewContainer(page, CONTAINER_TITLE);
    await setSideBarWidth(page, 640);

    const projectRow = await waitForRow(
      projectRowText(),
      (i) => i.label === project && /1 unhealthy/.test(i.description),
      `the compose project row "${project}" saying "1 unhealthy"`,
    );
    assert.equal(projectRow.label, project);
    assert.match(projectRow.description, /\b2\/2 running\b/, `project row: ${JSON.stringify(projectRow)}`);
    assert.match(projectRow.description, /\b1 unhealthy\b/, `project row: ${JSON.stringify(projectRow)}`);
    assert.equal(projectRow.expanded, 'true', `the project row should be expanded: ${JSON.stringify(projectRow)}`);

    const dbRow = await waitForRow(db.name, (i) => i.label === db.name && HEALTHY.test(i.description), `the row "${db.name}" saying healthy`);
    assert.doesNotMatch(`${dbRow.description} ${dbRow.ariaLabel}`, UNHEALTHY, `db row: ${JSON.stringify(dbRow)}`);
    assert.match(dbRow.description, /^postgres · /, `db row should name the engine: ${JSON.stringify(dbRow)}`);
    if (db.hostPort) assert.ok(dbRow.description.includes(`127.0.0.1:${db.hostPort}`), `db row should show its port ${db.hostPort}: ${JSON.stringify(dbRow)}`);

    const slowRow = await waitForRow(slow.name, (i) => i.label === slow.name && UNHEALTHY.test(i.description), `the row "${slow.name}" saying unhealthy`);
    assert.match(slowRow.description, /^postgres · /, `slow row should name the engine: ${JSON.stringify(slowRow)}`);
    assert.match(slowRow.ariaLabel, UNHEALTHY, `slow row aria-label: ${JSON.stringify(slowRow)}`);
    if (slow.hostPort) assert.ok(slowRow.description.includes(`127.0.0.1:${slow.hostPort}`), `slow row should show its port ${slow.hostPort}: ${JSON.stringify(slowRow)}`);

    const lateRow = await waitForRow('Service late,', (i) => i.label === 'late', 'the row "late" of the service that was never created');
    assert.match(lateRow.description, /\bnot created\b/, `late row: ${JSON.stringify(lateRow)}`);

    // The containers sit under the project (one level deeper), not in another group.
    const level = (i: RowInfo) => Number(i.level ?? NaN);
    for (const child of [dbRow, slowRow, lateRow]) {
      assert.equal(level(child), level(projectRow) + 1, `"${child.label}" should be a child of the project row: ${JSON.stringify({ projectRow, child })}`);
    }
  });

  it('shows 1/2 in the status bar with a problem background and an accessible label', async function () {
    const page = session!.page;
    await parkMouse(page);
    const item = await waitForStatus(
      (s) => /(^|\s)1\/2(\s|$)/.test(s.text) && PROBLEM_KINDS.has(s.kind),
      'the Docker DB status-bar item showing 1/2 with an error or warning background',
    );
    await screenshot(page, 'compose-health-before');

    assert.match(item.text, /(^|\s)1\/2(\s|$)/, `status bar text: ${JSON.stringify(item)}`);
    assert.ok(item.icons.includes('database'), `status bar item should show the database icon: ${JSON.stringify(item)}`);
    assert.ok(
      item.ariaLabel.startsWith('Docker DB: 1 of 2 database containers healthy'),
      `status bar aria-label: ${JSON.stringify(item)}`,
    );
    assert.ok(item.ariaLabel.includes(`${slow.name} unhealthy`), `aria-label should name the unhealthy container: ${JSON.stringify(item)}`);
    assert.ok(!item.ariaLabel.includes(db.name), `aria-label should not list the healthy container: ${JSON.stringify(item)}`);

    // The colour actually painted: the theme's error/warning background, unlike a plain item.
    const expected = await themeBackgroundColor(page, `statusBarItem.${item.kind}Background`);
    const plain = await plainStatusBarBackground(page);
    console.log(`[e2e] status bar item ${item.id}: kind ${item.kind}, background ${item.backgroundColor} (theme ${expected}, plain item ${plain})`);
    assert.equal(item.backgroundColor, expected, `background should be statusBarItem.${item.kind}Background: ${JSON.stringify(item)}`);
    assert.notEqual(item.backgroundColor, plain, `background should differ from a plain status-bar item: ${JSON.stringify(item)}`);
  });

  it('follows the container turning healthy in the tree and the status bar without a refresh', async function () {
    const page = session!.page;
    await parkMouse(page);
    // Still the "before" state: nothing changed by itself.
    const before = await statusBarItem(page, STATUS_PREFIX);
    assert.ok(before && !isOkStatus(before), `status bar should still show the problem before the change: ${JSON.stringify(before)}`);

    const touchedAt = Date.now();
    const touched = await execIn(slow.id, ['touch', '/tmp/ready'], { timeoutMs: 10_000 });
    assert.equal(touched.exitCode, 0, `touch /tmp/ready failed: ${touched.stdout}${touched.stderr}`);

    // Docker's side (when the first passing check ended) and the UI's side, watched together.
    let dockerHealthyAt: number | null = null;
    let dockerError: unknown;
    let uiDone = false;
    const dockerWatch = (async () => {
      const deadline = Date.now() + LIVE_UPDATE_TIMEOUT_MS;
      for (let i = 0; i < 400 && Date.now() < deadline && !uiDone && dockerHealthyAt === null; i++) {
        try {
          dockerHealthyAt = await healthyAt(slow.id, touchedAt);
        } catch (e) {
          dockerError = e;
        }
        if (dockerHealthyAt === null) await sleep(100);
      }
    })();

    let treeAt: number | null = null;
    let statusAt: number | null = null;
    let lastRow: RowInfo | null = null;
    let lastStatus: StatusBarItemInfo | null = null;
    try {
      await pollFor(
        `the row "${slow.name}" to say healthy and the status bar to show 2/2 without a problem background`,
        async () => {
          lastRow = await readRow(slow.name);
          lastStatus = await statusBarItem(page, STATUS_PREFIX);
          const now = Date.now();
          if (treeAt === null && lastRow && HEALTHY.test(lastRow.description) && !UNHEALTHY.test(lastRow.description)) treeAt = now;
          if (statusAt === null && lastStatus && isOkStatus(lastStatus)) statusAt = now;
          return treeAt !== null && statusAt !== null;
        },
        { timeoutMs: LIVE_UPDATE_TIMEOUT_MS, intervalMs: 100, describe: describeView },
      );
    } finally {
      uiDone = true;
      await dockerWatch;
    }
    if (dockerHealthyAt === null) {
      // The UI got there first (or inspect failed): one more look, for the timing only.
      dockerHealthyAt = await healthyAt(slow.id, touchedAt).catch((e) => ((dockerError = e), null));
    }

    await parkMouse(page);
    await screenshot(page, 'compose-health-after');

    const rel = (t: number | null) => (t === null || dockerHealthyAt === null ? 'n/a' : `${t - dockerHealthyAt} ms`);
    console.log(
      `[e2e] after touch /tmp/ready: Docker healthy ${dockerHealthyAt === null ? `unknown (${dockerError ?? 'not seen'})` : `${dockerHealthyAt - touchedAt} ms`} ` +
        `after the touch; UI after Docker healthy: tree ${rel(treeAt)}, status bar ${rel(statusAt)} ` +
        '(UI polled every ~100 ms; informational only)',
    );

    const row = lastRow as RowInfo | null;
    const status = lastStatus as StatusBarItemInfo | null;
    assert.ok(row && status, 'row and status bar item were read');
    assert.match(row.description, HEALTHY, `slow row: ${JSON.stringify(row)}`);
    assert.doesNotMatch(`${row.description} ${row.ariaLabel}`, UNHEALTHY, `slow row: ${JSON.stringify(row)}`);
    assert.match(status.text, /(^|\s)2\/2(\s|$)/, `status bar: ${JSON.stringify(status)}`);
    assert.equal(status.kind, 'standard', `status bar should have no error/warning background: ${JSON.stringify(status)}`);
    assert.equal(status.ariaLabel, 'Docker DB: 2 of 2 database containers healthy', `status bar: ${JSON.stringify(status)}`);
    const plain = await plainStatusBarBackground(page);
    assert.equal(status.backgroundColor, plain, `status bar background should be that of a plain item: ${JSON.stringify(status)}`);

    const projectRow = await readRow(projectRowText());
    assert.ok(projectRow, `project row\n${await describeView()}`);
    assert.match(projectRow.description, /\b2\/2 running\b/, `project row: ${JSON.stringify(projectRow)}`);
    assert.doesNotMatch(projectRow.description, UNHEALTHY, `project row should no longer count an unhealthy container: ${JSON.stringify(projectRow)}`);
  });
});
