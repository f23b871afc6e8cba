import * as assert from 'node:assert/strict';
import { DockerSession } from '../../src/core/docker/session';
import type { ConnectedDocker } from '../../src/core/docker/client';

describe('lazy Docker session', () => {
  it('does not connect until asked, shares one attempt, retries after a failure, reconnects after reset', async () => {
    let calls = 0;
    let fail = true;
    const session = new DockerSession(
      () => ({}),
      async () => {
        calls++;
        if (fail) throw new Error('down');
        return { apiVersion: '1.41' } as ConnectedDocker;
      },
    );
    assert.equal(calls, 0);
    const [a, b] = await Promise.allSettled([session.get(), session.get()]);
    assert.equal(a.status, 'rejected');
    assert.equal(b.status, 'rejected');
    assert.equal(calls, 1);
    fail = false;
    assert.equal((await session.get()).apiVersion, '1.41');
    assert.equal(calls, 2);
    await session.get();
    assert.equal(calls, 2, 'a successful connection is reused');
    session.reset();
    await session.get();
    assert.equal(calls, 3);
  });
});
