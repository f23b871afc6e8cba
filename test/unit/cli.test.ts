import * as assert from 'node:assert/strict';
import { run, EXIT_FAILURE, EXIT_USAGE, EXIT_OK } from '../../src/cli/main';
import { filterContainers, psJson, psTable } from '../../src/cli/commands/ps';
import { toContainerSummary } from '../../src/core/docker/containers';

function capture(): { io: { stdout(t: string): void; stderr(t: string): void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => (out += t), stderr: (t) => (err += t) }, out: () => out, err: () => err };
}

const sample = [
  toContainerSummary({
    Id: 'f'.repeat(64),
    Names: ['/shop_db_1'],
    Image: 'postgres:16',
    State: 'running',
    Status: 'Up 5 minutes (unhealthy)',
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db' },
    Ports: [{ IP: '127.0.0.1', PrivatePort: 5432, PublicPort: 5433, Type: 'tcp' }],
  }),
  toContainerSummary({ Id: 'e'.repeat(64), Names: ['/web'], Image: 'nginx', State: 'exited', Status: 'Exited (1) 3 seconds ago' }),
];

describe('dockerdb CLI', () => {
  it('ps --json has the documented shape', () => {
    const parsed = JSON.parse(psJson(sample)) as Array<Record<string, unknown>>;
    assert.equal(parsed.length, 2);
    for (const key of ['id', 'name', 'image', 'state', 'health', 'engine', 'composeProject', 'composeService', 'ports']) {
      assert.ok(key in parsed[0], `missing ${key}`);
    }
    assert.deepEqual(parsed[0].ports, [{ hostIp: '127.0.0.1', hostPort: 5433, containerPort: 5432, protocol: 'tcp' }]);
    assert.equal(parsed[0].health, 'unhealthy');
    assert.equal(parsed[1].engine, null);
    assert.equal(parsed[1].composeProject, null);
    assert.equal(parsed[1].state, 'exited');
  });

  it('ps prints a readable table', () => {
    const lines = psTable(sample).trimEnd().split('\n');
    assert.match(lines[0], /^NAME\s+ENGINE\s+STATE\s+HEALTH\s+PORTS\s+COMPOSE$/);
    assert.match(lines[1], /^shop_db_1\s+postgres\s+running\s+unhealthy\s+127\.0\.0\.1:5433→5432\/tcp\s+shop\/db$/);
    assert.match(lines[2], /^web\s+-\s+exited \(1\)\s+-\s+-\s+-$/);
    assert.equal(psTable([]), 'No containers.\n');
  });

  it('ps filters by engine and health', () => {
    assert.deepEqual(filterContainers(sample, ['postgres']).map((c) => c.name), ['shop_db_1']);
    assert.deepEqual(filterContainers(sample, ['none']).map((c) => c.name), ['web']);
    assert.deepEqual(filterContainers(sample, ['any'], ['unhealthy']).map((c) => c.name), ['shop_db_1']);
    assert.deepEqual(filterContainers(sample, [], ['healthy']).map((c) => c.name), []);
  });

  it('exits non-zero with a clear message when no engine answers', async () => {
    const c = capture();
    const code = await run(['ps', '--json', '--host', 'unix:///nonexistent/docker-db-test.sock', '--api-timeout', '1000'], c.io);
    assert.equal(code, EXIT_FAILURE);
    assert.equal(c.out(), '');
    assert.match(c.err(), /No Docker engine answered\. Tried unix:\/\/\/nonexistent\/docker-db-test\.sock \(from the --host option\): the socket does not exist\./);
  });

  it('rejects unknown commands and options with usage (exit 2)', async () => {
    const a = capture();
    assert.equal(await run(['frobnicate'], a.io), EXIT_USAGE);
    assert.match(a.err(), /unknown command "frobnicate"/);
    const b = capture();
    assert.equal(await run(['ps', '--bogus'], b.io), EXIT_USAGE);
    assert.match(b.err(), /Unknown option '--bogus'/);
    const c = capture();
    assert.equal(await run(['ps', '--api-timeout', 'soon'], c.io), EXIT_USAGE);
    assert.match(c.err(), /--api-timeout must be a positive number/);
    const e = capture();
    assert.equal(await run(['ps', '--engine', 'oracle'], e.io), EXIT_USAGE);
    assert.match(e.err(), /unknown engine "oracle"/);
    const f = capture();
    assert.equal(await run(['wait'], f.io), EXIT_USAGE);
    assert.match(f.err(), /expected exactly one container/);
    const g = capture();
    assert.equal(await run(['wait', 'db', '--timeout', '0'], g.io), EXIT_USAGE);
    assert.match(g.err(), /--timeout must be a positive number of seconds/);
    const d = capture();
    assert.equal(await run(['--help'], d.io), EXIT_OK);
    assert.match(d.out(), /Usage: dockerdb <command>/);
  });
});
