import * as assert from 'node:assert/strict';
import { detectEngine, imageRepository } from '../../src/core/engines/detect';

describe('engine detection', () => {
  it('strips registry, tag and digest from image references', () => {
    assert.equal(imageRepository('postgres:16-alpine'), 'postgres');
    assert.equal(imageRepository('docker.io/library/postgres:16'), 'library/postgres');
    assert.equal(imageRepository('localhost:5000/team/pg@sha256:abc'), 'team/pg');
    assert.equal(imageRepository('ghcr.io/org/app:1.2'), 'org/app');
  });

  const cases: Array<[string, string | null]> = [
    ['postgres:16', 'postgres'],
    ['docker.io/library/postgres:15-alpine', 'postgres'],
    ['postgis/postgis:16-3.4', 'postgres'],
    ['timescale/timescaledb:latest-pg16', 'postgres'],
    ['timescale/timescaledb-ha:pg16', 'postgres'],
    ['supabase/postgres:15.1.0.147', 'postgres'],
    ['bitnami/postgresql:16', 'postgres'],
    ['pgvector/pgvector:pg16', 'postgres'],
    ['mysql:8.4', 'mysql'],
    ['bitnami/mysql', 'mysql'],
    ['percona/percona-server:8.0', 'mysql'],
    ['mariadb:11', 'mariadb'],
    ['bitnami/mariadb:11', 'mariadb'],
    ['redis:7-alpine', 'redis'],
    ['redis/redis-stack-server', 'redis'],
    ['valkey/valkey:8', 'redis'],
    ['clickhouse/clickhouse-server:24.3', 'clickhouse'],
    ['yandex/clickhouse-server', 'clickhouse'],
    ['mongo:7', 'mongo'],
    ['bitnami/mongodb', 'mongo'],
    ['nginx:latest', null],
    ['node:20', null],
    ['my-postgres-exporter:1', null],
  ];
  for (const [image, engine] of cases) {
    it(`${image} → ${engine ?? 'not a database'}`, () => {
      assert.equal(detectEngine({ image }), engine);
    });
  }

  it('falls back to environment names, then exposed ports', () => {
    assert.equal(detectEngine({ image: 'acme/db:1', envNames: ['POSTGRES_PASSWORD'] }), 'postgres');
    assert.equal(detectEngine({ image: 'acme/db:1', exposedPorts: [3306] }), 'mysql');
    assert.equal(detectEngine({ image: 'acme/db:1', exposedPorts: [80] }), null);
  });

  it('an explicit dockerdb.engine label wins', () => {
    assert.equal(detectEngine({ image: 'nginx', labels: { 'dockerdb.engine': 'Redis' } }), 'redis');
    assert.equal(detectEngine({ image: 'postgres', labels: { 'dockerdb.engine': 'oracle' } }), 'postgres');
    assert.equal(detectEngine({ image: 'postgres:16', labels: { 'dockerdb.engine': 'none' } }), null, 'an app built on a database image');
  });
});
