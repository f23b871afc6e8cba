import * as assert from 'node:assert/strict';
import { compareContainers, containerName, parseExitCode, parseHealth, parsePorts, RawContainer, toContainerSummary } from '../../src/core/docker/containers';
import { buildContainersView, OTHER_GROUP_LABEL, ViewNode } from '../../src/core/view/containersModel';
import { formatPorts } from '../../src/core/docker/format';

/** Shaped like Engine API 1.41 `GET /containers/json` items, as dockerd 20.10 returns them. */
function raw(over: Partial<RawContainer>): RawContainer {
  return {
    Id: 'a'.repeat(64),
    Names: ['/db'],
    Image: 'postgres:16',
    State: 'running',
    Status: 'Up 2 minutes (healthy)',
    Created: 1_700_000_000,
    Labels: {},
    Ports: [],
    ...over,
  };
}

describe('container model from one list call', () => {
  it('reads health from the status text of every Docker version', () => {
    assert.equal(parseHealth({ Status: 'Up 3 seconds (health: starting)' }), 'starting');
    assert.equal(parseHealth({ Status: 'Up 2 minutes (healthy)' }), 'healthy');
    assert.equal(parseHealth({ Status: 'Up 2 minutes (unhealthy)' }), 'unhealthy');
    assert.equal(parseHealth({ Status: 'Up 2 minutes' }), 'none');
    assert.equal(parseHealth({ Status: 'Exited (0) 5 seconds ago' }), 'none');
    assert.equal(parseHealth({ Status: 'Up 1 second', Health: { Status: 'healthy' } }), 'healthy');
  });

  it('reads the exit code of exited containers', () => {
    assert.equal(parseExitCode('Exited (137) 3 seconds ago'), 137);
    assert.equal(parseExitCode('Exited (0) About a minute ago'), 0);
    assert.equal(parseExitCode('Up 2 minutes'), null);
    const s = toContainerSummary(raw({ State: 'exited', Status: 'Exited (3) 1 second ago' }));
    assert.deepEqual([s.state, s.exitCode, s.health], ['exited', 3, 'none']);
  });

  it('keeps only published ports, IPv4 and IPv6 bindings, deduplicated and sorted', () => {
    const { published, exposed } = parsePorts([
      { IP: '::', PrivatePort: 5432, PublicPort: 55432, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 5432, PublicPort: 55432, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 5432, PublicPort: 55432, Type: 'tcp' },
      { PrivatePort: 8080, Type: 'tcp' },
      { IP: '127.0.0.1', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
    ]);
    assert.deepEqual(published, [
      { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' },
      { hostIp: '0.0.0.0', hostPort: 55432, containerPort: 5432, protocol: 'tcp' },
      { hostIp: '::', hostPort: 55432, containerPort: 5432, protocol: 'tcp' },
    ]);
    assert.deepEqual(exposed, [53, 5432, 8080]);
    assert.equal(formatPorts(published), '127.0.0.1:5353→53/udp, 0.0.0.0:55432→5432/tcp');
  });

  it('copes with missing fields (a container that vanished mid-list, odd API answers)', () => {
    const s = toContainerSummary({ Id: 'b'.repeat(64), Labels: null, Ports: null });
    assert.equal(s.name, 'bbbbbbbbbbbb');
    assert.equal(s.state, 'dead');
    assert.deepEqual(s.ports, []);
    assert.equal(s.engine, null);
  });

  it('uses the container\'s own name, not a legacy link alias, and keeps unusual characters', () => {
    assert.equal(containerName({ Id: 'x', Names: ['/web/db', '/my.db-1_ü'] }), 'my.db-1_ü');
  });

  it('reads compose labels and detects the engine', () => {
    const s = toContainerSummary(
      raw({
        Names: ['/shop_db_1'],
        Image: 'timescale/timescaledb:latest-pg16',
        Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db' },
        Ports: [{ IP: '127.0.0.1', PrivatePort: 5432, PublicPort: 5433, Type: 'tcp' }],
      }),
    );
    assert.equal(s.name, 'shop_db_1');
    assert.equal(s.engine, 'postgres');
    assert.equal(s.composeProject, 'shop');
    assert.equal(s.composeService, 'db');
    assert.deepEqual(s.ports, [{ hostIp: '127.0.0.1', hostPort: 5433, containerPort: 5432, protocol: 'tcp' }]);
  });

  it('sorts database containers first', () => {
    const app = toContainerSummary(raw({ Id: '1', Names: ['/a-app'], Image: 'node:20' }));
    const db = toContainerSummary(raw({ Id: '2', Names: ['/z-db'], Image: 'postgres' }));
    assert.deepEqual([app, db].sort(compareContainers).map((c) => c.name), ['z-db', 'a-app']);
  });
});

describe('grouping for the Containers view', () => {
  const list = [
    toContainerSummary(raw({ Id: '1', Names: ['/shop_db_1'], Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db' } })),
    toContainerSummary(raw({ Id: '2', Names: ['/shop_web_1'], Image: 'node:20', Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' } })),
    toContainerSummary(raw({ Id: '3', Names: ['/analytics_ch_1'], Image: 'clickhouse/clickhouse-server', Labels: { 'com.docker.compose.project': 'analytics', 'com.docker.compose.service': 'ch' } })),
    toContainerSummary(raw({ Id: '4', Names: ['/cache'], Image: 'redis:7' })),
    toContainerSummary(raw({ Id: '5', Names: ['/nginx'], Image: 'nginx' })),
  ];

  const label = (n: ViewNode): string => (n.kind === 'project' ? n.name : n.kind === 'other' ? n.label : n.key);
  const names = (n: ViewNode | undefined): string[] =>
    n && 'children' in n ? n.children.flatMap((c) => (c.kind === 'container' ? [c.container.name] : c.kind === 'service' ? c.children.map((x) => x.container.name) : [])) : [];

  it('groups by compose project, then other containers; databases only by default', () => {
    const groups = buildContainersView([], list, { showAll: false });
    assert.deepEqual(
      groups.map((g) => [label(g), names(g)]),
      [
        ['analytics', ['analytics_ch_1']],
        ['shop', ['shop_db_1']],
        [OTHER_GROUP_LABEL, ['cache']],
      ],
    );
  });

  it('shows every container when asked, databases first within a group', () => {
    const groups = buildContainersView([], list, { showAll: true });
    assert.deepEqual(names(groups.find((g) => label(g) === 'shop')), ['shop_db_1', 'shop_web_1']);
    assert.deepEqual(names(groups.find((g) => g.key === 'other')), ['cache', 'nginx']);
  });

  it('lists containers flat when no compose project is involved', () => {
    const flat = buildContainersView([], list.slice(3), { showAll: true });
    assert.deepEqual(flat.map((n) => (n.kind === 'container' ? n.container.name : n.kind)), ['cache', 'nginx']);
  });
});
