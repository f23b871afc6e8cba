import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { contextDirName, describeEndpoint, EndpointInputs, fallbackEndpoints, resolveDockerEndpoint } from '../../src/core/docker/endpoint';
import { dockerodeOptions } from '../../src/core/docker/client';

const HOME = '/home/dev';

function inputs(over: Partial<EndpointInputs> & { files?: Record<string, string> } = {}): EndpointInputs {
  const files = over.files ?? {};
  return {
    env: {},
    homeDir: HOME,
    platform: 'linux',
    readFile: (f) => files[f],
    exists: (f) => f in files,
    ...over,
  };
}

function contextMeta(name: string, host: string, dockerConfig = path.join(HOME, '.docker')): Record<string, string> {
  return {
    [path.join(dockerConfig, 'contexts', 'meta', contextDirName(name), 'meta.json')]: JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  };
}

describe('Docker endpoint resolution (like the docker CLI)', () => {
  it('uses the default socket when nothing is configured', () => {
    const r = resolveDockerEndpoint(inputs());
    assert.deepEqual(r.endpoint, { url: 'unix:///var/run/docker.sock', source: 'default' });
    assert.deepEqual(r.warnings, []);
  });

  it('uses the named pipe by default on Windows', () => {
    assert.equal(resolveDockerEndpoint(inputs({ platform: 'win32' })).endpoint.url, 'npipe:////./pipe/docker_engine');
  });

  it('hashes context names with SHA-256 like docker does', () => {
    // sha256("desktop-linux"), as found in ~/.docker/contexts/meta on Docker Desktop machines.
    assert.equal(contextDirName('desktop-linux'), 'fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e');
  });

  it('reads currentContext from config.json and its meta.json', () => {
    const files = { [path.join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'remote' }), ...contextMeta('remote', 'tcp://10.0.0.5:2376') };
    const r = resolveDockerEndpoint(inputs({ files }));
    assert.equal(r.endpoint.url, 'tcp://10.0.0.5:2376');
    assert.equal(r.endpoint.source, 'currentContext');
    assert.equal(r.endpoint.context, 'remote');
  });

  it('DOCKER_CONTEXT beats currentContext', () => {
    const files = {
      [path.join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'remote' }),
      ...contextMeta('remote', 'tcp://10.0.0.5:2376'),
      ...contextMeta('colima', 'unix:///home/dev/.colima/default/docker.sock'),
    };
    const r = resolveDockerEndpoint(inputs({ files, env: { DOCKER_CONTEXT: 'colima' } }));
    assert.equal(r.endpoint.url, 'unix:///home/dev/.colima/default/docker.sock');
    assert.equal(r.endpoint.source, 'DOCKER_CONTEXT');
  });

  it('DOCKER_HOST beats contexts, and the setting beats DOCKER_HOST', () => {
    const files = { [path.join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'remote' }), ...contextMeta('remote', 'tcp://10.0.0.5:2376') };
    const env = { DOCKER_HOST: 'unix:///run/user/1000/docker.sock', DOCKER_CONTEXT: 'remote' };
    assert.equal(resolveDockerEndpoint(inputs({ files, env })).endpoint.source, 'DOCKER_HOST');
    const r = resolveDockerEndpoint(inputs({ files, env, setting: ' tcp://127.0.0.1:2375 ' }));
    assert.deepEqual([r.endpoint.url, r.endpoint.source], ['tcp://127.0.0.1:2375', 'setting']);
  });

  it('honours DOCKER_CONFIG for config.json and contexts', () => {
    const dir = '/etc/dockercfg';
    const files = { [path.join(dir, 'config.json')]: JSON.stringify({ currentContext: 'x' }), ...contextMeta('x', 'unix:///x.sock', dir) };
    assert.equal(resolveDockerEndpoint(inputs({ files, env: { DOCKER_CONFIG: dir } })).endpoint.url, 'unix:///x.sock');
  });

  it('the "default" context means the default socket', () => {
    const files = { [path.join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'default' }) };
    assert.equal(resolveDockerEndpoint(inputs({ files })).endpoint.url, 'unix:///var/run/docker.sock');
  });

  it('falls back to the default socket with a warning when a context is missing or config.json is malformed', () => {
    const missing = resolveDockerEndpoint(inputs({ env: { DOCKER_CONTEXT: 'gone' } }));
    assert.equal(missing.endpoint.source, 'default');
    assert.match(missing.warnings[0], /context "gone".*not found/);
    const malformed = resolveDockerEndpoint(inputs({ files: { [path.join(HOME, '.docker', 'config.json')]: '{ not json' } }));
    assert.equal(malformed.endpoint.source, 'default');
    assert.match(malformed.warnings[0], /config\.json is not valid JSON/);
  });

  it('picks up TLS files from DOCKER_CERT_PATH with DOCKER_TLS_VERIFY', () => {
    const r = resolveDockerEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }));
    assert.deepEqual(r.endpoint.tls, { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true });
  });

  it('offers well-known sockets that exist as fallbacks', () => {
    const files = { [path.join(HOME, '.docker', 'run', 'docker.sock')]: '', '/run/user/1000/podman/podman.sock': '' };
    const urls = fallbackEndpoints(inputs({ files, env: { XDG_RUNTIME_DIR: '/run/user/1000' } })).map((e) => e.url);
    assert.deepEqual(urls, ['unix:///home/dev/.docker/run/docker.sock', 'unix:///run/user/1000/podman/podman.sock']);
  });

  it('describes where an endpoint came from', () => {
    assert.equal(describeEndpoint({ url: 'unix:///var/run/docker.sock', source: 'default' }), 'unix:///var/run/docker.sock (the default socket)');
    assert.match(describeEndpoint({ url: 'tcp://h:1', source: 'currentContext', context: 'c' }), /context "c" from config\.json/);
    assert.match(describeEndpoint({ url: 'tcp://h:1', source: 'setting', overrideLabel: 'the --host option' }), /from the --host option/);
  });
});

