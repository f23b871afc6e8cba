/**
 * Resolves the Docker Engine endpoint the way the `docker` CLI does:
 * setting override → DOCKER_HOST → DOCKER_CONTEXT → currentContext in config.json → default socket.
 * Pure: all file-system and environment access goes through {@link EndpointInputs}.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'currentContext' | 'default' | 'fallback';

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  verify: boolean;
}

export interface DockerEndpoint {
  /** The endpoint as a URL, e.g. `unix:///var/run/docker.sock` or `tcp://127.0.0.1:2375`. */
  url: string;
  source: EndpointSource;
  /** Docker context name when the endpoint came from a context. */
  context?: string;
  tls?: TlsFiles;
  /** How to name the override in messages, e.g. "the --host option"; default: the setting. */
  overrideLabel?: string;
}

export interface EndpointInputs {
  /** Value of the `dockerDb.docker.host` setting (empty = not set). */
  setting?: string;
  /** How messages name the override: "the dockerDb.docker.host setting" (default) or "the --host option". */
  overrideLabel?: string;
  env: Record<string, string | undefined>;
  homeDir: string;
  platform: NodeJS.Platform;
  /** Returns the file's text, or undefined when it does not exist or cannot be read. */
  readFile(file: string): string | undefined;
  /** True when the path exists (used only to order fallback sockets). */
  exists?(file: string): boolean;
}

export interface EndpointResolution {
  endpoint: DockerEndpoint;
  /** Problems met while resolving (unreadable config, unknown context), for the log and error messages. */
  warnings: string[];
}

export const DEFAULT_UNIX_SOCKET = 'unix:///var/run/docker.sock';
export const DEFAULT_NPIPE = 'npipe:////./pipe/docker_engine';

export function defaultEndpointUrl(platform: NodeJS.Platform): string {
  return platform === 'win32' ? DEFAULT_NPIPE : DEFAULT_UNIX_SOCKET;
}

function dockerConfigDir(inputs: EndpointInputs): string {
  const fromEnv = inputs.env.DOCKER_CONFIG;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : path.join(inputs.homeDir, '.docker');
}

/** The folder name Docker uses for a context: the SHA-256 of its name, in hex. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function tlsFromEnv(inputs: EndpointInputs): TlsFiles | undefined {
  const verify = (inputs.env.DOCKER_TLS_VERIFY ?? '') !== '';
  const certPath = inputs.env.DOCKER_CERT_PATH;
  if (!verify && !certPath) {
    return undefined;
  }
  const dir = certPath && certPath !== '' ? certPath : dockerConfigDir(inputs);
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), verify };
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function readContext(inputs: EndpointInputs, name: string, source: EndpointSource, warnings: string[]): DockerEndpoint | undefined {
  if (name === 'default') {
    return { url: defaultEndpointUrl(inputs.platform), source, context: 'default' };
  }
  const dir = contextDirName(name);
  const metaFile = path.join(dockerConfigDir(inputs), 'contexts', 'meta', dir, 'meta.json');
  const text = inputs.readFile(metaFile);
  if (text === undefined) {
    warnings.push(`Docker context "${name}" (from ${source}) was not found at ${metaFile}.`);
    return undefined;
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch (err) {
    warnings.push(`Docker context "${name}": ${metaFile} is not valid JSON (${(err as Error).message}).`);
    return undefined;
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!host) {
    warnings.push(`Docker context "${name}" has no docker endpoint in ${metaFile}.`);
    return undefined;
  }
  const tlsDir = path.join(dockerConfigDir(inputs), 'contexts', 'tls', dir, 'docker');
  const hasTls = inputs.readFile(path.join(tlsDir, 'ca.pem')) !== undefined || inputs.readFile(path.join(tlsDir, 'cert.pem')) !== undefined;
  const endpoint: DockerEndpoint = { url: host, source, context: name };
  if (hasTls) {
    endpoint.tls = {
      ca: path.join(tlsDir, 'ca.pem'),
      cert: path.join(tlsDir, 'cert.pem'),
      key: path.join(tlsDir, 'key.pem'),
      verify: meta.Endpoints?.docker?.SkipTLSVerify !== true,
    };
  }
  return endpoint;
}

function currentContextFromConfig(inputs: EndpointInputs, warnings: string[]): string | undefined {
  const file = path.join(dockerConfigDir(inputs), 'config.json');
  const text = inputs.readFile(file);
  if (text === undefined) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as { currentContext?: unknown };
    return typeof parsed.currentContext === 'string' && parsed.currentContext !== '' ? parsed.currentContext : undefined;
  } catch (err) {
    warnings.push(`${file} is not valid JSON (${(err as Error).message}); ignoring its currentContext.`);
    return undefined;
  }
}

export function resolveDockerEndpoint(inputs: EndpointInputs): EndpointResolution {
  const warnings: string[] = [];
  const setting = inputs.setting?.trim();
  if (setting) {
    return { endpoint: { url: setting, source: 'setting', overrideLabel: inputs.overrideLabel }, warnings };
  }
  const dockerHost = inputs.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    return { endpoint: { url: dockerHost, source: 'DOCKER_HOST', tls: tlsFromEnv(inputs) }, warnings };
  }
  const envContext = inputs.env.DOCKER_CONTEXT?.trim();
  if (envContext) {
    const fromEnv = readContext(inputs, envContext, 'DOCKER_CONTEXT', warnings);
    if (fromEnv) {
      return { endpoint: fromEnv, warnings };
    }
  } else {
    const current = currentContextFromConfig(inputs, warnings);
    if (current) {
      const fromConfig = readContext(inputs, current, 'currentContext', warnings);
      if (fromConfig) {
        return { endpoint: fromConfig, warnings };
      }
    }
  }
  return { endpoint: { url: defaultEndpointUrl(inputs.platform), source: 'default' }, warnings };
}

/**
 * Other well-known sockets worth trying when the default one does not answer
 * (Docker Desktop, rootless Docker, Podman). Only used when nothing was configured.
 */
export function fallbackEndpoints(inputs: EndpointInputs): DockerEndpoint[] {
  if (inputs.platform === 'win32') {
    return [];
  }
  const candidates: string[] = [path.join(inputs.homeDir, '.docker', 'run', 'docker.sock')];
  const runtimeDir = inputs.env.XDG_RUNTIME_DIR;
  if (runtimeDir) {
    candidates.push(path.join(runtimeDir, 'docker.sock'), path.join(runtimeDir, 'podman', 'podman.sock'));
  }
  candidates.push('/run/podman/podman.sock');
  const exists = inputs.exists ?? (() => true);
  return candidates.filter((c) => exists(c)).map((c) => ({ url: `unix://${c}`, source: 'fallback' as const }));
}

/** Human-readable description of where an endpoint came from. */
export function describeEndpoint(endpoint: DockerEndpoint): string {
  switch (endpoint.source) {
    case 'setting':
      return `${endpoint.url} (from ${endpoint.overrideLabel ?? 'the dockerDb.docker.host setting'})`;
    case 'DOCKER_HOST':
      return `${endpoint.url} (from DOCKER_HOST)`;
    case 'DOCKER_CONTEXT':
      return `${endpoint.url} (Docker context "${endpoint.context}" from DOCKER_CONTEXT)`;
    case 'currentContext':
      return `${endpoint.url} (Docker context "${endpoint.context}" from config.json)`;
    case 'default':
      return `${endpoint.url} (the default socket)`;
    case 'fallback':
      return `${endpoint.url} (a well-known socket)`;
  }
}
