/**
 * A PostgreSQL fixture container with both transports open on it: direct over the published port
 * and exec through docker exec psql.
 */
import * as assert from 'node:assert/strict';
import { connectDocker } from '../../src/core/docker/client';
import { readContainerCredentials } from '../../src/core/engines/containerCredentials';
import { DirectTransport } from '../../src/core/transport/directTransport';
import { ExecTransport } from '../../src/core/transport/execTransport';
import type { QueryTarget } from '../../src/core/transport/types';
import { PgFixture, PgFixtureOptions, startPostgres, waitForPostgresReady } from './docker';

export interface PgTransports {
  fx: PgFixture;
  target: QueryTarget;
  direct: DirectTransport;
  exec: ExecTransport;
  /** Closes both transports (the container stays: remove it with removeRunContainers). */
  close(): Promise<void>;
}

export async function startPgTransports(options: PgFixtureOptions, readyMs = 60000): Promise<PgTransports> {
  const fx = await startPostgres(options);
  await waitForPostgresReady(fx, readyMs);
  const { docker } = await connectDocker();
  const credentials = await readContainerCredentials(docker, fx.id, 'postgres');
  assert.ok(credentials, 'fixture credentials readable');
  assert.ok(fx.hostPort, 'fixture port published');
  const target: QueryTarget = { containerId: fx.id, containerName: fx.name, credentials, endpoint: { host: '127.0.0.1', port: fx.hostPort, containerPort: 5432, loopbackOnly: true, wildcard: false, family: 4 } };
  const direct = new DirectTransport(target);
  const exec = new ExecTransport(docker, target);
  return {
    fx,
    target,
    direct,
    exec,
    close: async () => {
      await direct.dispose();
      await exec.dispose();
    },
  };
}
