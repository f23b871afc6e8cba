import * as assert from 'node:assert/strict';
import type { QueryResult } from '../../src/shared/results';
import type { HostEndpoint } from '../../src/core/docker/endpoints';
import type { DbCredentials } from '../../src/core/engines/credentials';
import type { ProbeOptions, ProbeResult } from '../../src/core/transport/probe';
import { TransportSelectionError, TransportSelector } from '../../src/core/transport/select';
import type { QueryTarget, QueryTransport } from '../../src/core/transport/types';

const CREDS: DbCredentials = { engine: 'postgres', user: 'app', password: 's3cret-pw', database: 'shop', passwordSource: 'POSTGRES_PASSWORD', trust: false };
const ENDPOINT: HostEndpoint = { host: '127.0.0.1', port: 55434, containerPort: 5432, loopbackOnly: true, wildcard: false, family: 4 };

function target(over: Partial<QueryTarget> = {}): QueryTarget {
  return { containerId: 'c1', containerName: 'shop-db', credentials: CREDS, endpoint: ENDPOINT, ...over };
}

/** A prober that answers from a queue (or one fixed answer) and records its calls. */
function fakeProber(...answers: ProbeResult[]) {
  const calls: Array<{ endpoint: HostEndpoint | null; options: ProbeOptions }> = [];
  const probe = async (endpoint: HostEndpoint | null, _c: DbCredentials, options: ProbeOptions): Promise<ProbeResult> => {
    calls.push({ endpoint, options });
    return answers.length > 1 ? (answers.shift() as ProbeResult) : answers[0];
  };
  return { probe, calls };
}

class FakeTransport implements QueryTransport {
  disposed = 0;
  constructor(
    readonly kind: 'direct' | 'exec',
    readonly target: QueryTarget,
  ) {}
  run(): Promise<QueryResult> {
    throw new Error('not used');
  }
  async dispose(): Promise<void> {
    this.disposed++;
  }
}

const OK: ProbeResult = { ok: true, ms: 7 };
const BLACKHOLE: ProbeResult = { ok: false, reason: 'timeout-after-accept', message: '127.0.0.1:55434 accepted the TCP connection but the database never answered.', ms: 1500 };

