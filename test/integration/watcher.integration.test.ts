import * as assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { ContainerEvent, subscribeContainerEvents } from '../../src/core/docker/events';
import { DockerSession } from '../../src/core/docker/session';
import { ContainerWatcher, ContainersChange, WatcherState } from '../../src/core/docker/watcher';
import { PgFixture, TEST_LABEL, TEST_RUN_ID, removeRunContainers, requireDocker, startPostgres, testDocker } from '../support/docker';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `p` settles within `ms`; the timer never outlives the race. */
async function within(p: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([Promise.resolve(p).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when `check()` holds, re-checked on every watcher event; rejects after `ms`. */
function until(watcher: ContainerWatcher, what: string, ms: number, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const subs = [watcher.onDidChangeContainers(() => test()), watcher.onDidChangeState(() => test())];
    const timer = setTimeout(() => finish(new Error(`${what}: not seen within ${ms} ms (state ${JSON.stringify(watcher.state)})`)), ms);
    function finish(error?: Error): void {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      if (error) reject(error);
      else resolve();
    }
    function test(): void {
      if (check()) finish();
    }
    test();
  });
}

function collect(watcher: ContainerWatcher): { changes: Array<ContainersChange & { at: number }>; states: Array<WatcherState & { at: number }> } {
  const changes: Array<ContainersChange & { at: number }> = [];
  const states: Array<WatcherState & { at: number }> = [];
  watcher.onDidChangeContainers((c) => changes.push({ ...c, at: Date.now() }));
  watcher.onDidChangeState((s) => states.push({ ...s, at: Date.now() }));
  return { changes, states };
}

describe('container watcher against a real engine', function () {
  this.timeout(120000);
  let watcher: ContainerWatcher;
  let seen: ReturnType<typeof collect>;
  const raw: Array<{ event: ContainerEvent; receivedAt: number }> = [];
  let rawSub: { dispose(): void } | undefined;
  let fx: PgFixture;

  before(async function () {
    this.timeout(120000);
    await requireDocker(this);
    // A second subscription records the engine's own event times, to measure the watcher against.
    rawSub = await subscribeContainerEvents(testDocker(), {
      onEvent: (event) => {
        if (event.action.startsWith('health_status')) raw.push({ event, receivedAt: Date.now() });
      },
      onClose: () => undefined,
    });
    // A 10-minute safety poll: whatever the watcher sees within a test came through the event stream.
    watcher = new ContainerWatcher(new DockerSession(() => ({ timeoutMs: 5000 })), { safetyPollMs: 600000 });
    seen = collect(watcher);
    watcher.start();
    await until(watcher, 'connected', 15000, () => watcher.state.kind === 'connected');
  });

  after(async function () {
    this.timeout(60000);
    watcher?.dispose();
    rawSub?.dispose();
    await removeRunContainers();
  });

  it('shows a container that was started after the watcher', async () => {
    fx = await startPostgres({ publish: false });
    await until(watcher, 'the new container listed', 10000, () => watcher.containers.some((c) => c.id === fx.id && c.state === 'running'));
  });

  it('sees the health change starting → healthy through the event stream', async () => {
    await until(watcher, 'healthy', 60000, () => watcher.containers.find((c) => c.id === fx.id)?.health === 'healthy');
    const patch = seen.changes.find((c) => c.reason === 'health' && c.containers.find((x) => x.id === fx.id)?.health === 'healthy');
    assert.ok(patch, 'the health change was patched from the event, before any re-list');
    // The second subscription reads its own socket, so its copy of the event may land a moment later.
    const rawHealthy = () => raw.find((r) => r.event.id === fx.id && r.event.action === 'health_status: healthy');
    for (let i = 0; i < 40 && !rawHealthy(); i++) await sleep(50);
    const event = rawHealthy();
    assert.ok(event, 'the engine sent health_status: healthy');
    const latency = patch.at - event.event.time;
    console.log(`      health_status: healthy → watcher change: ${latency} ms after the engine's event time (stream delivery ${event.receivedAt - event.event.time} ms)`);
    assert.ok(latency < 600000, 'event-driven, not from the safety poll');
  });

  it('drops a container that was removed', async () => {
    await fx.remove();
    await until(watcher, 'the removed container gone', 10000, () => !watcher.containers.some((c) => c.id === fx.id));
  });
});

/**
 * A private dockerd that this test starts, stops by pid and removes: own socket, data and exec
 * roots, and its own network and mount namespaces (`unshare`), because dockerd started with
 * `--bridge none` deletes any `docker0` it can see, which would break the shared engine's default
 * network. The shared engine is never restarted, so other test files, other people's runs and the
 * demo stack keep running.
 */
class PrivateDaemon {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-watchd-'));
  readonly socket = path.join(this.dir, 'docker.sock');
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  async start(): Promise<void> {
    fs.writeFileSync(path.join(this.dir, 'daemon.json'), '{}');
    const log = fs.openSync(path.join(this.dir, 'dockerd.log'), 'a');
    const args = ['--config-file', path.join(this.dir, 'daemon.json'), '--host', `unix://${this.socket}`, '--data-root', path.join(this.dir, 'data'), '--exec-root', path.join(this.dir, 'exec'), '--pidfile', path.join(this.dir, 'docker.pid'), '--bridge', 'none', '--iptables=false', '--ip6tables=false', '--ip-masq=false', '--storage-driver', 'vfs'];
    // unshare execs dockerd (no fork), so the child's pid is dockerd's.
    const child = spawn('unshare', ['--net', '--mount', '--', 'dockerd', ...args], { detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    child.unref();
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const docker = this.client();
    for (let i = 0; i < 120; i++) {
      if (child.exitCode !== null) break;
      if (await docker.ping().then(() => true, () => false)) return;
      await sleep(250);
    }
    throw new Error(`private dockerd did not answer within 30 s:\n${this.log()}`);
  }

  /** SIGTERM by pid, wait (bounded) until the process is gone; SIGKILL if it hangs. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    process.kill(child.pid, 'SIGTERM');
    if (!(await within(this.exited, 30000))) {
      process.kill(child.pid, 'SIGKILL');
      await within(this.exited, 5000);
    }
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  client(): Docker {
    return new Docker({ socketPath: this.socket, timeout: 5000 });
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'dockerd.log'), 'utf8').slice(-3000);
    } catch {
      return '(no log)';
    }
  }
}

/** A created (never started) container from an empty imported image: it survives a daemon restart. */
async function createSurvivor(docker: Docker): Promise<string> {
  const emptyTar = Readable.from([Buffer.alloc(1024)]);
  const progress = await docker.importImage(emptyTar, { repo: 'dockerdb-watch-empty', tag: '1' });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(progress, (err) => (err ? reject(err) : resolve())));
  const container = await docker.createContainer({ name: 'dockerdb-watch-survivor', Image: 'dockerdb-watch-empty:1', Cmd: ['/none'], Labels: { [TEST_LABEL]: TEST_RUN_ID }, HostConfig: { NetworkMode: 'none' } });
  return container.id;
}

describe('container watcher across an engine restart', function () {
  this.timeout(120000);
  let daemon: PrivateDaemon | undefined;
  let watcher: ContainerWatcher | undefined;

  before(async function () {
    await requireDocker(this);
    try {
      execFileSync('dockerd', ['--version'], { stdio: 'ignore' });
      execFileSync('unshare', ['--net', '--mount', 'true'], { stdio: 'ignore' });
      if (process.getuid?.() !== 0) throw new Error('not root');
    } catch (e) {
      const why = `a private dockerd cannot be started here (${e instanceof Error ? e.message : String(e)})`;
      if (process.env.CI) throw new Error(why);
      console.warn(`    [skip] ${why}`);
      this.skip();
    }
  });

  after(async function () {
    this.timeout(60000);
    watcher?.dispose();
    await daemon?.destroy();
  });

  it('reports the engine unreachable when dockerd stops, then recovers and lists again by itself', async function () {
    this.timeout(90000);
    daemon = new PrivateDaemon();
    await daemon.start();
    const survivor = await createSurvivor(daemon.client());
    const d = daemon;
    watcher = new ContainerWatcher(new DockerSession(() => ({ setting: `unix://${d.socket}`, timeoutMs: 3000 })), { safetyPollMs: 600000, backoffInitialMs: 250, backoffMaxMs: 2000 });
    const w = watcher;
    const { changes, states } = collect(w);
    w.start();
    await until(w, 'connected with the survivor listed', 15000, () => w.state.kind === 'connected' && w.containers.some((c) => c.id === survivor));

    // Nothing happens on this engine: a quiet stream must outlive the client's 3 s request timeout.
    await sleep(4000);
    assert.deepEqual(states.map((s) => s.kind), ['connecting', 'connected'], 'a quiet event stream stays open');

    const stoppedAt = Date.now();
    await d.stop();
    await until(w, 'unreachable', 15000, () => w.state.kind === 'unreachable');
    const down = states.find((s) => s.kind === 'unreachable' && s.at >= stoppedAt);
    assert.ok(down);
    const listsBefore = changes.filter((c) => c.reason === 'list').length;

    const restartedAt = Date.now();
    await d.start();
    await until(w, 'connected again', 20000, () => w.state.kind === 'connected');
    const up = states[states.length - 1];
    assert.ok(changes.filter((c) => c.reason === 'list').length > listsBefore, 'listed again after reconnecting');
    assert.ok(w.containers.some((c) => c.id === survivor));
    console.log(`      unreachable ${down.at - stoppedAt} ms after SIGTERM (${(down as { message: string }).message.slice(0, 80)}); connected ${up.at - restartedAt} ms after dockerd was started again`);
    // And it follows events on the new stream.
    await d.client().getContainer(survivor).rename({ name: 'dockerdb-watch-renamed' });
    await until(w, 'rename seen', 10000, () => w.containers.some((c) => c.name === 'dockerdb-watch-renamed'));
  });
});
