import * as assert from 'node:assert/strict';
import { accessibilityLabel, summarizeHealth } from '../../src/core/health/summary';
import { toContainerSummary } from '../../src/core/docker/containers';

function c(name: string, status: string, labels: Record<string, string> = {}, image = 'postgres:16', state = 'running') {
  return toContainerSummary({ Id: name, Names: [`/${name}`], Image: image, State: state, Status: status, Labels: labels });
}
const ws = (project: string, service: string, dir = '/work/shop', extra: Record<string, string> = {}) => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.project.working_dir': dir,
  ...extra,
});

describe('workspace health summary (status bar)', () => {
  it('counts the workspace compose databases and takes the worst severity', () => {
    const s = summarizeHealth(
      [
        c('shop_db_1', 'Up 1 minute (healthy)', ws('shop', 'db')),
        c('shop_cache_1', 'Up 1 minute', ws('shop', 'cache'), 'redis:7'),
        c('shop_ro_1', 'Up 1 minute (unhealthy)', ws('shop', 'ro')),
        c('shop_web_1', 'Up 1 minute (unhealthy)', ws('shop', 'web'), 'node:20'),
        c('other_db', 'Exited (1) 2 minutes ago', {}, 'postgres', 'exited'),
      ],
      { workspaceFolders: ['/work/shop'], optionalServices: [] },
    );
    assert.equal(s.scope, 'workspace');
    assert.deepEqual([s.ok, s.total, s.level], [2, 3, 'error']);
    assert.equal(accessibilityLabel(s), 'Docker DB: 2 of 3 database containers healthy; shop_ro_1 unhealthy');
  });

  it('falls back to every database container when no compose project is in the workspace', () => {
    const s = summarizeHealth([c('a', 'Up (health: starting)'), c('b', 'Exited (0) 1 second ago', {}, 'redis', 'exited')], { workspaceFolders: ['/elsewhere'], optionalServices: [] });
    assert.equal(s.scope, 'all');
    assert.deepEqual([s.ok, s.total, s.level], [0, 2, 'warning']);
  });

  it('optional services (label or setting) are listed but never raise the level', () => {
    const s = summarizeHealth(
      [
        c('shop_db_1', 'Up (healthy)', ws('shop', 'db')),
        c('shop_analytics_1', 'Up (unhealthy)', ws('shop', 'analytics', '/work/shop', { 'dockerdb.optional': 'true' })),
        c('shop_ch_1', 'Exited (137) 1 minute ago', ws('shop', 'ch'), 'clickhouse/clickhouse-server', 'exited'),
      ],
      { workspaceFolders: ['/work/shop'], optionalServices: ['ch'] },
    );
    assert.deepEqual([s.ok, s.total, s.level], [1, 1, 'ok']);
    assert.deepEqual(s.entries.filter((e) => e.optional).map((e) => [e.container.name, e.label]), [
      ['shop_analytics_1', 'unhealthy'],
      ['shop_ch_1', 'exited (137)'],
    ]);
    assert.equal(accessibilityLabel(s), 'Docker DB: 1 of 1 database containers healthy');
  });

  it('treats a working dir outside the workspace (sibling with a shared prefix) as outside', () => {
    const s = summarizeHealth([c('x', 'Up (healthy)', ws('shop2', 'db', '/work/shop2'))], { workspaceFolders: ['/work/shop'], optionalServices: [] });
    assert.equal(s.scope, 'all');
  });
});