describe('TransportSelector: choosing direct or exec', () => {
  it('auto: a port that answers the probe is used directly, with the time in the reason', async () => {
    const p = fakeProber(OK);
    const s = new TransportSelector({ probe: p.probe, budgetMs: 1200 });
    const c = await s.choose(target(), 'auto');
    assert.equal(c.kind, 'direct');
    assert.equal(c.reason, 'host port 127.0.0.1:55434 answered in 7 ms');
    assert.equal(p.calls.length, 1);
    assert.equal(p.calls[0].options.budgetMs, 1200);
    assert.equal(p.calls[0].options.database, 'shop');
  });

  it('auto: an unpublished port goes to exec without probing', async () => {
    const p = fakeProber(OK);
    const s = new TransportSelector({ probe: p.probe });
    const c = await s.choose(target({ endpoint: null }), 'auto');
    assert.equal(c.kind, 'exec');
    assert.match(c.reason, /^port 5432 is not published on the host; running psql inside the container \(docker exec\)$/);
    assert.equal(p.calls.length, 0);
  });

  it('auto: a black-holed port falls back to exec and says why, keeping the full explanation', async () => {
    const s = new TransportSelector({ probe: fakeProber(BLACKHOLE).probe });
    const c = await s.choose(target(), 'auto');
    assert.equal(c.kind, 'exec');
    assert.equal(c.reason, 'host port 127.0.0.1:55434 accepted the connection but never answered; running psql inside the container (docker exec)');
    assert.equal(c.detail, BLACKHOLE.ok ? undefined : BLACKHOLE.message);
  });

  it('auto: refused, reset, wrong password and a missing database all fall back to exec with their own reason', async () => {
    const cases: Array<[ProbeResult, RegExp]> = [
      [{ ok: false, reason: 'refused', message: 'm', ms: 1 }, /^nothing accepted a connection on host port 127\.0\.0\.1:55434;/],
      [{ ok: false, reason: 'reset', message: 'm', ms: 1 }, /accepted the connection and closed it at once;/],
      [{ ok: false, reason: 'auth', message: 'm', ms: 1 }, /^PostgreSQL on host port 127\.0\.0\.1:55434 rejected the login of user "app";/],
      [{ ok: false, reason: 'no-database', message: 'm', ms: 1 }, /^database "shop" does not exist behind host port/],
      [{ ok: false, reason: 'timeout-connect', message: 'm', ms: 1500 }, /did not accept a connection within 1500 ms;/],
    ];
    for (const [probe, reason] of cases) {
      const c = await new TransportSelector({ probe: fakeProber(probe).probe }).choose(target(), 'auto');
      assert.equal(c.kind, 'exec', probe.ok ? '' : probe.reason);
      assert.match(c.reason, reason);
      assert.ok(!c.reason.includes(CREDS.password as string));
    }
  });

  it('forced modes do not probe; direct without a published port is a clear error', async () => {
    const p = fakeProber(BLACKHOLE);
    const s = new TransportSelector({ probe: p.probe });
    assert.deepEqual(await s.choose(target(), 'direct'), { kind: 'direct', reason: 'direct connection to 127.0.0.1:55434, as requested' });
    assert.equal((await s.choose(target({ endpoint: null }), 'exec')).kind, 'exec');
    await assert.rejects(s.choose(target({ endpoint: null }), 'direct'), (err: Error) => {
      assert.ok(err instanceof TransportSelectionError);
      assert.match(err.message, /Cannot connect directly to shop-db: its PostgreSQL port is not published on the host\. Publish the port .* or use the exec transport\./);
      return true;
    });
    assert.equal(p.calls.length, 0);
  });

  it('caches a decision per container and endpoint; concurrent choices share one probe', async () => {
    const p = fakeProber(OK);
    const s = new TransportSelector({ probe: p.probe });
    const [a, b] = await Promise.all([s.choose(target(), 'auto'), s.choose(target(), 'auto')]);
    assert.deepEqual(a, b);
    await s.choose(target(), 'auto');
    assert.equal(p.calls.length, 1);
    await s.choose(target({ endpoint: { ...ENDPOINT, port: 55435 } }), 'auto');
    await s.choose(target({ containerId: 'c2' }), 'auto');
    await s.choose(target({ database: 'other' }), 'auto');
    assert.equal(p.calls.length, 4);
  });

  it('invalidate(id) forgets that container only; invalidate() forgets all', async () => {
    const p = fakeProber(OK, BLACKHOLE, OK, OK);
    const s = new TransportSelector({ probe: p.probe });
    await s.choose(target(), 'auto');
    await s.choose(target({ containerId: 'c2' }), 'auto');
    s.invalidate('c1');
    assert.equal((await s.choose(target(), 'auto')).kind, 'direct');
    await s.choose(target({ containerId: 'c2' }), 'auto');
    assert.equal(p.calls.length, 3);
    s.invalidate();
    await s.choose(target({ containerId: 'c2' }), 'auto');
    assert.equal(p.calls.length, 4);
  });

  it('a failed probe is retried after failureTtlMs, a working one is kept until invalidated', async () => {
    let now = 1000;
    const p = fakeProber(BLACKHOLE, OK, BLACKHOLE);
    const s = new TransportSelector({ probe: p.probe, failureTtlMs: 5000, now: () => now });
    assert.equal((await s.choose(target(), 'auto')).kind, 'exec');
    now += 4999;
    assert.equal((await s.choose(target(), 'auto')).kind, 'exec');
    now += 2;
    assert.equal((await s.choose(target(), 'auto')).kind, 'direct');
    now += 1e9;
    assert.equal((await s.choose(target(), 'auto')).kind, 'direct');
    assert.equal(p.calls.length, 2);
  });
});

describe('TransportSelector: one transport per container', () => {
  function selector() {
    const made: FakeTransport[] = [];
    const s = new TransportSelector({
      probe: fakeProber(OK).probe,
      directFactory: (t) => {
        const f = new FakeTransport('direct', t);
        made.push(f);
        return f;
      },
    });
    const exec = (t: QueryTarget) => {
      const f = new FakeTransport('exec', t);
      made.push(f);
      return f;
    };
    return { s, made, exec };
  }

  it('returns the same transport for the same container, kind and endpoint (the session persists)', () => {
    const { s, made, exec } = selector();
    const d1 = s.transportFor(target(), 'direct', exec);
    assert.equal(s.transportFor(target(), 'direct', exec), d1);
    const e1 = s.transportFor(target(), 'exec', exec);
    assert.equal(e1.kind, 'exec');
    assert.equal(s.transportFor(target(), 'exec', exec), e1);
    assert.notEqual(s.transportFor(target({ containerId: 'c2' }), 'direct', exec), d1);
    assert.equal(made.length, 3);
  });

  it('replaces (and disposes) a transport when the endpoint changes', () => {
    const { s, made, exec } = selector();
    const d1 = s.transportFor(target(), 'direct', exec);
    const d2 = s.transportFor(target({ endpoint: { ...ENDPOINT, port: 60000 } }), 'direct', exec);
    assert.notEqual(d2, d1);
    assert.equal(made[0].disposed, 1);
  });

  it('invalidate keeps sessions; release(id) and dispose() close them', async () => {
    const { s, made, exec } = selector();
    const d1 = s.transportFor(target(), 'direct', exec);
    s.transportFor(target({ containerId: 'c2' }), 'exec', exec);
    s.invalidate('c1');
    assert.equal(s.transportFor(target(), 'direct', exec), d1);
    await s.release('c1');
    assert.deepEqual(
      made.map((m) => m.disposed),
      [1, 0],
    );
    assert.notEqual(s.transportFor(target(), 'direct', exec), d1);
    await s.dispose();
    assert.deepEqual(
      made.map((m) => m.disposed),
      [1, 1, 1],
    );
  });
});
