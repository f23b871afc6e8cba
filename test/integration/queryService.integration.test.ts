/**
 * QueryService against a real PostgreSQL container: credentials are read once per container and
 * read again after invalidate() (what a container event triggers in the editor).
 */
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { connectDocker } from '../../src/core/docker/client';
import { QueryService } from '../../src/core/query/service';
import { PgFixture, removeRunContainers, requireDocker, startPostgres, waitForPostgresReady } from '../support/docker';

/** The engine, with every container inspect counted. */
function countingInspects(docker: Docker, counter: { inspects: number }): Docker {
  return new Proxy(docker, {
    get(target, prop, receiver) {
      if (prop !== 'getContainer') return Reflect.get(target, prop, receiver) as unknown;
      return (id: string) => {
        const c = target.getContainer(id);
        return new Proxy(c, {
          get(ct, p, r) {
            if (p === 'inspect') return (...args: unknown[]) => (counter.inspects++, (ct.inspect as (...a: unknown[]) => unknown).apply(ct, args));
            const v = Reflect.get(ct, p, r) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(ct) : v;
          },
        });
      };
    },
  });
}

describe('query service against a real PostgreSQL container', function () {
  this.timeout(120000);
  let fx: PgFixture;
  let service: QueryService;
  const counter = { inspects: 0 };

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    const docker = countingInspects((await connectDocker()).docker, counter);
    fx = await startPostgres({ publish: false });
    await waitForPostgresReady(fx, 60000);
    service = new QueryService(async () => docker);
  });

  after(async function () {
    this.timeout(60000);
    await service?.dispose();
    await removeRunContainers();
  });

  it('reads the credentials once per container until invalidated', async () => {
    const container = await service.findContainer(fx.name);
    counter.inspects = 0;
    const first = await service.run(container, 'select current_user::text as u');
    assert.equal(first.error, null);
    assert.deepEqual(first.results[0].rows, [[fx.user]]);
    const afterFirst = counter.inspects;
    assert.ok(afterFirst >= 1, 'the first run inspects the container for its credentials');
    const second = await service.run(container, 'select 2 as n');
    assert.deepEqual(second.results[0].rows, [['2']]);
    assert.equal(counter.inspects, afterFirst, 'the second run reuses the credentials');
    service.invalidate(container.id);
    await service.run(container, 'select 3 as n');
    assert.ok(counter.inspects > afterFirst, 'after invalidate() the credentials are read again');
  });
});