describe('dockerode options for an endpoint', () => {
  it('maps unix, tcp, https and ssh URLs', () => {
    assert.deepEqual(dockerodeOptions({ url: 'unix:///var/run/docker.sock', source: 'default' }, 1000), { socketPath: '/var/run/docker.sock', timeout: 1000 });
    assert.deepEqual(dockerodeOptions({ url: '/tmp/d.sock', source: 'setting' }, 1000), { socketPath: '/tmp/d.sock', timeout: 1000 });
    assert.deepEqual(dockerodeOptions({ url: 'tcp://127.0.0.1:2375', source: 'DOCKER_HOST' }, 1000), { host: '127.0.0.1', port: 2375, protocol: 'http', timeout: 1000 });
    assert.deepEqual(dockerodeOptions({ url: 'tcp://[::1]', source: 'DOCKER_HOST' }, 1000), { host: '::1', port: 2375, protocol: 'http', timeout: 1000 });
    const tls = dockerodeOptions({ url: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { ca: '/c/ca.pem', verify: true } }, 1000, (f) => Buffer.from(`pem:${f}`));
    assert.equal(tls.protocol, 'https');
    assert.equal(String(tls.ca), 'pem:/c/ca.pem');
    const ssh = dockerodeOptions({ url: 'ssh://dev@build-box:2222', source: 'DOCKER_HOST' }, 1000) as { protocol?: string; host?: string; port?: number; username?: string };
    assert.deepEqual([ssh.protocol, ssh.host, ssh.port, ssh.username], ['ssh', 'build-box', 2222, 'dev']);
  });

  it('rejects what it cannot use with a clear message', () => {
    assert.throws(() => dockerodeOptions({ url: 'not a url', source: 'setting' }, 1000), /is not a Docker endpoint URL/);
    assert.throws(() => dockerodeOptions({ url: 'ftp://x', source: 'setting' }, 1000), /Unsupported Docker endpoint scheme "ftp:"/);
  });
});
