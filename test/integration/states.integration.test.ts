import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectDocker } from '../../src/core/docker/client';
import { listContainers } from '../../src/core/docker/containers';
import { loadComposeProject } from '../../src/core/compose/parse';
import { buildContainersView, ProjectNode, ServiceNode, ViewNode } from '../../src/core/view/containersModel';
import { summarizeHealth } from '../../src/core/health/summary';
import type { ContainerSummary } from '../../src/shared/containers';
import { fixtureHostConfig, FIXTURE_IMAGE, removeRunContainers, requireDocker, startPlainContainer, startPostgres, TEST_LABEL, TEST_RUN_ID, testDocker } from '../support/docker';
import type Docker from 'dockerode';

async function pollList(docker: Docker, id: string, ok: (c: ContainerSummary) => boolean, timeoutMs: number): Promise<ContainerSummary> {
  const deadline = Date.now() + timeoutMs;
  let last: ContainerSummary | undefined;
  for (let i = 0; i < 400 && Date.now() < deadline; i++) {
    last = (await listContainers(docker, { all: true })).find((c) => c.id === id);
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`container ${id.slice(0, 12)} never matched; last: ${last?.state}/${last?.health} ${last?.status}`);
}

describe('container states, compose groups and 200 containers on a real engine', function () {
  this.timeout(180000);
  let docker: Docker;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-states-'));

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    docker = (await connectDocker()).docker;
  });

  after(async function () {
    this.timeout(120000);
    await removeRunContainers();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sees starting, no health check and restarting', async () => {
    const starting = await startPlainContainer({ cmd: ['sleep', '300'], health: { test: ['CMD', 'false'], intervalMs: 30000 } });
    const plain = await startPlainContainer({ cmd: ['sleep', '300'] });
    const c = await testDocker().createContainer({
      Image: FIXTURE_IMAGE,
      Cmd: ['sh', '-c', 'sleep 0.3; exit 2'],
      Labels: { [TEST_LABEL]: TEST_RUN_ID },
      HostConfig: { ...fixtureHostConfig(), RestartPolicy: { Name: 'always' } },
    });
    await c.start();
    assert.equal((await pollList(docker, starting.id, (x) => x.health === 'starting', 10000)).state, 'running');
    assert.equal((await pollList(docker, plain.id, (x) => x.state === 'running', 10000)).health, 'none');
    const restarting = await pollList(docker, c.id, (x) => x.state === 'restarting', 30000);
    assert.equal(restarting.health, 'none');
  });

  it('groups compose-labelled containers with a compose file, showing a service not yet created', async () => {
    const project = `dockerdb-states-${TEST_RUN_ID}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(
      file,
      `name: ${project}\nservices:\n  db:\n    image: ${FIXTURE_IMAGE}\n    healthcheck:\n      test: ["CMD", "pg_isready", "-h", "127.0.0.1"]\n  reports:\n    image: postgres:16\n    depends_on:\n      db:\n        condition: service_healthy\n`,
    );
    const labels = { 'com.docker.compose.project': project, 'com.docker.compose.service': 'db', 'com.docker.compose.project.working_dir': dir };
    const db = await startPostgres({ labels, health: 'failing' });
    const projects = [await loadComposeProject([file])];
    assert.deepEqual(projects[0].errors, []);
    const containers = await pollList(docker, db.id, (x) => x.health === 'unhealthy', 30000).then(() => listContainers(docker, { all: true }));
    const view = buildContainersView(projects, containers, { showAll: false });
    const node = view.find((n): n is ProjectNode => n.kind === 'project' && n.name === project);
    assert.ok(node, 'the project is a group');
    assert.deepEqual([node.running, node.total, node.unhealthy], [1, 1, 1]);
    const reports = node.children.find((n): n is ServiceNode => n.kind === 'service' && n.name === 'reports');
    assert.equal(reports?.status, 'not created');
    assert.deepEqual(reports?.service?.dependsOn.map((d) => [d.service, d.condition]), [['db', 'service_healthy']]);
    const summary = summarizeHealth(containers, { workspaceFolders: [dir], optionalServices: [] });
    assert.deepEqual([summary.scope, summary.ok, summary.total, summary.level], ['workspace', 0, 1, 'error']);
  });

  it('lists 200 containers in one call and builds the view model from them', async () => {
    const before = (await listContainers(docker, { all: true })).length;
    const ids: string[] = [];
    for (let batch = 0; batch < 25; batch++) {
      const created = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          testDocker().createContainer({
            name: `dockerdb-many-${TEST_RUN_ID}-${batch * 8 + i}`.replace(/[^a-zA-Z0-9_.-]/g, '-'),
            Image: FIXTURE_IMAGE,
            Cmd: ['sleep', '600'],
            Labels: { [TEST_LABEL]: TEST_RUN_ID, ...(i % 4 === 0 ? { 'com.docker.compose.project': `many${batch % 3}`, 'com.docker.compose.service': `s${i}` } : {}) },
            HostConfig: fixtureHostConfig(),
          }),
        ),
      );
      ids.push(...created.map((c) => c.id));
    }
    let calls = 0;
    const counting = new Proxy(docker, { get: (t, p, r) => (p === 'listContainers' && calls++, Reflect.get(t, p, r)) });
    const list = await listContainers(counting, { all: true });
    assert.equal(calls, 1);
    assert.equal(list.length, before + 200);
    const started = process.hrtime.bigint();
    const view = buildContainersView([], list, { showAll: true });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const count = (nodes: ViewNode[]): number => nodes.reduce((sum, n) => sum + (n.kind === 'container' ? 1 : 'children' in n ? count(n.children) : 0), 0);
    const shown = count(view);
    assert.ok(shown >= 200, `view shows ${shown}`);
    assert.ok(ids.every((id) => list.some((c) => c.id === id)));
    console.log(`      view model for ${list.length} containers built in ${ms.toFixed(1)} ms (figure in npm run bench)`);
  });
});
