/**
 * End-to-end: migration status in a real VS Code (code-server) driven through Chromium, against a
 * real PostgreSQL fixture container holding a real Flyway history.
 *
 * The sample project is the demo's Flyway folder (test/demo/workspace/db/migration: V1, V2, V3).
 * V1 and V2 are applied in the container (their SQL run, and rows in flyway_schema_history created
 * with Flyway's own DDL and the CRC32 checksums Flyway computes); V3 is pending and holds a
 * CREATE INDEX without IF NOT EXISTS.
 *  - the Containers view: container → Migrations → "Flyway: 2 applied, 1 pending", and the tables
 *    and columns of dockerDb.migrations.expectedSchema that the database lacks (also in the panel);
 *  - a click on that line opens "Migrations: <container>", listing V1, V2 applied and V3 pending;
 *  - a click on the pending V3 opens its file in an editor;
 *  - the idempotency finding is a "Docker DB" warning in the Problems panel on V3's line 2;
 *  - with the node collapsed and no panel, fixing V3 on disk (IF NOT EXISTS) clears the warning;
 *  - a new V4 file in the folder shows up as pending without a refresh (file watcher);
 *  - after V3 is applied in the database, the panel's Refresh shows it applied;
 *  - a restart of the container (tmpfs: its data is gone) is read again by itself: 0 applied, 4 pending;
 *  - a migration file named like HTML shows as literal text in the panel and runs nothing.
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
import { flywayChecksum } from '../../src/core/migrations/checksums/flyway';
import { execIn, removeRunContainers, requireDocker, startPostgres, testDocker, waitForHealth, type PgFixture } from '../support/docker';
import { artifactsDir, launchBrowser, repoRoot, requireChromium, type BrowserSession } from './support/browser';
import { requireCodeServer, startCodeServer, type CodeServer } from './support/codeServer';
import { requireVsix } from './support/vsix';
import { editorGroupShowing, editorGroups, findTreeRow, openViewContainer, openWorkbench, parkMouse, pollFor, rowInfo, runCommand, screenshot, setSideBarWidth, treeRows, troubleshootingReport } from './support/workbench';

const VIEW_ID = 'dockerDb.containers';
const OUTPUT_CHANNEL = 'Docker DB';
const SAMPLE = path.join(repoRoot(), 'test', 'demo', 'workspace', 'db', 'migration');
const APPLIED = ['V1__create_customers.sql', 'V2__add_customer_email.sql'];
const PENDING = 'V3__index_customer_email.sql';
const TOOL_LINE = 'Flyway: 2 applied, 1 pending';
const NEW_FILE = 'V4__create_orders.sql';
/** customers exists with id and email (V1, V2); phone and invoices do not. */
const EXPECTED_SCHEMA = { customers: ['id', 'email', 'phone'], invoices: [] };
const MISSING_SCHEMA = ['Missing table invoices', 'Missing column customers.phone'];

/** Flyway's own DDL for PostgreSQL (flyway_schema_history), shared with the demo's init scripts. */
const FLYWAY_DDL = path.join(repoRoot(), 'test', 'demo', 'workspace', 'initdb', '10-flyway-schema-history.sql');

const sqlLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The applied migrations' SQL, then their history rows, in one script for psql (`rank`: installed_rank of the first). */
function applySql(dir: string, files: readonly string[], rank = 1): string {
  const rows = files.map((file, i) => {
    const [, version, description] = /^V(\d+)__(.+)\.sql$/.exec(file)!;
    const checksum = flywayChecksum(fs.readFileSync(path.join(dir, file)));
    return `INSERT INTO "public"."flyway_schema_history" VALUES (${rank + i}, ${sqlLiteral(version)}, ${sqlLiteral(description.replace(/_/g, ' '))}, 'SQL', ${sqlLiteral(file)}, ${checksum}, 'postgres', now(), 7, true);`;
  });
  return [...(rank === 1 ? [fs.readFileSync(FLYWAY_DDL, 'utf8')] : []), ...files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')), ...rows].join('\n');
}

describe('e2e: migrations in the Containers view, the Migrations panel and the Problems panel', function () {
  this.timeout(180_000);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let workspaceDir: string | undefined;
  let fixture: PgFixture | undefined;

  const describeView = async (): Promise<string> => {
    const rows = session ? await treeRows(session.page, VIEW_ID).catch((e) => `(rows: ${e})`) : '';
    const inner = session ? await frame().locator('body').innerText({ timeout: 1_000 }).catch(() => '(no migrations webview)') : '';
    const groups = session ? await editorGroups(session.page).catch(() => []) : [];
    return `rows: ${JSON.stringify(rows)}\neditor groups: ${JSON.stringify(groups.map((g) => g.tabs))}\nwebview text:\n${inner}`;
  };

  const saveDiagnostics = async (tag: string): Promise<void> => {
    const safe = tag.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 80);
    if (session) await screenshot(session.page, `failure-${safe}`).catch(() => undefined);
    const text = `${await describeView().catch((e) => `(describe failed: ${e})`)}\n\n${troubleshootingReport({ userDataDir: server?.userDataDir, channelName: OUTPUT_CHANNEL, consoleLog: session?.consoleLog(), serverLog: server?.logs() })}`;
    const file = path.join(artifactsDir(), `failure-${safe}.txt`);
    fs.writeFileSync(file, text);
    console.error(`[e2e] diagnostics for "${tag}" written to ${file}\n${text.slice(-6_000)}`);
  };

  /** The migrations webview's document (VS Code nests it in two iframes); the only webview this suite opens. */
  const frame = (): FrameLocator => session!.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  const migrationsDir = (): string => path.join(workspaceDir!, 'db', 'migration');

  /** Runs `sql` in the fixture with psql (SQL on stdin). */
  const psql = async (sql: string): Promise<void> => {
    const r = await execIn(fixture!.id, ['psql', '-v', 'ON_ERROR_STOP=1', '-q', '-U', fixture!.user, '-d', fixture!.db, '-f', '-'], { stdin: sql, timeoutMs: 30_000 });
    assert.equal(r.exitCode, 0, `psql failed: ${r.stderr}`);
  };

  /** Waits (bounded) for the tree line `label` under the fixture's Migrations node, with no Refresh. */
  const waitForLine = (label: string, timeoutMs = 30_000) =>
    pollFor(`the line "${label}" (no manual refresh)`, () => findTreeRow(session!.page, VIEW_ID, label), { timeoutMs, intervalMs: 500, describe: describeView });

  /** The migrations webview's rows: [id, status]. */
  const panelRows = (): Promise<string[][]> =>
    frame()
      .locator('section[data-tool="flyway"] table.migrations tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-id') ?? '', tr.getAttribute('data-status') ?? '']));

  const dockerDbProblems = (): Promise<string[]> =>
    session!.page.locator('.markers-panel .monaco-list-row').filter({ hasText: /Docker DB/ }).allInnerTexts().catch(() => []);

  /** Clicks a collapsed tree row (found by label or aria-label text) so it expands. */
  const expand = async (text: string): Promise<void> => {
    const page = session!.page;
    const row = await pollFor(`the row "${text}"`, () => findTreeRow(page, VIEW_ID, text), {
      timeoutMs: 60_000,
      intervalMs: 500,
      retryEveryMs: 15_000,
      onRetry: () => runCommand(page, 'Docker DB: Refresh'),
      describe: describeView,
    });
    if ((await rowInfo(row)).expanded !== 'true') await row.click();
    await pollFor(`the row "${text}" to expand`, async () => (await rowInfo(row)).expanded === 'true', { timeoutMs: 15_000, intervalMs: 200, describe: describeView });
  };

  before(async function () {
    await requireDocker(this);
    requireCodeServer(this);
    requireChromium(this);
    const vsixPath = requireVsix(this);
    try {
      fixture = await startPostgres({ name: `dockerdb-e2e-migrations-${crypto.randomBytes(4).toString('hex')}`, health: 'pg_isready' });
      workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-e2e-migrations-'));
      const dir = path.join(workspaceDir, 'db', 'migration');
      fs.mkdirSync(dir, { recursive: true });
      for (const f of [...APPLIED, PENDING]) fs.copyFileSync(path.join(SAMPLE, f), path.join(dir, f));
      const settled = await Promise.allSettled([startCodeServer({ vsixPath: vsixPath, workspaceDir, settings: { 'dockerDb.migrations.expectedSchema': EXPECTED_SCHEMA } }).then((s) => (server = s)), waitForHealth(fixture.id, 'healthy', 90_000)]);
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      await psql(applySql(migrationsDir(), APPLIED));
      session = await launchBrowser();
      await openWorkbench(session.page, server!.url);
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
    await fixture?.remove().catch(() => undefined);
    await removeRunContainers().catch(() => undefined);
    if (workspaceDir) fs.rmSync(workspaceDir, { recursive: true, force: true });
  });

  it('shows "Flyway: 2 applied, 1 pending" under the container\'s Migrations node', async function () {
    const page = session!.page;
    await openViewContainer(page, 'Docker DB');
    await setSideBarWidth(page, 560);
    await expand(fixture!.name);
    await expand(`Migrations of ${fixture!.name}`);
    const line = await pollFor(`the line "${TOOL_LINE}"`, () => findTreeRow(page, VIEW_ID, TOOL_LINE), { timeoutMs: 60_000, intervalMs: 500, describe: describeView });
    const info = await rowInfo(line);
    assert.equal(info.label, TOOL_LINE);
    assert.match(info.ariaLabel, /warning/, `a pending migration is a warning: ${JSON.stringify(info)}`);
    const node = await rowInfo((await findTreeRow(page, VIEW_ID, `Migrations of ${fixture!.name}`))!);
    assert.equal(node.description, '1 pending, 2 missing in schema');
    for (const label of MISSING_SCHEMA) assert.ok(await findTreeRow(page, VIEW_ID, label), `the expected-schema setting gives "${label}"\n${await describeView()}`);
    await parkMouse(page);
    await screenshot(page, 'migrations-tree');
  });

  it('the Migrations panel lists V1 and V2 applied and V3 pending, in order', async function () {
    const page = session!.page;
    const line = await findTreeRow(page, VIEW_ID, TOOL_LINE);
    assert.ok(line, await describeView());
    await line.click();
    const table = frame().locator('section[data-tool="flyway"] table.migrations');
    await pollFor('the Flyway table with 3 rows', async () => (await table.locator('tbody tr').count()) === 3, { timeoutMs: 30_000, intervalMs: 300, describe: describeView });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ status: tr.getAttribute('data-status'), id: tr.getAttribute('data-id'), text: (tr.textContent ?? '').trim() })));
    assert.deepEqual(rows.map((r) => [r.id, r.status]), [['1', 'applied'], ['2', 'applied'], ['3', 'pending']]);
    assert.match(rows[0].text, /create customers/);
    assert.match(rows[2].text, /pending/);
    assert.match(await frame().locator('section[data-tool="flyway"] h2').innerText(), /Flyway: 2 applied, 1 pending/);
    assert.deepEqual((await frame().locator('.missing-schema li').allInnerTexts()).map((t) => t.replace(/^\W+/, '').trim()).sort(), [...MISSING_SCHEMA].sort());
    const finding = frame().locator('section[data-tool="flyway"] .finding').first();
    assert.match(await finding.innerText(), new RegExp(`${PENDING.replace('.', '\\.')}:2`));
    await parkMouse(page);
    const shot = await screenshot(page, 'migrations-panel');
    if (process.env.DOCKERDB_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot(), 'media', 'screenshots', 'migrations-panel.png'));
  });

  it('clicking the pending V3 opens its file', async function () {
    const page = session!.page;
    await frame().locator('tr[data-status="pending"] button.link').first().click();
    await pollFor(`an editor showing ${PENDING}`, () => editorGroupShowing(page, PENDING), { timeoutMs: 30_000, intervalMs: 250, describe: describeView });
  });

  it('the idempotency finding of V3 is a Docker DB warning in the Problems panel', async function () {
    const page = session!.page;
    await runCommand(page, 'View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: /Docker DB/ }).filter({ hasText: /CREATE INDEX|IF NOT EXISTS/i });
    await pollFor('a Docker DB problem about CREATE INDEX', async () => (await problem.count()) > 0, {
      timeoutMs: 30_000,
      intervalMs: 300,
      describe: async () => `problems: ${JSON.stringify(await page.locator('.markers-panel .monaco-list-row').allInnerTexts().catch(() => []))}`,
    });
    const text = await problem.first().innerText();
    assert.match(text, /\[Ln 2, Col \d+\]/, `on V3's line 2: ${text}`);
    const file = page.locator('.markers-panel .monaco-list-row').filter({ hasText: PENDING });
    assert.ok((await file.count()) > 0, 'the Problems panel names the file');
    await parkMouse(page);
    await screenshot(page, 'migrations-problems');
  });

  it('fixing V3 on disk clears its warning, with no Migrations node or panel open', async function () {
    const page = session!.page;
    await runCommand(page, 'View: Close All Editors');
    const node = await findTreeRow(page, VIEW_ID, `Migrations of ${fixture!.name}`);
    assert.ok(node, await describeView());
    if ((await rowInfo(node)).expanded === 'true') await node.click();
    await pollFor('the Migrations node to collapse', async () => (await rowInfo(node)).expanded === 'false', { timeoutMs: 15_000, intervalMs: 200, describe: describeView });
    const file = path.join(migrationsDir(), PENDING);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('CREATE INDEX customers_email_idx', 'CREATE INDEX IF NOT EXISTS customers_email_idx'));
    await pollFor('the V3 warning to leave the Problems panel', async () => (await dockerDbProblems()).length === 0, {
      timeoutMs: 30_000,
      intervalMs: 300,
      describe: async () => `problems: ${JSON.stringify(await dockerDbProblems())}`,
    });
    await expand(`Migrations of ${fixture!.name}`);
    const line = await waitForLine(TOOL_LINE);
    await line.click();
    await pollFor('the panel again', async () => (await panelRows()).length === 3, { timeoutMs: 30_000, intervalMs: 300, describe: describeView });
    assert.equal(await frame().locator('section[data-tool="flyway"] .finding').count(), 0, 'no finding left in the panel');
  });

  it('a new file in the migrations folder shows up as pending without a refresh', async function () {
    fs.writeFileSync(path.join(workspaceDir!, 'db', 'migration', NEW_FILE), 'CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, customer_id bigint);\n');
    await waitForLine('Flyway: 2 applied, 2 pending');
    await pollFor('the panel to list V4 pending', async () => JSON.stringify(await panelRows()) === JSON.stringify([['1', 'applied'], ['2', 'applied'], ['3', 'pending'], ['4', 'pending']]), {
      timeoutMs: 30_000,
      intervalMs: 300,
      describe: describeView,
    });
  });

  it('Refresh in the panel reads the history again: V3 applied', async function () {
    await psql(applySql(migrationsDir(), [PENDING], 3));
    await frame().getByRole('button', { name: 'Refresh' }).click();
    await pollFor('the panel to list V3 applied', async () => JSON.stringify(await panelRows()) === JSON.stringify([['1', 'applied'], ['2', 'applied'], ['3', 'applied'], ['4', 'pending']]), {
      timeoutMs: 30_000,
      intervalMs: 300,
      describe: describeView,
    });
    await waitForLine('Flyway: 3 applied, 1 pending');
  });

  it('a container restart (its tmpfs data gone) is read again without a refresh: nothing applied', async function () {
    await testDocker().getContainer(fixture!.id).restart({ t: 5 });
    await waitForHealth(fixture!.id, 'healthy', 90_000);
    await waitForLine('Flyway: 0 applied, 4 pending', 60_000);
  });

  it('a migration named like HTML shows as literal text in the panel and runs nothing', async function () {
    // No underscore in the description: Flyway shows each as a space.
    const name = 'V9__<img src=x onerror="window.xss=1">.sql';
    fs.writeFileSync(path.join(migrationsDir(), name), 'SELECT 1;\n');
    const row = frame().locator('tr[data-id="9"]');
    await pollFor('the V9 row in the panel', async () => (await row.count()) === 1, { timeoutMs: 30_000, intervalMs: 300, describe: describeView });
    assert.match(await row.innerText(), /<img src=x onerror="window\.xss=1">/);
    assert.equal(await row.locator('img').count(), 0, 'no element is made from the name');
    assert.equal(await frame().locator('body').evaluate(() => (globalThis as unknown as { xss?: number }).xss), undefined);
  });
});
