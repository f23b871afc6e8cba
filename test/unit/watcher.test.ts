import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { ConnectedDocker } from '../../src/core/docker/client';
import type { RawContainer } from '../../src/core/docker/containers';
import { ContainerEvent, EventLineDecoder, MAX_EVENT_LINE, changesList, healthFromAction, parseContainerEvent, subscribeContainerEvents } from '../../src/core/docker/events';
import { ContainerWatcher, ContainersChange, ContainerWatcherOptions, WatcherState, WatcherTimers } from '../../src/core/docker/watcher';
import { Emitter } from '../../src/core/util/emitter';

/** Timers under the test's control; `advance` runs what falls due and lets promises settle. */
class FakeClock implements WatcherTimers {
  private t = 1_000_000;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void; every?: number }>();
  setTimeout = (fn: () => void, ms: number): number => this.add(fn, ms);
  setInterval = (fn: () => void, ms: number): number => this.add(fn, ms, ms);
  clearTimeout = (h: unknown): void => void this.timers.delete(h as number);
  clearInterval = (h: unknown): void => void this.timers.delete(h as number);
  now = (): number => this.t;
  get pending(): number {
    return this.timers.size;
  }
  delays(): number[] {
    return [...this.timers.values()].map((x) => x.at - this.t);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (let guard = 0; guard < 10000; guard++) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.t = timer.at;
      if (timer.every) timer.at += timer.every;
      else this.timers.delete(id);
      timer.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
  private add(fn: () => void, ms: number, every?: number): number {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn, every });
    return id;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function raw(id: string, name: string, status = 'Up 1 second', extra: Partial<RawContainer> = {}): RawContainer {
  return { Id: id, Names: [`/${name}`], Image: 'postgres:16', State: 'running', Status: status, Labels: {}, Ports: [], Created: 1, ...extra };
}

function eventLine(action: string, id: string, name = id, timeNano = 1_700_000_000_123_456_789): string {
  return `${JSON.stringify({ Type: 'container', Action: action, status: action, id, Actor: { ID: id, Attributes: { name, image: 'postgres:16' } }, time: Math.floor(timeNano / 1e9), timeNano })}\n`;
}

/** dockerode's two calls the watcher makes, with knobs. */
class FakeDocker {
  containers: RawContainer[] = [];
  listCalls = 0;
  failList = false;
  listGate: Promise<void> | undefined;
  streams: PassThrough[] = [];
  async listContainers(): Promise<RawContainer[]> {
    this.listCalls++;
    if (this.listGate) await this.listGate;
    if (this.failList) throw Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    return this.containers.map((c) => ({ ...c }));
  }
  async getEvents(): Promise<PassThrough> {
    const stream = new PassThrough();
    this.streams.push(stream);
    return stream;
  }
  get stream(): PassThrough {
    const s = this.streams[this.streams.length - 1];
    assert.ok(s, 'no event stream opened');
    return s;
  }
}

class FakeSession {
  up = true;
  gets = 0;
  resets = 0;
  constructor(readonly docker: FakeDocker) {}
  async get(): Promise<ConnectedDocker> {
    this.gets++;
    if (!this.up) throw new Error('No Docker engine answered. Tried unix:///fake.sock: connection refused.');
    return { docker: this.docker as unknown as Docker, endpoint: { url: 'unix:///fake.sock', source: 'default' }, apiVersion: '1.41', engineVersion: '20.10.24' } as ConnectedDocker;
  }
  reset(): void {
    this.resets++;
  }
}

function setup(options: ContainerWatcherOptions = {}) {
  const clock = new FakeClock();
  const docker = new FakeDocker();
  docker.containers = [raw('aaa', 'db', 'Up 2 seconds (health: starting)'), raw('bbb', 'cache')];
  const session = new FakeSession(docker);
  const logs: string[] = [];
  const watcher = new ContainerWatcher(session, { timers: clock, random: () => 0.5, log: (level, m) => logs.push(`${level}: ${m}`), ...options });
  const changes: ContainersChange[] = [];
  const states: WatcherState[] = [];
  watcher.onDidChangeContainers((c) => changes.push(c));
  watcher.onDidChangeState((s) => states.push(s));
  return { clock, docker, session, watcher, changes, states, logs };
}

