/**
 * Docker helpers for the integration and e2e tests.
 *
 * Every container (and network) created here carries the label
 * TEST_LABEL=<run id>, so a crashed run can be cleaned up with
 * removeTestContainers(). Containers use the local fixture image
 * dockerdb-fixture/postgres:15 (built by test/rig/build-fixture-images.sh),
 * which runs the host's PostgreSQL 15 from a bind-mounted /usr and behaves like
 * the official `postgres` image (POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB,
 * socket trust, scram-sha-256 over TCP).
 *
 * Tests only talk to 127.0.0.1 and to containers they created. Every wait loop
 * here is bounded both in iterations and in time.
 */
import Docker from 'dockerode';
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';

export const TEST_LABEL = 'dockerdb.test';
export const FIXTURE_IMAGE = 'dockerdb-fixture/postgres:15';

/** Value of TEST_LABEL on everything this process creates. */
export const TEST_RUN_ID: string =
  process.env.DOCKERDB_TEST_RUN_ID || `${process.pid}-${Date.now().toString(36)}`;

/** Binds every fixture container needs (the image holds no programs of its own). */
export const FIXTURE_BINDS: readonly string[] = [
  '/usr:/usr:ro',
  '/etc/passwd:/etc/passwd:ro',
  '/etc/group:/etc/group:ro',
];

/**
 * tmpfs mounts for the data and socket dirs. (The image's directories are 1777,
 * and Docker's tmpfs copy-up keeps that mode, so any tmpfs spelling works.)
 */
export const FIXTURE_TMPFS: Readonly<Record<string, string>> = {
  '/var/lib/postgresql': 'rw,mode=1777',
  '/var/run/postgresql': 'rw,mode=1777',
};

/** The same, as `docker run` arguments (for tests that drive the docker CLI). */
export const FIXTURE_RUN_ARGS: readonly string[] = [
  ...FIXTURE_BINDS.flatMap((b) => ['-v', b]),
  ...Object.entries(FIXTURE_TMPFS).flatMap(([p, o]) => ['--tmpfs', `${p}:${o}`]),
];

/** HostConfig fragment with the fixture's binds and tmpfs mounts. */
export function fixtureHostConfig(extraBinds: readonly string[] = []): Docker.HostConfig {
  return { Binds: [...FIXTURE_BINDS, ...extraBinds], Tmpfs: { ...FIXTURE_TMPFS } };
}

let cachedDocker: Docker | undefined;

