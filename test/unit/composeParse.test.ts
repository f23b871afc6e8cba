import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ComposeProject } from '../../src/core/compose/model';
import { isValidProjectName, loadComposeProject, normaliseProjectName, parseComposeProject } from '../../src/core/compose/parse';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'compose');
const FILE = '/ws/My_App.v2/compose.yaml';

function parseOne(text: string, options: Parameters<typeof parseComposeProject>[1] = {}): ComposeProject {
  return parseComposeProject([{ file: FILE, text }], options);
}

function service(p: ComposeProject, name: string) {
  const s = p.services.find((x) => x.name === name);
  assert.ok(s, `service ${name} missing; have ${p.services.map((x) => x.name).join(', ')}`);
  return s;
}

describe('compose file parsing', () => {
  it('reads services with image, build, container name, profiles and line numbers', () => {
    const p = parseOne('services:\n  db:\n    image: postgres:16\n    container_name: pg\n  app:\n    build: .\n    profiles: [web, debug]\n');
    assert.deepEqual(p.errors, []);
    assert.deepEqual(
      p.services.map((s) => [s.name, s.image, s.build, s.containerName, s.profiles, s.line, s.file]),
      [
        ['db', 'postgres:16', undefined, 'pg', [], 2, FILE],
        ['app', undefined, true, undefined, ['web', 'debug'], 5, FILE],
      ],
    );
  });

  it('reads depends_on in list and map forms', () => {
    const p = parseOne(
      'services:\n  db: {image: pg}\n  cache: {image: redis}\n  init: {image: x}\n' +
        '  a: {image: x, depends_on: [db, cache]}\n' +
        '  b:\n    image: x\n    depends_on:\n      db: {condition: service_healthy}\n      init: {condition: service_completed_successfully}\n      cache:\n      ghost: {condition: service_started, required: false}\n',
    );
    assert.deepEqual(p.errors, []);
    assert.deepEqual(service(p, 'a').dependsOn, [
      { service: 'db', condition: 'service_started', required: true },
      { service: 'cache', condition: 'service_started', required: true },
    ]);
    assert.deepEqual(service(p, 'b').dependsOn, [
      { service: 'db', condition: 'service_healthy', required: true },
      { service: 'init', condition: 'service_completed_successfully', required: true },
      { service: 'cache', condition: 'service_started', required: true },
      { service: 'ghost', condition: 'service_started', required: false },
    ]);
  });

  it('reads environment and labels in list and map forms, keeping valueless variables as null', () => {
    const p = parseOne(
      'services:\n  a:\n    image: x\n    environment: [A=1, B=, C, D=x=y]\n    labels: [l1=v, l2]\n' +
        '  b:\n    image: x\n    environment: {A: 1, B: true, C: null, D: "", E: 1.5}\n    labels: {n: 2, t: "text"}\n',
    );
    assert.deepEqual(p.errors, []);
    assert.deepEqual(service(p, 'a').environment, { A: '1', B: '', C: null, D: 'x=y' });
    assert.deepEqual(service(p, 'a').labels, { l1: 'v', l2: '' });
    assert.deepEqual(service(p, 'b').environment, { A: '1', B: 'true', C: null, D: '', E: '1.5' });
    assert.deepEqual(service(p, 'b').labels, { n: '2', t: 'text' });
  });

  it('reads health checks: list or string test, Go durations, NONE and disable', () => {
    const p = parseOne(
      'services:\n' +
        '  a: {image: x, healthcheck: {test: ["CMD", "pg_isready"], interval: 1m30s, timeout: 1.5s, retries: 3, start_period: 250ms}}\n' +
        '  b: {image: x, healthcheck: {test: "pg_isready -h 127.0.0.1"}}\n' +
        '  c: {image: x, healthcheck: {test: ["NONE"]}}\n' +
        '  d: {image: x, healthcheck: {disable: true}}\n',
    );
    assert.deepEqual(p.errors, []);
    assert.deepEqual(service(p, 'a').healthcheck, { test: ['CMD', 'pg_isready'], intervalMs: 90000, timeoutMs: 1500, retries: 3, startPeriodMs: 250 });
    assert.deepEqual(service(p, 'b').healthcheck, { test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1'] });
    assert.equal(service(p, 'c').healthcheck?.disabled, true);
    assert.equal(service(p, 'd').healthcheck?.disabled, true);
  });

  it('interpolates from the .env text and the given env only, and warns once per unset variable', () => {
    process.env.DOCKERDB_LEAK = 'from-process';
    try {
      const p = parseOne('services:\n  db:\n    image: "postgres:${TAG:-16}"\n    ports: ["${HOST_PORT}:5432"]\n    environment:\n      - A=${DOCKERDB_LEAK}\n      - B=${DOCKERDB_LEAK}\n      - C=$$HOME\n', {
        dotEnv: 'HOST_PORT=5555\nTAG=\n',
        env: { HOST_PORT: '6666' },
      });
      assert.equal(service(p, 'db').image, 'postgres:16');
      assert.equal(service(p, 'db').ports[0].hostPort, 6666, 'the given env wins over .env, as the shell does for Compose');
      assert.deepEqual(service(p, 'db').environment, { A: '', B: '', C: '$HOME' });
      const warnings = p.errors.filter((e) => e.severity === 'warning');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0].message, /"DOCKERDB_LEAK" variable is not set/);
      assert.equal(warnings[0].line, 6);
    } finally {
      delete process.env.DOCKERDB_LEAK;
    }
  });

  it('reports ${VAR:?message} errors at their line', () => {
    const p = parseOne('services:\n  db:\n    image: x\n    environment:\n      PW: ${DB_PASSWORD:?set DB_PASSWORD in .env}\n');
    assert.equal(p.errors.length, 1);
    assert.equal(p.errors[0].line, 5);
    assert.match(p.errors[0].message, /DB_PASSWORD.*set DB_PASSWORD in \.env/);
  });
});

