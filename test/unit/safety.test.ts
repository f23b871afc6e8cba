import * as assert from 'node:assert/strict';
import { redact } from '../../src/core/util/redact';
import { maskEnv, toContainerDetails } from '../../src/core/docker/inspect';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { toContainerSummary } from '../../src/core/docker/containers';

describe('secrets never leak into logs or the UI', () => {
  it('redacts URL passwords, KEY=value secrets and known values', () => {
    assert.equal(redact('connect postgres://app:s3cr3t@localhost:5432/db failed'), 'connect postgres://app:***@localhost:5432/db failed');
    assert.equal(redact('env POSTGRES_PASSWORD=hunter22 PGUSER=x'), 'env POSTGRES_PASSWORD=*** PGUSER=x');
    assert.equal(redact('auth failed for pw Zq9-long', ['Zq9-long']), 'auth failed for pw ***');
  });

  it('masks secret environment values in container details', () => {
    assert.deepEqual(maskEnv(['POSTGRES_PASSWORD=x', 'POSTGRES_PASSWORD_FILE=/run/secrets/pw', 'DATABASE_URL=postgres://u:p@db/app', 'PATH=/usr/bin', 'NOEQUALS']), [
      'POSTGRES_PASSWORD=••••••',
      'POSTGRES_PASSWORD_FILE=/run/secrets/pw',
      'DATABASE_URL=postgres://u:••••••@db/app',
      'PATH=/usr/bin',
      'NOEQUALS',
    ]);
  });

  it('builds details from an inspect answer, keeping the last health-check runs', () => {
    const summary = toContainerSummary({ Id: 'c'.repeat(64), Names: ['/pg'], Image: 'postgres', State: 'running', Status: 'Up (unhealthy)' });
    const d = toContainerDetails(summary, {
      State: { StartedAt: '2026-11-24T10:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', Health: { Log: Array.from({ length: 7 }, (_, i) => ({ Start: `t${i}`, ExitCode: 1, Output: `fail ${i}` })) } },
      RestartCount: 2,
      Config: { Env: ['POSTGRES_PASSWORD=pw'], Healthcheck: { Test: ['CMD-SHELL', 'pg_isready'], Interval: 1_000_000_000, Retries: 3 }, Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['postgres'] },
      NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2', Aliases: null } } },
    });
    assert.equal(d.finishedAt, null);
    assert.equal(d.restartCount, 2);
    assert.deepEqual(d.environment, ['POSTGRES_PASSWORD=••••••']);
    assert.deepEqual(d.healthCheck, { test: ['CMD-SHELL', 'pg_isready'], intervalMs: 1000, retries: 3 });
    assert.deepEqual(d.healthLog.map((l) => l.output), ['fail 2', 'fail 3', 'fail 4', 'fail 5', 'fail 6']);
    assert.deepEqual(d.command, ['/docker-entrypoint.sh', 'postgres']);
  });
});

describe('webview protocol validation', () => {
  it('accepts well-formed messages and drops everything else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', text: 'abc', extra: 1 }), { type: 'copy', text: 'abc' });
    for (const bad of [null, 'ready', 42, {}, { type: 'copy' }, { type: 'copy', text: 5 }, { type: 'exec', cmd: 'rm -rf /' }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
