/**
 * Turns a resolved endpoint into a dockerode client and checks that an engine answers.
 */
import type Docker from 'dockerode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { DockerEndpoint, EndpointInputs, describeEndpoint, fallbackEndpoints, resolveDockerEndpoint } from './endpoint';
import { withTimeout } from '../util/timeout';

export type DockerodeOptions = Docker.DockerOptions;

/** Dockerode options for an endpoint URL. Throws on a URL it cannot use. */
export function dockerodeOptions(endpoint: DockerEndpoint, timeoutMs: number, readFile: (f: string) => Buffer | undefined = readOptional): DockerodeOptions {
  const raw = endpoint.url.trim();
  if (raw.startsWith('/')) {
    return { socketPath: raw, timeout: timeoutMs };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`"${raw}" is not a Docker endpoint URL (expected unix:///path, tcp://host:port, npipe://, or ssh://user@host).`);
  }
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname), timeout: timeoutMs };
    case 'npipe:':
      return { socketPath: raw.replace(/^npipe:\/\//, '').replace(/\//g, '\\'), timeout: timeoutMs };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = endpoint.tls;
      const secure = url.protocol === 'https:' || tls !== undefined;
      const options: DockerodeOptions = {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port !== '' ? Number(url.port) : secure ? 2376 : 2375,
        protocol: secure ? 'https' : 'http',
        timeout: timeoutMs,
      };
      if (tls) {
        const ca = tls.ca ? readFile(tls.ca) : undefined;
        const cert = tls.cert ? readFile(tls.cert) : undefined;
        const key = tls.key ? readFile(tls.key) : undefined;
        if (ca) options.ca = ca;
        if (cert) options.cert = cert;
        if (key) options.key = key;
      }
      return options;
    }
    case 'ssh:':
      return {
        protocol: 'ssh',
        host: url.hostname,
        port: url.port !== '' ? Number(url.port) : 22,
        username: url.username !== '' ? decodeURIComponent(url.username) : undefined,
        timeout: timeoutMs,
      } as DockerodeOptions;
    default:
      throw new Error(`Unsupported Docker endpoint scheme "${url.protocol}" in "${raw}".`);
  }
}

function readOptional(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

export interface ConnectAttempt {
  endpoint: DockerEndpoint;
  error: string;
}

/** No engine answered. The message names every endpoint tried and what to do. */
export class DockerUnreachableError extends Error {
  readonly attempts: ConnectAttempt[];
  constructor(attempts: ConnectAttempt[], warnings: string[], overrideLabel = 'the dockerDb.docker.host setting') {
    const tried = attempts.map((a) => `${describeEndpoint(a.endpoint)}: ${a.error}`).join('; ');
    const extra = warnings.length > 0 ? ` Note: ${warnings.join(' ')}` : '';
    super(
      `No Docker engine answered. Tried ${tried}. Start Docker (or Podman's Docker-compatible service), or point DOCKER_HOST or ${overrideLabel} at a running engine.${extra}`,
    );
    this.name = 'DockerUnreachableError';
    this.attempts = attempts;
  }
}

export interface ConnectedDocker {
  docker: Docker;
  endpoint: DockerEndpoint;
  /** Engine API version the daemon reported. */
  apiVersion: string;
  engineVersion: string;
}

export interface ConnectOptions {
  setting?: string;
  /** How messages name `setting`; default "the dockerDb.docker.host setting". */
  overrideLabel?: string;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  homeDir?: string;
}

export function nodeEndpointInputs(options: ConnectOptions): EndpointInputs {
  return {
    setting: options.setting,
    overrideLabel: options.overrideLabel,
    env: options.env ?? process.env,
    homeDir: options.homeDir ?? os.homedir(),
    platform: process.platform,
    readFile: (f) => {
      try {
        return fs.readFileSync(f, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (f) => fs.existsSync(f),
  };
}

function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { statusCode?: number };
  if (e && e.code === 'ENOENT') return 'the socket does not exist';
  if (e && e.code === 'EACCES') return 'permission denied (is your user in the docker group?)';
  if (e && e.code === 'ECONNREFUSED') return 'connection refused';
  if (e && typeof e.statusCode === 'number') return `HTTP ${e.statusCode}`;
  return e instanceof Error ? e.message : String(err);
}

/** dockerode (with ssh2) takes ~100-200 ms to load: load it on the first connection, not at activation. */
function loadDockerode(): typeof Docker {
  return require('dockerode') as typeof Docker;
}

async function tryEndpoint(endpoint: DockerEndpoint, timeoutMs: number): Promise<ConnectedDocker> {
  const DockerClass = loadDockerode();
  const docker = new DockerClass(dockerodeOptions(endpoint, timeoutMs));
  const version = await withTimeout(docker.version(), timeoutMs, `no answer within ${timeoutMs} ms`);
  return { docker, endpoint, apiVersion: version.ApiVersion, engineVersion: version.Version };
}

/**
 * Resolves the endpoint and returns a client once the engine answered `GET /version`.
 * When nothing was configured and the default socket fails, well-known sockets are tried too.
 */
export async function connectDocker(options: ConnectOptions = {}): Promise<ConnectedDocker> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const inputs = nodeEndpointInputs(options);
  const { endpoint, warnings } = resolveDockerEndpoint(inputs);
  const candidates = [endpoint, ...(endpoint.source === 'default' ? fallbackEndpoints(inputs) : [])];
  const attempts: ConnectAttempt[] = [];
  for (const candidate of candidates) {
    try {
      return await tryEndpoint(candidate, timeoutMs);
    } catch (err) {
      attempts.push({ endpoint: candidate, error: describeError(err) });
    }
  }
  throw new DockerUnreachableError(attempts, warnings, options.overrideLabel);
}