describe('compose project names', () => {
  it('normalises folder names like Compose', () => {
    assert.equal(normaliseProjectName('My_App.v2'), 'my_appv2');
    assert.equal(normaliseProjectName('_-Foo Bar'), 'foobar');
    assert.equal(normaliseProjectName('Über-Shop'), 'ber-shop');
    assert.ok(isValidProjectName('shop_1-a'));
    assert.ok(!isValidProjectName('-shop'));
    assert.ok(!isValidProjectName('Shop'));
  });

  it('uses the folder name when nothing else names the project', () => {
    assert.equal(parseOne('services: {db: {image: x}}\n').name, 'my_appv2');
  });

  it('uses top-level name:, overridden by COMPOSE_PROJECT_NAME from .env or the given env', () => {
    const text = 'name: "from-${SUFFIX:-file}"\nservices: {db: {image: x}}\n';
    assert.equal(parseOne(text).name, 'from-file');
    assert.equal(parseOne(text, { dotEnv: 'SUFFIX=dotenv' }).name, 'from-dotenv');
    assert.equal(parseOne(text, { dotEnv: 'COMPOSE_PROJECT_NAME=dotenv_name' }).name, 'dotenv_name');
    assert.equal(parseOne(text, { dotEnv: 'COMPOSE_PROJECT_NAME=dotenv_name', env: { COMPOSE_PROJECT_NAME: 'shell' } }).name, 'shell');
  });

  it('reports an invalid explicit name at its line and falls back to its normalised form', () => {
    const p = parseOne('services: {db: {image: x}}\nname: Bad Name\n');
    assert.equal(p.name, 'badname');
    assert.equal(p.errors.length, 1);
    assert.equal(p.errors[0].line, 2);
    assert.match(p.errors[0].message, /"Bad Name" is not valid/);
  });
});

describe('malformed compose files', () => {
  it('gives YAML syntax errors with line and column, and still reads the rest', () => {
    const p = parseOne('services:\n  db:\n    image: postgres\n  web:\n    image: [nginx\n  other:\n    image: x\n');
    const syntax = p.errors.find((e) => /YAML syntax error/.test(e.message));
    assert.ok(syntax, JSON.stringify(p.errors));
    assert.ok(syntax.line >= 5, `line ${syntax.line}`);
    assert.equal(service(p, 'db').image, 'postgres');
  });

  it('reports duplicate keys', () => {
    const p = parseOne('services:\n  db:\n    image: a\n    image: b\n');
    assert.ok(p.errors.some((e) => e.line === 4 && /unique/.test(e.message)), JSON.stringify(p.errors));
  });

  it('reports services given as a list', () => {
    const p = parseOne('services:\n  - db\n  - web\n');
    assert.deepEqual(p.services, []);
    assert.equal(p.errors.length, 1);
    assert.equal(p.errors[0].line, 1);
    assert.match(p.errors[0].message, /services must be a map .* not a list/);
  });

  it('reports wrong types at the offending line and keeps the valid services', () => {
    const p = parseComposeProject([{ file: path.join(fixtures, 'broken', 'docker-compose.yml'), text: require('node:fs').readFileSync(path.join(fixtures, 'broken', 'docker-compose.yml'), 'utf8') }]);
    const at = (line: number) => p.errors.filter((e) => e.line === line).map((e) => e.message).join(' | ');
    assert.match(at(6), /Host port "abc"/);
    assert.match(at(7), /outside 0-65535/);
    assert.match(at(10), /ports must be a list/);
    assert.match(at(13), /Unknown condition "service_ready"/);
    assert.match(at(15), /healthcheck.interval "soon"/);
    assert.match(at(16), /Service "oops" must be a map/);
    assert.deepEqual(service(p, 'db').ports, [{ hostPort: 5432, containerPort: 5432, protocol: 'tcp' }]);
    assert.equal(service(p, 'web').image, 'nginx');
  });

  it('reports a dependency on an undefined service and a service with neither image nor build', () => {
    const p = parseOne('services:\n  app:\n    depends_on: [dbb]\n');
    assert.deepEqual(p.errors.map((e) => e.message), [
      'Service "app" has neither "image" nor "build"; Compose will refuse the project.',
      'Service "app" depends on "dbb", which this project does not define.',
    ]);
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', '\t\tx', '[1, 2]', 'just text', '*undefined_alias', 'services:\n  db:\n    <<: *nope\n    image: x\n', 'a: 1\n---\nb: 2\n', '\u0000\u0001binary', 'services: {db: null}', 'services: 42', 'x: &a [*a]'];
    for (const text of inputs) {
      const p = parseOne(text);
      assert.ok(Array.isArray(p.services) && Array.isArray(p.errors), text);
    }
    assert.equal(parseOne('').errors[0]?.severity, 'warning');
    assert.match(parseOne('[1, 2]').errors[0].message, /must be a map with a "services" key/);
    const alias = parseOne('services:\n  db:\n    <<: *nope\n    image: x\n');
    assert.equal(alias.errors[0].line, 3);
    assert.match(alias.errors[0].message, /alias \*nope/);
    assert.equal(service(alias, 'db').image, 'x');
  });
});

