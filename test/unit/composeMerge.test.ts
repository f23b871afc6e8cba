import * as assert from 'node:assert/strict';
import { EngineApi, parseDependsOnLabel, planEngineOperation, runWithEngine } from '../../src/core/compose/engineFallback';
import { mergeProjects, ProjectEntry, serviceStatus } from '../../src/core/compose/merge';
import type { ComposeProject, ComposeService } from '../../src/core/compose/model';
import type { ContainerState, ContainerSummary } from '../../src/shared/containers';

function svc(name: string, extra: Partial<ComposeService> = {}): ComposeService {
  return { name, ports: [], dependsOn: [], profiles: [], labels: {}, environment: {}, file: '/ws/shop/compose.yaml', line: 1, image: 'x', ...extra };
}

function project(name: string, workingDir: string, services: ComposeService[]): ComposeProject {
  return { name, workingDir, files: [`${workingDir}/compose.yaml`], services, errors: [] };
}

let seq = 0;
function container(projectName: string | null, service: string | null, state: ContainerState, labels: Record<string, string> = {}): ContainerSummary {
  seq++;
  const all: Record<string, string> = { ...labels };
  if (projectName) all['com.docker.compose.project'] = projectName;
  if (service) all['com.docker.compose.service'] = service;
  return {
    id: `${String(seq).padStart(4, '0')}${'c'.repeat(60)}`,
    name: `${projectName}_${service}_${seq}`,
    image: 'x',
    state,
    status: '',
    health: 'none',
    exitCode: null,
    engine: null,
    composeProject: projectName,
    composeService: service,
    ports: [],
    exposedPorts: [],
    created: seq,
    labels: all,
  };
}

const healthy = { condition: 'service_healthy' as const, required: true };

describe('compose projects merged with containers', () => {
  it('lists declared services with their containers, "not created" ones, and services known only from containers', () => {
    const shop = project('shop', '/ws/shop', [svc('db'), svc('app', { dependsOn: [{ service: 'db', ...healthy }] }), svc('late')]);
    const db = container('shop', 'db', 'running');
    const app = container('shop', 'app', 'exited');
    const old = container('shop', 'removed-service', 'exited');
    const [entry, ...rest] = mergeProjects([shop], [db, app, old, container(null, null, 'running')]);
    assert.deepEqual(rest, []);
    assert.equal(entry.project, shop);
    assert.deepEqual(
      entry.services.map((s) => [s.name, s.status, s.containers.map((c) => c.id), s.service?.name ?? null]),
      [
        ['db', 'running', [db.id], 'db'],
        ['app', 'exited', [app.id], 'app'],
        ['late', 'not created', [], 'late'],
        ['removed-service', 'exited', [old.id], null],
      ],
    );
  });

  it('adds projects that have containers but no compose file in the workspace', () => {
    const other = container('billing', 'pg', 'running', { 'com.docker.compose.project.working_dir': '/elsewhere/billing' });
    const entries = mergeProjects([project('shop', '/ws/shop', [svc('db')])], [other]);
    assert.deepEqual(
      entries.map((e) => [e.name, e.workingDir, e.project === null, e.services.map((s) => `${s.name}:${s.status}`)]),
      [
        ['shop', '/ws/shop', false, ['db:not created']],
        ['billing', '/elsewhere/billing', true, ['pg:running']],
      ],
    );
  });

  it('tells apart two workspace projects with the same name by working_dir', () => {
    const a = project('app', '/ws/one/app', [svc('db')]);
    const b = project('app', '/ws/two/app', [svc('db')]);
    const inB = container('app', 'db', 'running', { 'com.docker.compose.project.working_dir': '/ws/two/app/' });
    const stray = container('app', 'db', 'exited', { 'com.docker.compose.project.working_dir': '/ws/three/app' });
    const entries = mergeProjects([a, b], [inB, stray]);
    assert.equal(entries[0].services[0].status, 'not created');
    assert.deepEqual(entries[1].services[0].containers, [inB]);
    assert.equal(entries[2].project, null);
    assert.equal(entries[2].workingDir, '/ws/three/app');
  });

  it('sums up several containers of one service', () => {
    assert.equal(serviceStatus([container('p', 's', 'running'), container('p', 's', 'running')]), 'running');
    assert.equal(serviceStatus([container('p', 's', 'running'), container('p', 's', 'exited')]), 'partial');
    assert.equal(serviceStatus([container('p', 's', 'exited'), container('p', 's', 'created')]), 'created');
    assert.equal(serviceStatus([container('p', 's', 'running', { 'com.docker.compose.oneoff': 'True' })]), 'not created');
  });
});