describe('container watcher (fake engine)', () => {
  it('lists once on start, subscribes once, and start() is idempotent', async () => {
    const { docker, watcher, changes, states, clock } = setup();
    assert.deepEqual(watcher.state, { kind: 'idle' });
    watcher.start();
    watcher.start();
    await settle();
    assert.equal(docker.listCalls, 1);
    assert.equal(docker.streams.length, 1);
    assert.deepEqual(states.map((s) => s.kind), ['connecting', 'connected']);
    assert.deepEqual(watcher.state, { kind: 'connected', endpoint: 'unix:///fake.sock', apiVersion: '1.41' });
    assert.deepEqual(watcher.containers.map((c) => c.name), ['cache', 'db'], 'sorted like listContainers');
    assert.deepEqual(changes.map((c) => c.reason), ['list']);
    assert.equal(clock.pending, 1, 'only the safety poll is scheduled');
    watcher.dispose();
  });

  it('turns a burst of 50 events into one debounced list call', async () => {
    const { docker, watcher, clock } = setup({ debounceMs: 100 });
    watcher.start();
    await settle();
    docker.stream.write(Array.from({ length: 25 }, (_, i) => eventLine('start', `id${i}`)).join(''));
    for (let i = 0; i < 25; i++) docker.stream.write(eventLine('die', `x${i}`));
    await settle();
    await clock.advance(99);
    assert.equal(docker.listCalls, 1, 'nothing listed before the debounce delay');
    await clock.advance(1);
    assert.equal(docker.listCalls, 2, 'one list for the whole burst');
    await clock.advance(1000);
    assert.equal(docker.listCalls, 2);
    watcher.dispose();
  });

  it('ignores exec and attach events (a health check makes three every interval)', async () => {
    const { docker, watcher, clock } = setup();
    watcher.start();
    await settle();
    docker.stream.write(eventLine('exec_create: pg_isready -h 127.0.0.1', 'aaa') + eventLine('exec_start: pg_isready', 'aaa') + eventLine('exec_die', 'aaa') + eventLine('attach', 'aaa'));
    await settle();
    await clock.advance(500);
    assert.equal(docker.listCalls, 1);
    watcher.dispose();
  });

  it('patches health in place and fires before the re-list', async () => {
    const { docker, watcher, changes, clock } = setup();
    watcher.start();
    await settle();
    changes.length = 0;
    docker.containers[0] = raw('aaa', 'db', 'Up 9 seconds (healthy)');
    docker.stream.write(eventLine('health_status: healthy', 'aaa', 'db'));
    await settle();
    assert.equal(docker.listCalls, 1, 'not re-listed yet');
    assert.equal(changes.length, 1);
    assert.equal(changes[0].reason, 'health');
    const db = changes[0].containers.find((c) => c.id === 'aaa');
    assert.equal(db?.health, 'healthy');
    assert.equal(db?.status, 'Up 2 seconds (healthy)');
    assert.equal(watcher.containers.find((c) => c.id === 'bbb')?.health, 'none');
    await clock.advance(100);
    assert.equal(docker.listCalls, 2);
    assert.deepEqual(changes.map((c) => c.reason), ['health', 'list']);
    assert.equal(watcher.containers.find((c) => c.id === 'aaa')?.status, 'Up 9 seconds (healthy)');
    // Unknown container, same health again: no change fired, nothing breaks.
    docker.stream.write(eventLine('health_status: unhealthy', 'gone') + eventLine('health_status: healthy', 'aaa'));
    await settle();
    assert.equal(changes.length, 2);
    watcher.dispose();
  });

  it('a list that started before a health event does not undo it', async () => {
    const { docker, watcher, changes, clock } = setup();
    watcher.start();
    await settle();
    let open!: () => void;
    docker.listGate = new Promise((resolve) => (open = resolve));
    const inFlight = watcher.refresh(); // reads 'health: starting'
    await settle();
    docker.stream.write(eventLine('health_status: healthy', 'aaa', 'db'));
    await settle();
    changes.length = 0;
    docker.listGate = undefined;
    open();
    await inFlight;
    assert.equal(watcher.containers.find((c) => c.id === 'aaa')?.health, 'healthy', 'no flicker back to starting');
    assert.deepEqual(changes, [], 'nothing changed');
    docker.containers[0] = raw('aaa', 'db', 'Up 3 seconds (unhealthy)');
    await clock.advance(100); // the re-list started after the event is authoritative again
    assert.equal(watcher.containers.find((c) => c.id === 'aaa')?.health, 'unhealthy');
    watcher.dispose();
  });

  it('parses events split across chunks and skips malformed lines', async () => {
    const { docker, watcher, clock, logs } = setup();
    watcher.start();
    await settle();
    const line = Buffer.from(eventLine('health_status: healthy', 'aaa', 'dé-ü😀'));
    const emoji = line.indexOf(Buffer.from('😀'));
    docker.stream.write(line.subarray(0, 7));
    docker.stream.write(line.subarray(7, emoji + 2)); // inside the 4-byte character
    docker.stream.write(Buffer.concat([line.subarray(emoji + 2), Buffer.from('not json\n{"foo":1}\n\n{"Type":"network","Action":"connect","Actor":{"ID":"n"}}\n[1,2]\n')]));
    await settle();
    assert.equal(watcher.containers.find((c) => c.id === 'aaa')?.health, 'healthy');
    assert.equal(logs.filter((l) => l.includes('not a container event')).length, 3, logs.join('\n'));
    assert.equal(watcher.state.kind, 'connected');
    docker.stream.write(eventLine('destroy', 'bbb'));
    await settle();
    await clock.advance(100);
    assert.equal(docker.listCalls, 2, 'the stream still works after malformed lines');
    watcher.dispose();
  });

  it('goes unreachable when the stream ends, backs off exponentially, and recovers by itself', async () => {
    const { docker, session, watcher, clock, states, changes } = setup({ backoffInitialMs: 500, backoffMaxMs: 4000 });
    watcher.start();
    await settle();
    session.up = false;
    docker.stream.end();
    await settle();
    assert.equal(watcher.state.kind, 'unreachable');
    assert.equal(session.resets, 1);
    const first = watcher.state as Extract<WatcherState, { kind: 'unreachable' }>;
    assert.match(first.message, /event stream ended/);
    assert.equal(first.retryInMs, 500);
    assert.equal(first.since, clock.now());
    const retries: number[] = [];
    for (let i = 0; i < 5; i++) {
      await clock.advance((watcher.state as { retryInMs: number }).retryInMs);
      const s = watcher.state as Extract<WatcherState, { kind: 'unreachable' }>;
      assert.equal(s.kind, 'unreachable');
      assert.match(s.message, /No Docker engine answered/);
      assert.equal(s.since, first.since, 'since stays the time the engine went away');
      retries.push(s.retryInMs);
    }
    assert.deepEqual(retries, [1000, 2000, 4000, 4000, 4000]);
    assert.equal(clock.pending, 1, 'only the retry timer');
    session.up = true;
    docker.containers.push(raw('ccc', 'new'));
    changes.length = 0;
    await clock.advance(4000);
    assert.equal(watcher.state.kind, 'connected');
    assert.equal(docker.streams.length, 2, 'resubscribed');
    assert.deepEqual(changes.map((c) => c.reason), ['list']);
    assert.equal(watcher.containers.length, 3);
    // Events on the old stream are ignored; the new one drives re-lists; backoff starts over.
    const lists = docker.listCalls;
    docker.streams[0].write(eventLine('start', 'zzz'));
    await clock.advance(200);
    assert.equal(docker.listCalls, lists);
    docker.stream.write(eventLine('start', 'zzz'));
    await clock.advance(200);
    assert.equal(docker.listCalls, lists + 1);
    docker.stream.destroy(new Error('socket hang up'));
    await settle();
    assert.match((watcher.state as { message: string }).message, /event stream failed: socket hang up/);
    assert.equal((watcher.state as { retryInMs: number }).retryInMs, 500);
    assert.ok(states.some((s) => s.kind === 'unreachable'));
    watcher.dispose();
  });

  it('treats a failing list as the engine going away; jitter stays within ±20% and the cap', async () => {
    let r = 0.999;
    const { docker, watcher, clock } = setup({ backoffInitialMs: 1000, backoffMaxMs: 1500, random: () => r });
    watcher.start();
    await settle();
    docker.failList = true;
    await watcher.refresh();
    assert.equal(watcher.state.kind, 'unreachable');
    assert.match((watcher.state as { message: string }).message, /ENOENT/);
    assert.equal((watcher.state as { retryInMs: number }).retryInMs, 1200);
    r = 0;
    await clock.advance(1200);
    assert.equal((watcher.state as { retryInMs: number }).retryInMs, 1200, '2000 capped to 1500, then -20%');
    docker.failList = false;
    await watcher.refresh(); // "Retry": reconnects at once instead of waiting
    assert.equal(watcher.state.kind, 'connected');
    assert.equal(clock.pending, 1, 'the pending retry was cancelled; only the safety poll remains');
    watcher.dispose();
  });

  it('re-lists on the safety poll and coalesces concurrent refreshes', async () => {
    const { docker, watcher, clock } = setup({ safetyPollMs: 30000 });
    watcher.start();
    await settle();
    await clock.advance(30000);
    assert.equal(docker.listCalls, 2);
    let open!: () => void;
    docker.listGate = new Promise((resolve) => (open = resolve));
    const all = Promise.all([watcher.refresh(), watcher.refresh(), watcher.refresh(), watcher.refresh()]);
    await settle();
    assert.equal(docker.listCalls, 3, 'one in flight');
    docker.listGate = undefined;
    open();
    await all;
    assert.equal(docker.listCalls, 4, 'the three callers that came during it share one follow-up');
    watcher.dispose();
  });

  it('survives odd names, vanished containers and throwing listeners', async () => {
    const { docker, watcher, clock, changes, logs } = setup();
    docker.containers = [raw('c1', ''), { Id: 'c2c2c2c2c2c2c2c2', Names: null as unknown as string[], State: 'weird' }, raw('c3', 'a/b/c'), raw('c4', 'ünïcødé name')];
    watcher.onDidChangeContainers(() => {
      throw new Error('listener bug');
    });
    watcher.start();
    await settle();
    assert.equal(watcher.containers.length, 4);
    assert.ok(watcher.containers.some((c) => c.name === 'c2c2c2c2c2c2'));
    assert.equal(changes.length, 1, 'other listeners still called');
    assert.ok(logs.some((l) => l.startsWith('error:') && l.includes('listener bug')));
    docker.containers = docker.containers.slice(1); // vanished between the event and the list
    docker.stream.write(eventLine('destroy', 'c1') + eventLine('health_status: healthy', 'c1'));
    await clock.advance(100);
    assert.equal(watcher.containers.length, 3);
    assert.equal(watcher.state.kind, 'connected');
    watcher.dispose();
  });

  it('stop() leaves no timer, stream or retry behind, and ignores late results', async () => {
    const { docker, session, watcher, clock, states } = setup();
    watcher.start();
    await settle();
    docker.stream.write(eventLine('start', 'aaa'));
    await settle();
    assert.equal(clock.pending, 2, 'safety poll + debounce');
    watcher.stop();
    assert.equal(clock.pending, 0);
    assert.ok(docker.stream.destroyed);
    assert.deepEqual(watcher.state, { kind: 'idle' });
    // Unreachable with a retry pending, then stopped.
    watcher.start();
    await settle();
    session.up = false;
    docker.stream.end();
    await settle();
    assert.equal(clock.pending, 1);
    watcher.stop();
    assert.equal(clock.pending, 0);
    // A list still in flight when stopped changes nothing.
    session.up = true;
    watcher.start();
    let open!: () => void;
    docker.listGate = new Promise((resolve) => (open = resolve));
    await settle();
    watcher.stop();
    const before = states.length;
    open();
    await settle();
    assert.equal(states.length, before);
    assert.equal(clock.pending, 0);
    assert.ok(docker.streams.every((s) => s.destroyed));
    watcher.dispose();
    watcher.start();
    await settle();
    assert.equal(clock.pending, 0, 'a disposed watcher does not start again');
  });

  it('leaves no active Node timer behind with real timers', async () => {
    const count = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await settle(); // mocha arms its own test timer just after the test starts
    const baseline = count();
    const docker = new FakeDocker();
    docker.containers = [raw('aaa', 'db')];
    const session = new FakeSession(docker);
    const watcher = new ContainerWatcher(session, { debounceMs: 5, safetyPollMs: 20, backoffInitialMs: 10 });
    watcher.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    docker.stream.write(eventLine('start', 'aaa'));
    session.up = false;
    docker.stream.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(watcher.state.kind, 'unreachable');
    assert.ok(count() > baseline, 'a retry is pending');
    watcher.dispose();
    assert.equal(count(), baseline);
  });

  it('keeps memory flat across 1,000 events', async () => {
    const { docker, watcher, clock, changes } = setup();
    watcher.start();
    await settle();
    const stream = docker.stream;
    const listeners = (): number[] => ['data', 'end', 'error', 'close'].map((e) => stream.listenerCount(e));
    const before = listeners();
    for (let i = 0; i < 1000; i++) {
      const health = i % 2 === 0 ? 'healthy' : 'starting';
      stream.write(eventLine(i % 3 === 0 ? `health_status: ${health}` : 'start', i % 3 === 0 ? 'aaa' : `id${i}`));
      if (i % 100 === 99) await clock.advance(100);
    }
    await clock.advance(100);
    assert.deepEqual(listeners(), before);
    assert.equal(watcher.containers.length, 2);
    assert.ok(clock.pending <= 1, `pending timers: ${clock.pending}`);
    assert.ok(docker.listCalls <= 12, `list calls: ${docker.listCalls}`);
    assert.equal(docker.streams.length, 1);
    assert.ok(changes.length < 400, `changes: ${changes.length}`);
    assert.equal((watcher as unknown as { healthPatches: Map<string, unknown> }).healthPatches.size, 0, 'no health patch outlives the next list');
    watcher.dispose();
  });
});