describe('override files and env_file', () => {
  let shop: ComposeProject;
  before(async () => {
    shop = await loadComposeProject([path.join(fixtures, 'shop', 'compose.yaml'), path.join(fixtures, 'shop', 'compose.override.yaml')]);
  });

  it('names the project from COMPOSE_PROJECT_NAME in .env (normalised, with an issue at its .env line)', () => {
    assert.equal(shop.name, 'shoplocal');
    assert.deepEqual(shop.errors.map((e) => [path.basename(e.file), e.line]), [['.env', 2]]);
    assert.equal(shop.workingDir, path.join(fixtures, 'shop'));
  });

  it('merges the override into the base: ports appended, maps merged, healthcheck fields replaced, new services added', () => {
    const db = service(shop, 'db');
    assert.deepEqual(db.ports.map((p) => `${p.hostIp}:${p.hostPort}:${p.containerPort}`), ['127.0.0.1:5433:5432', '127.0.0.1:55999:5432']);
    assert.equal(db.image, 'postgres:16');
    assert.deepEqual(db.healthcheck, { test: ['CMD', 'pg_isready', '-U', 'app'], intervalMs: 2000, timeoutMs: 500, retries: 5, startPeriodMs: 10000 });
    assert.equal(db.line, 13, 'the service points at its declaration in the base file');
    assert.equal(db.file, path.join(fixtures, 'shop', 'compose.yaml'));
    assert.deepEqual(db.labels, { 'dockerdb.engine': 'postgres', costs: '$5' });
    const app = service(shop, 'app');
    assert.deepEqual(app.dependsOn.map((d) => `${d.service}:${d.condition}:${d.required}`), ['db:service_healthy:true', 'cache:service_started:false', 'worker:service_started:true']);
    assert.deepEqual(app.labels, { tier: 'web-dev', replicas: '2' });
    assert.equal(service(shop, 'worker').file, path.join(fixtures, 'shop', 'compose.override.yaml'));
  });

  it('reads env_file values first and lets environment win; keeps quotes and $ from .env literal', () => {
    assert.deepEqual(service(shop, 'db').environment, {
      POSTGRES_PASSWORD: 'from-env-file',
      POSTGRES_DB: 'shop_dev',
      POSTGRES_INITDB_ARGS: '--auth=scram-sha-256',
      POSTGRES_USER: 'app',
      PGDATA: null,
    });
    assert.equal(service(shop, 'app').environment.DATABASE_URL, 'postgres://app:pa$$word #not-a-comment@db/shop');
  });

  it('reports a missing env_file and an unreadable compose file without throwing', async () => {
    const p = await loadComposeProject([path.join(fixtures, 'shop', 'compose.yaml'), path.join(fixtures, 'shop', 'nope.yaml')], { env: { COMPOSE_PROJECT_NAME: 'ok' } });
    assert.equal(p.name, 'ok');
    assert.ok(p.errors.some((e) => e.line === 0 && /nope\.yaml: ENOENT/.test(e.message)), JSON.stringify(p.errors));
    const q = parseComposeProject([{ file: '/ws/x/compose.yaml', text: 'services:\n  db:\n    image: x\n    env_file: [missing.env, {path: optional.env, required: false}]\n' }]);
    assert.deepEqual(q.errors.map((e) => e.message), ['Service "db": env_file /ws/x/missing.env does not exist.']);
  });
});