describe('Engine API fallback without a Compose CLI', () => {
  function shopEntry(created: Record<string, ContainerState | null>): ProjectEntry {
    const shop = project('shop', '/ws/shop', [
      svc('db', { healthcheck: { test: ['CMD', 'pg_isready'] } }),
      svc('migrate', { dependsOn: [{ service: 'db', ...healthy }] }),
      svc('app', { dependsOn: [{ service: 'db', ...healthy }, { service: 'migrate', condition: 'service_completed_successfully', required: true }] }),
      svc('tools', { profiles: ['debug'] }),
    ]);
    const containers = Object.entries(created).flatMap(([s, state]) => (state ? [container('shop', s, state)] : []));
    return mergeProjects([shop], containers)[0];
  }

  it('starts existing containers in dependency order, waiting on health and completion', () => {
    const steps = planEngineOperation(shopEntry({ db: 'exited', migrate: 'exited', app: 'exited', tools: null }), { kind: 'up' });
    assert.deepEqual(
      steps.map((s) => [s.action, s.service, s.waitFor.map((w) => `${w.service}:${w.condition}`)]),
      [
        ['start', 'db', []],
        ['start', 'migrate', ['db:service_healthy']],
        ['start', 'app', ['db:service_healthy', 'migrate:service_completed_successfully']],
      ],
    );
  });

  it('stops in reverse dependency order', () => {
    const steps = planEngineOperation(shopEntry({ db: 'running', migrate: 'exited', app: 'running', tools: 'running' }), { kind: 'stop' });
    assert.deepEqual(steps.map((s) => s.service), ['tools', 'app', 'migrate', 'db']);
    assert.deepEqual(planEngineOperation(shopEntry({ db: 'running' }), { kind: 'restart', service: 'db' }).map((s) => `${s.action}:${s.service}`), ['restart:db']);
  });

  it('says that Compose is needed to create services or remove the project', () => {
    assert.throws(() => planEngineOperation(shopEntry({ db: 'exited', migrate: null, app: null }), { kind: 'up', services: ['app'] }), (e: Error & { services?: string[] }) => {
      assert.equal(e.name, 'ComposeRequiredError');
      assert.deepEqual(e.services, ['migrate', 'app']);
      assert.match(e.message, /migrate, app in project "shop" have no container yet.*Install Docker Compose/);
      return true;
    });
    assert.throws(() => planEngineOperation(shopEntry({ db: 'running' }), { kind: 'down' }), /Removing project "shop" needs Docker Compose/);
  });

  it('reads depends_on from the label Compose v2 writes when there is no file', () => {
    assert.deepEqual(parseDependsOnLabel('db:service_healthy:false,cache:service_started:true'), [
      { service: 'db', condition: 'service_healthy', required: true },
      { service: 'cache', condition: 'service_started', required: true },
    ]);
    const db = container('ext', 'db', 'exited');
    const app = container('ext', 'app', 'exited', { 'com.docker.compose.depends_on': 'db:service_started:false' });
    const entry = mergeProjects([], [app, db])[0];
    assert.deepEqual(planEngineOperation(entry, { kind: 'start' }).map((s) => s.service), ['db', 'app']);
  });

  it('drives the engine: starts in order, waits for health, tolerates "already started"', async () => {
    const entry = shopEntry({ db: 'exited', migrate: 'exited', app: 'exited' });
    const calls: string[] = [];
    const ids = new Map(entry.services.flatMap((s) => s.containers.map((c) => [c.id, s.name] as const)));
    let dbInspections = 0;
    const api: EngineApi = {
      getContainer: (id) => ({
        start: async () => {
          calls.push(`start ${ids.get(id)}`);
          if (ids.get(id) === 'app') throw Object.assign(new Error('already started'), { statusCode: 304 });
        },
        stop: async () => calls.push(`stop ${ids.get(id)}`),
        restart: async () => calls.push(`restart ${ids.get(id)}`),
        inspect: async () => {
          if (ids.get(id) === 'db') {
            dbInspections++;
            return { State: { Status: 'running', Health: { Status: dbInspections < 3 ? 'starting' : 'healthy' } } };
          }
          return { State: { Status: 'exited', ExitCode: 0 } };
        },
      }),
    };
    const output: string[] = [];
    await runWithEngine(api, entry, { kind: 'up' }, { pollMs: 5, onOutput: (l) => output.push(l) });
    assert.deepEqual(calls, ['start db', 'start migrate', 'start app']);
    assert.equal(dbInspections, 4);
    assert.ok(output.includes('Waiting for db (service_healthy)'), output.join('\n'));
  });

  it('fails fast when a dependency turns unhealthy', async () => {
    const entry = shopEntry({ db: 'exited', migrate: 'exited', app: 'exited' });
    const api: EngineApi = {
      getContainer: () => ({
        start: async () => undefined,
        stop: async () => undefined,
        restart: async () => undefined,
        inspect: async () => ({ State: { Status: 'running', Health: { Status: 'unhealthy' } } }),
      }),
    };
    await assert.rejects(runWithEngine(api, entry, { kind: 'up' }, { pollMs: 5 }), /db is unhealthy, so the services that wait for it were not started/);
  });
});
