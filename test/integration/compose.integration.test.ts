import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ComposeCli, composeCommand, ComposeOperation, composeTarget, detectCompose } from '../../src/core/compose/commands';
import { discoverComposeProjects } from '../../src/core/compose/discover';
import { runWithEngine } from '../../src/core/compose/engineFallback';
import { mergeProjects, ProjectEntry } from '../../src/core/compose/merge';
import type { ComposeProject } from '../../src/core/compose/model';
import { loadComposeProject } from '../../src/core/compose/parse';
import { runCompose } from '../../src/core/compose/run';
import { listContainers } from '../../src/core/docker/containers';
import { ensureFixtureImage, FIXTURE_IMAGE, removeRunContainers, requireDocker, TEST_LABEL, TEST_RUN_ID, testDocker } from '../support/docker';

const run = promisify(execFile);

/** db (healthy via pg_isready), app (waits for db healthy; not a database), late (declared, never started). */
function composeYaml(): string {
  return `
x-fixture: &fixture
  image: ${FIXTURE_IMAGE}
  volumes:
    - /usr:/usr:ro
    - /etc/passwd:/etc/passwd:ro
    - /etc/group:/etc/group:ro
  tmpfs:
    - /var/lib/postgresql:rw,mode=1777
    - /var/run/postgresql:rw,mode=1777
  labels:
    ${TEST_LABEL}: "\${RUN_ID}"

services:
  db:
    <<: *fixture
    environment:
      POSTGRES_PASSWORD: "\${DB_PASSWORD}"
    healthcheck:
      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "postgres"]
      interval: 1s
      timeout: 3s
      retries: 60
  app:
    <<: *fixture
    command: ["sleep", "600"]
    labels:
      ${TEST_LABEL}: "\${RUN_ID}"
      dockerdb.engine: none
    depends_on:
      db:
        condition: service_healthy
  late:
    <<: *fixture
    command: ["sleep", "600"]
`;
}

describe('compose awareness against a real engine and Compose CLI', function () {
  this.timeout(120000);
  const projectName = `dockerdb-it-${TEST_RUN_ID}`.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  let dir: string;
  let cli: ComposeCli;
  let project: ComposeProject;
  const output: string[] = [];

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    const found = await detectCompose({ refresh: true });
    if (!found) {
      if (process.env.CI) throw new Error('Docker Compose required under CI: neither "docker compose" nor "docker-compose" answered.');
      console.warn('    [skip] no Docker Compose CLI');
      this.skip();
    }
    cli = found as ComposeCli;
    await ensureFixtureImage();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-compose-it-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), composeYaml());
    fs.writeFileSync(path.join(dir, '.env'), `# written by the integration test\nCOMPOSE_PROJECT_NAME=${projectName}\nRUN_ID=${TEST_RUN_ID}\nDB_PASSWORD='it-$ecret'\n`);
  });

  after(async function () {
    this.timeout(120000);
    if (dir && cli) {
      // Even when a test failed half way: remove the project's containers, network and volumes.
      const args = cli.command === 'docker' ? ['compose', '-p', projectName, 'down', '-v', '-t', '1'] : ['-p', projectName, 'down', '-v', '-t', '1'];
      await run(cli.command, args, { cwd: dir, timeout: 90000 }).catch((e: Error) => console.warn(`    [cleanup] ${e.message}`));
    }
    await removeRunContainers();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function compose(op: ComposeOperation): Promise<void> {
    await runCompose(composeCommand(cli, composeTarget(project), op), { cwd: project.workingDir, onOutput: (line) => output.push(line) });
  }

  async function entry(): Promise<ProjectEntry> {
    const containers = await listContainers(testDocker(), { all: true });
    const merged = mergeProjects([project], containers);
    assert.equal(merged[0].project, project);
    return merged[0];
  }

  function status(e: ProjectEntry): Record<string, string> {
    return Object.fromEntries(e.services.map((s) => [s.name, s.status]));
  }

  it('detects the installed Compose CLI', () => {
    assert.match(cli.version, /^\d+\.\d+\.\d+$/);
    assert.equal(cli.flavor, cli.version.startsWith('1.') ? 'v1' : 'v2');
  });

  it('discovers and parses the project with the name from .env', async () => {
    const found = await discoverComposeProjects([dir]);
    assert.equal(found.projects.length, 1);
    project = await loadComposeProject(found.projects[0].files);
    assert.deepEqual(project.errors, []);
    assert.equal(project.name, projectName);
    assert.deepEqual(project.services.map((s) => s.name), ['db', 'app', 'late']);
    assert.equal(project.services[0].environment.POSTGRES_PASSWORD, 'it-$ecret');
  });

  it('brings up db and app only; merge shows them running and late as "not created"', async () => {
    await compose({ kind: 'up', services: ['db', 'app'] });
    const e = await entry();
    assert.deepEqual(status(e), { db: 'running', app: 'running', late: 'not created' }, output.join('\n'));
    const db = e.services[0].containers[0];
    const app = e.services[1].containers[0];
    assert.equal(db.health, 'healthy', 'app started only after db was healthy');
    assert.equal(db.engine, 'postgres');
    assert.equal(app.engine, null, 'dockerdb.engine: none marks the app container');
    assert.equal(app.labels[TEST_LABEL], TEST_RUN_ID);
    assert.equal(db.labels['com.docker.compose.project.working_dir'], project.workingDir);
  });

  it('restarts one service', async () => {
    const before = await testDocker().getContainer((await entry()).services[1].containers[0].id).inspect();
    await compose({ kind: 'restart', service: 'app', timeoutSeconds: 1 });
    const after = await testDocker().getContainer(before.Id).inspect();
    assert.equal(after.State.Running, true);
    assert.notEqual(after.State.StartedAt, before.State.StartedAt);
    const dbAfter = (await entry()).services[0].containers[0];
    assert.equal(dbAfter.state, 'running', 'db was left alone');
  });

  it('stops and starts existing containers through the Engine API when no CLI is used', async () => {
    await runWithEngine(testDocker(), await entry(), { kind: 'stop', service: 'app', timeoutSeconds: 1 });
    assert.equal(status(await entry()).app, 'exited');
    await assert.rejects(runWithEngine(testDocker(), await entry(), { kind: 'up' }), /late in project .* has no container yet.*Install Docker Compose/);
    await runWithEngine(testDocker(), await entry(), { kind: 'up', services: ['app'] });
    assert.deepEqual(status(await entry()), { db: 'running', app: 'running', late: 'not created' });
  });

  it('down removes every container and the network of the project', async () => {
    await compose({ kind: 'down', removeVolumes: true, timeoutSeconds: 1 });
    const e = await entry();
    assert.deepEqual(status(e), { db: 'not created', app: 'not created', late: 'not created' });
    const networks = await testDocker().listNetworks({ filters: { label: [`com.docker.compose.project=${projectName}`] } });
    assert.deepEqual(networks.map((n) => n.Name), []);
  });
});