describe('container event parsing', () => {
  it('reads action, id, name, nanosecond time and attributes', () => {
    const e = parseContainerEvent(eventLine('health_status: healthy', 'abc', '/db', 1_700_000_000_123_456_789).trim()) as ContainerEvent;
    assert.deepEqual(e, { action: 'health_status: healthy', id: 'abc', name: 'db', time: 1_700_000_000_123, attributes: { name: '/db', image: 'postgres:16' } });
    assert.equal(parseContainerEvent('{"status":"die","id":"old","time":5}')?.time, 5000, 'old API shape');
    assert.equal(parseContainerEvent('{"Type":"image","Action":"pull","Actor":{"ID":"x"}}'), undefined);
    assert.equal(parseContainerEvent('null'), undefined);
    assert.equal(healthFromAction('health_status: unhealthy'), 'unhealthy');
    assert.equal(healthFromAction('start'), undefined);
    assert.equal(changesList('exec_start: sh -c true'), false);
    assert.equal(changesList('rename'), true);
  });

  it('drops an endless line instead of buffering it', () => {
    const events: ContainerEvent[] = [];
    const bad: string[] = [];
    const decoder = new EventLineDecoder((e) => events.push(e), (l) => bad.push(l));
    const junk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 20; i++) decoder.push(junk);
    assert.ok(decoder.bufferedLength <= MAX_EVENT_LINE);
    assert.equal(bad.length, 1);
    decoder.push(`tail\n${eventLine('start', 'ok')}`);
    assert.equal(decoder.bufferedLength, 0);
    assert.deepEqual(events.map((e) => e.id), ['ok']);
  });

  it('reports the end of the stream once and never after dispose', async () => {
    const stream = new PassThrough();
    const closes: Array<Error | undefined> = [];
    const sub = await subscribeContainerEvents({ getEvents: async () => stream } as unknown as Docker, { onEvent: () => undefined, onClose: (e) => closes.push(e) });
    stream.destroy(new Error('boom'));
    await settle();
    assert.equal(closes.length, 1);
    assert.equal(closes[0]?.message, 'boom');
    const stream2 = new PassThrough();
    const sub2 = await subscribeContainerEvents({ getEvents: async () => stream2 } as unknown as Docker, { onEvent: () => undefined, onClose: (e) => closes.push(e) });
    sub2.dispose();
    await settle();
    assert.equal(closes.length, 1);
    assert.ok(stream2.destroyed);
    sub.dispose();
  });
});

describe('Emitter', () => {
  it('keeps calling listeners after one throws, and disposes cleanly', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>((e) => errors.push(e));
    const seen: number[] = [];
    const bag: { dispose(): void }[] = [];
    emitter.event(() => {
      throw new Error('bad');
    });
    const sub = emitter.event((n) => seen.push(n), undefined, bag);
    const ctx = { k: 10, add(n: number) {
      seen.push(this.k + n);
    } };
    emitter.event(ctx.add, ctx);
    emitter.fire(1);
    assert.deepEqual(seen, [1, 11]);
    assert.equal(errors.length, 1);
    assert.equal(bag.length, 1);
    sub.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, [1, 11, 12]);
    assert.equal(emitter.listenerCount, 2);
    emitter.dispose();
    emitter.fire(3);
    assert.equal(emitter.listenerCount, 0);
    assert.deepEqual(seen, [1, 11, 12]);
  });
});