/** dockerode on DOCKER_HOST (unix:// or tcp://) or /var/run/docker.sock. */
export function testDocker(): Docker {
  if (!cachedDocker) {
    // Without options docker-modem reads DOCKER_HOST / DOCKER_TLS_VERIFY /
    // DOCKER_CERT_PATH itself and falls back to /var/run/docker.sock.
    cachedDocker = new Docker();
  }
  return cachedDocker;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reject after `ms` (the underlying operation is left to finish on its own). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function statusCode(e: unknown): number | undefined {
  const c = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof c === 'number' ? c : undefined;
}

/**
 * Skip the suite/test when no Docker engine answers within 3 s; under CI
 * (process.env.CI set) fail instead, so a broken rig is never silently green.
 */
export async function requireDocker(ctx: Mocha.Context): Promise<void> {
  try {
    await withTimeout(testDocker().ping(), 3000, 'docker ping');
  } catch (e) {
    const why = `no Docker engine answered at ${process.env.DOCKER_HOST || 'unix:///var/run/docker.sock'} (${errMessage(e)}); start one with test/rig/ensure-docker.sh`;
    if (process.env.CI) {
      throw new Error(`Docker engine required under CI: ${why}`);
    }
    console.warn(`    [skip] ${why}`);
    ctx.skip();
  }
}

function findRepoRoot(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'test', 'rig', 'build-fixture-images.sh'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

let fixtureImageReady: Promise<void> | undefined;

/**
 * Make sure FIXTURE_IMAGE exists; when it does not, run
 * test/rig/build-fixture-images.sh once (about 2 s). Called by
 * startPostgres/startPlainContainer. Does not check staleness: the rig script
 * (run before the tests) does that.
 */
export function ensureFixtureImage(): Promise<void> {
  if (!fixtureImageReady) {
    fixtureImageReady = (async () => {
      try {
        await withTimeout(testDocker().getImage(FIXTURE_IMAGE).inspect(), 10000, 'image inspect');
        return;
      } catch (e) {
        if (statusCode(e) !== 404) throw e;
      }
      const root = findRepoRoot();
      if (!root) {
        throw new Error(`image ${FIXTURE_IMAGE} missing and test/rig/build-fixture-images.sh not found`);
      }
      await new Promise<void>((resolve, reject) => {
        execFile(
          'bash',
          [path.join(root, 'test', 'rig', 'build-fixture-images.sh')],
          { timeout: 180000, maxBuffer: 4 * 1024 * 1024 },
          (err, stdout, stderr) =>
            err
              ? reject(new Error(`building ${FIXTURE_IMAGE} failed: ${errMessage(err)}\n${stdout}${stderr}`))
              : resolve(),
        );
      });
    })();
    // A failed attempt may be retried by a later call.
    fixtureImageReady.catch(() => (fixtureImageReady = undefined));
  }
  return fixtureImageReady;
}

export interface PgFixtureOptions {
  /** default: unique 'dockerdb-test-pg-<random>' */
  name?: string;
  /** default 'postgres' */
  user?: string;
  /** default: random strong password. '' = POSTGRES_PASSWORD not set at all. */
  password?: string;
  /** default: same as user */
  db?: string;
  /** default true: 5432/tcp published on 127.0.0.1 with a free host port (picked by Docker). */
  publish?: boolean | { hostIp?: string; hostPort?: number };
  /** default 'pg_isready' (interval 1s, retries 3); 'failing' -> unhealthy; 'none' -> no healthcheck */
  health?: 'pg_isready' | 'failing' | 'none';
  /** extra labels (e.g. compose labels) */
  labels?: Record<string, string>;
  /** extra/overriding environment (applied after POSTGRES_*) */
  env?: Record<string, string>;
  /** container command; args starting with '-' go to postgres, like the official image */
  cmd?: string[];
  /** network to attach to (the container name is its alias there) */
  network?: string;
  /** extra binds, e.g. '/tmp/x:/docker-entrypoint-initdb.d:ro' */
  binds?: string[];
}

export interface PgFixture {
  id: string;
  name: string;
  /** published host port of 5432/tcp, null when not published (or the container already exited) */
  hostPort: number | null;
  user: string;
  password: string;
  db: string;
  remove(): Promise<void>;
}

function randomSuffix(): string {
  return crypto.randomBytes(5).toString('hex');
}

function randomPassword(): string {
  // 24 chars of [A-Za-z0-9_-] with a fixed mixed prefix: strong and shell/URL-safe.
  return `Pw9_${crypto.randomBytes(18).toString('base64url')}`;
}

async function removeContainer(id: string): Promise<void> {
  try {
    await withTimeout(testDocker().getContainer(id).remove({ force: true, v: true }), 20000, `remove ${id}`);
  } catch (e) {
    const code = statusCode(e);
    // 404: already gone; 409: removal already in progress.
    if (code !== 404 && code !== 409) throw e;
  }
}

async function inspect(id: string): Promise<Docker.ContainerInspectInfo> {
  return withTimeout(testDocker().getContainer(id).inspect(), 10000, `inspect ${id}`);
}

function publishedPort(info: Docker.ContainerInspectInfo, port = '5432/tcp'): number | null {
  const bindings = info.NetworkSettings?.Ports?.[port];
  const hostPort = bindings?.find((b) => b.HostIp === '127.0.0.1' || b.HostIp === '0.0.0.0' || b.HostIp === '')?.HostPort
    ?? bindings?.[0]?.HostPort;
  const n = hostPort ? Number(hostPort) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

function baseLabels(kind: string, extra?: Record<string, string>): Record<string, string> {
  return { [TEST_LABEL]: TEST_RUN_ID, 'dockerdb.test.kind': kind, ...(extra ?? {}) };
}

function networkingConfig(network: string | undefined, name: string): Docker.ContainerCreateOptions['NetworkingConfig'] {
  if (!network) return undefined;
  return { EndpointsConfig: { [network]: { Aliases: [name] } } };
}

/** Creates and starts a container; a container that fails to start is removed again. */
async function createAndStart(options: Docker.ContainerCreateOptions): Promise<Docker.Container> {
  const name = options.name ?? '?';
  const container = await withTimeout(testDocker().createContainer(options), 20000, `create ${name}`);
  try {
    await withTimeout(container.start(), 20000, `start ${name}`);
  } catch (e) {
    await removeContainer(container.id).catch(() => undefined);
    throw e;
  }
  return container;
}

/** Creates and starts a PostgreSQL fixture container. Does NOT wait for health. */
export async function startPostgres(opts: PgFixtureOptions = {}): Promise<PgFixture> {
  await ensureFixtureImage();
  const name = opts.name ?? `dockerdb-test-pg-${randomSuffix()}`;
  const user = opts.user ?? 'postgres';
  const password = opts.password ?? randomPassword();
  const db = opts.db ?? user;

  const envMap: Record<string, string> = { POSTGRES_USER: user, POSTGRES_DB: db };
  if (password !== '') envMap.POSTGRES_PASSWORD = password;
  Object.assign(envMap, opts.env ?? {});
  const Env = Object.entries(envMap).map(([k, v]) => `${k}=${v}`);

  const hostConfig: Docker.HostConfig = fixtureHostConfig(opts.binds ?? []);
  const publish = opts.publish ?? true;
  if (publish !== false) {
    const p = publish === true ? {} : publish;
    hostConfig.PortBindings = {
      '5432/tcp': [{ HostIp: p.hostIp ?? '127.0.0.1', HostPort: p.hostPort ? String(p.hostPort) : '' }],
    };
  }
  if (opts.network) hostConfig.NetworkMode = opts.network;

  const health = opts.health ?? 'pg_isready';
  let Healthcheck: Docker.HealthConfig | undefined;
  if (health === 'pg_isready') {
    Healthcheck = {
      // TCP on 127.0.0.1: only the final server listens there, not the
      // socket-only temporary server used during initialisation.
      Test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', user, '-d', db],
      Interval: 1e9,
      Timeout: 5e9,
      Retries: 3,
      // Failures while initdb runs do not count (a loaded 2-core CI machine can take >3 s).
      StartPeriod: 60e9,
    };
  } else if (health === 'failing') {
    Healthcheck = { Test: ['CMD', 'false'], Interval: 1e9, Timeout: 5e9, Retries: 3 };
  }

  const container = await createAndStart({
    name,
    Image: FIXTURE_IMAGE,
    Cmd: opts.cmd,
    Env,
    Labels: baseLabels('postgres', opts.labels),
    ExposedPorts: { '5432/tcp': {} },
    Healthcheck,
    HostConfig: hostConfig,
    NetworkingConfig: networkingConfig(opts.network, name),
  });

  let hostPort: number | null = null;
  if (publish !== false) {
    const info = await inspect(container.id);
    hostPort = publishedPort(info) ?? (typeof publish === 'object' && publish.hostPort ? publish.hostPort : null);
  }
  return { id: container.id, name, hostPort, user, password, db, remove: () => removeContainer(container.id) };
}

/** Same fixture image with a different command, e.g. ['sleep', '300']. */
export async function startPlainContainer(opts: {
  name?: string;
  cmd: string[];
  labels?: Record<string, string>;
  health?: { test: string[]; intervalMs?: number };
  env?: Record<string, string>;
  network?: string;
}): Promise<{ id: string; name: string; remove(): Promise<void> }> {
  await ensureFixtureImage();
  const name = opts.name ?? `dockerdb-test-plain-${randomSuffix()}`;
  let Healthcheck: Docker.HealthConfig | undefined;
  if (opts.health) {
    const t = opts.health.test;
    const Test = t[0] === 'CMD' || t[0] === 'CMD-SHELL' || t[0] === 'NONE' ? t : ['CMD', ...t];
    Healthcheck = { Test, Interval: (opts.health.intervalMs ?? 1000) * 1e6, Timeout: 5e9, Retries: 3 };
  }
  const hostConfig = fixtureHostConfig();
  if (opts.network) hostConfig.NetworkMode = opts.network;
  const container = await createAndStart({
    name,
    Image: FIXTURE_IMAGE,
    // The entrypoint execs any command that is not `postgres` as is.
    Cmd: opts.cmd,
    Env: Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: baseLabels('plain', opts.labels),
    Healthcheck,
    HostConfig: hostConfig,
    NetworkingConfig: networkingConfig(opts.network, name),
  });
  return { id: container.id, name, remove: () => removeContainer(container.id) };
}

/** Demultiplex a non-TTY Docker log/attach buffer (8-byte frame headers). */
export function demuxDockerBuffer(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const type = buf[off];
    const len = buf.readUInt32BE(off + 4);
    const chunk = buf.subarray(off + 8, off + 8 + len);
    (type === 2 ? err : out).push(chunk);
    off += 8 + len;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Full logs of a container (stdout and stderr, demultiplexed). */
export async function containerLogs(id: string): Promise<{ stdout: string; stderr: string; all: string }> {
  const buf = await withTimeout(
    testDocker().getContainer(id).logs({ stdout: true, stderr: true, follow: false }),
    10000,
    `logs ${id}`,
  );
  const { stdout, stderr } = demuxDockerBuffer(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
  return { stdout, stderr, all: `${stdout}${stderr}` };
}

function healthSummary(info: Docker.ContainerInspectInfo): string {
  const h = info.State.Health;
  if (!h) return `state=${info.State.Status} (no healthcheck)`;
  const last = h.Log.slice(-3).map((l) => `exit ${l.ExitCode}: ${String(l.Output).trim().slice(0, 500)}`);
  return `state=${info.State.Status} health=${h.Status} failingStreak=${h.FailingStreak}; last checks: ${last.join(' | ') || '(none yet)'}`;
}

/** Poll (every 250 ms, bounded) until the container's health status equals `status`. */
export async function waitForHealth(
  id: string,
  status: 'healthy' | 'unhealthy',
  timeoutMs = 30000,
): Promise<void> {
  const intervalMs = 250;
  const deadline = Date.now() + timeoutMs;
  const maxPolls = Math.ceil(timeoutMs / intervalMs) + 1;
  let last: Docker.ContainerInspectInfo | undefined;
  for (let i = 0; i < maxPolls; i++) {
    last = await inspect(id);
    if (!last.State.Health) {
      throw new Error(`waitForHealth(${id.slice(0, 12)}): container has no healthcheck`);
    }
    if (last.State.Health.Status === status) return;
    if (!last.State.Running) {
      const logs = await containerLogs(id).catch(() => ({ all: '' }));
      throw new Error(
        `waitForHealth(${id.slice(0, 12)}, ${status}): container stopped (exit ${last.State.ExitCode}); ${healthSummary(last)}\n--- logs ---\n${logs.all.slice(-4000)}`,
      );
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(
    `waitForHealth(${id.slice(0, 12)}, ${status}): not reached within ${timeoutMs} ms; ${last ? healthSummary(last) : 'never inspected'}`,
  );
}

/** Poll (bounded) until the container has stopped; returns its exit code. */
export async function waitForExit(id: string, timeoutMs = 30000): Promise<number> {
  const intervalMs = 200;
  const deadline = Date.now() + timeoutMs;
  const maxPolls = Math.ceil(timeoutMs / intervalMs) + 1;
  for (let i = 0; i < maxPolls; i++) {
    const info = await inspect(id);
    if (!info.State.Running && !info.State.Restarting && info.State.Status !== 'created') {
      return info.State.ExitCode;
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`waitForExit(${id.slice(0, 12)}): still running after ${timeoutMs} ms`);
}

/**
 * Poll (every 200 ms, bounded) until `pg_isready -h 127.0.0.1` succeeds inside
 * the container (run through a dockerode exec), i.e. the final server accepts
 * TCP connections. Fails early with the logs if the container stops.
 */
export async function waitForPostgresReady(fx: PgFixture, timeoutMs = 30000): Promise<void> {
  const intervalMs = 200;
  const deadline = Date.now() + timeoutMs;
  const maxPolls = Math.ceil(timeoutMs / intervalMs) + 1;
  let lastOut = '';
  for (let i = 0; i < maxPolls; i++) {
    const info = await inspect(fx.id);
    if (!info.State.Running) {
      const logs = await containerLogs(fx.id).catch(() => ({ all: '' }));
      throw new Error(
        `waitForPostgresReady(${fx.name}): container is ${info.State.Status} (exit ${info.State.ExitCode})\n--- logs ---\n${logs.all.slice(-4000)}`,
      );
    }
    try {
      const r = await execIn(
        fx.id,
        ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', fx.user, '-d', fx.db, '-t', '2'],
        { timeoutMs: 5000 },
      );
      if (r.exitCode === 0) return;
      lastOut = `exit ${r.exitCode}: ${(r.stdout + r.stderr).trim()}`;
    } catch (e) {
      lastOut = errMessage(e);
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`waitForPostgresReady(${fx.name}): not ready within ${timeoutMs} ms; last pg_isready: ${lastOut}`);
}

/**
 * Run argv in the container through a dockerode exec; stdout/stderr are
 * demultiplexed. `stdin` is written and then closed. Default timeout 60 s.
 */
export async function execIn(
  id: string,
  argv: string[],
  opts: { env?: string[]; stdin?: string; user?: string; timeoutMs?: number } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const docker = testDocker();
  const timeoutMs = opts.timeoutMs ?? 60000;
  const withStdin = opts.stdin !== undefined;
  const exec = await withTimeout(
    docker.getContainer(id).exec({
      Cmd: argv,
      AttachStdin: withStdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Env: opts.env,
      User: opts.user,
    }),
    10000,
    `exec create in ${id.slice(0, 12)}`,
  );
  const stream = (await withTimeout(
    exec.start({ hijack: true, stdin: withStdin }),
    10000,
    `exec start in ${id.slice(0, 12)}`,
  )) as NodeJS.ReadWriteStream & { destroy?: () => void };

  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  docker.modem.demuxStream(stream, stdout, stderr);

  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', (e: Error) => reject(e));
  });
  if (withStdin) {
    stream.write(opts.stdin as string);
    stream.end(); // half-close: the process sees EOF on stdin
  }
  try {
    await withTimeout(done, timeoutMs, `exec ${JSON.stringify(argv)} in ${id.slice(0, 12)}`);
  } catch (e) {
    stream.destroy?.();
    throw e;
  }

  // ExitCode is set once the process is gone; poll briefly (bounded) in case
  // the stream closed a moment before the engine recorded it.
  let exitCode: number | null = null;
  for (let i = 0; i < 50; i++) {
    const info = await withTimeout(exec.inspect(), 10000, 'exec inspect');
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) {
      exitCode = info.ExitCode;
      break;
    }
    await sleep(50);
  }
  if (exitCode === null) throw new Error(`exec ${JSON.stringify(argv)}: no exit code after the stream ended`);
  return {
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

async function removeLabelled(filterValue: string): Promise<void> {
  const docker = testDocker();
  const list = await withTimeout(
    docker.listContainers({ all: true, filters: { label: [filterValue] } }),
    10000,
    'list test containers',
  );
  await Promise.all(list.map((c) => removeContainer(c.Id)));
}

/** Force-removes every container carrying TEST_LABEL (from any run). */
export async function removeTestContainers(): Promise<void> {
  await removeLabelled(TEST_LABEL);
}

/** Force-removes the containers created by this process (TEST_LABEL=TEST_RUN_ID). */
export async function removeRunContainers(): Promise<void> {
  await removeLabelled(`${TEST_LABEL}=${TEST_RUN_ID}`);
}

/** Creates a bridge network labelled for this run. */
export async function createTestNetwork(
  name = `dockerdb-test-net-${randomSuffix()}`,
  labels: Record<string, string> = {},
): Promise<{ id: string; name: string; remove(): Promise<void> }> {
  const network = await withTimeout(
    testDocker().createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: baseLabels('network', labels) }),
    20000,
    `create network ${name}`,
  );
  return {
    id: network.id,
    name,
    remove: async () => {
      try {
        await withTimeout(testDocker().getNetwork(network.id).remove(), 20000, `remove network ${name}`);
      } catch (e) {
        if (statusCode(e) !== 404) throw e;
      }
    },
  };
}

/** Removes every network carrying TEST_LABEL (after its containers are gone). */
export async function removeTestNetworks(): Promise<void> {
  const docker = testDocker();
  const nets = await withTimeout(docker.listNetworks({ filters: { label: [TEST_LABEL] } }), 10000, 'list test networks');
  await Promise.all(
    nets.map(async (n) => {
      try {
        await withTimeout(docker.getNetwork(n.Id).remove(), 20000, `remove network ${n.Name}`);
      } catch (e) {
        if (statusCode(e) !== 404) throw e;
      }
    }),
  );
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('freePort: no port'))));
    });
  });
}
