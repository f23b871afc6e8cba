import * as assert from 'node:assert/strict';
import { ActualDatabase, compareTarget } from '../../src/core/diagnostics/configCompare';
import { connectionTargets, entriesFromCompose, entriesFromDotEnv, entriesFromJson } from '../../src/core/diagnostics/configParse';
import { lookupIn } from '../../src/core/compose/interpolate';

const SECRET = 'S3cret_pw-1';
const db: ActualDatabase = { name: 'shop-db-1', service: 'db', aliases: ['shop-db-1', 'db'], hostPorts: [55432], containerPort: 5432, user: 'app', password: SECRET, database: 'shop', otherHostPorts: [55999] };

function findings(text: string, file = '/w/.env') {
  return connectionTargets(entriesFromDotEnv(text, file)).flatMap((t) => compareTarget(t, db));
}

describe('diagnostics: workspace configuration', () => {
  it('reads .env lines with their line numbers, only connection settings', () => {
    const e = entriesFromDotEnv(`# comment\nAPP_NAME=x\nDATABASE_URL=postgres://app:${SECRET}@localhost:55432/shop\n\nexport PGPORT=55432\n`, '/w/.env');
    assert.deepEqual(e.map((x) => [x.key, x.line]), [['DATABASE_URL', 3], ['PGPORT', 5]]);
  });

  it('a DATABASE_URL with the right port, user, database and password: no finding', () => {
    assert.deepEqual(findings(`DATABASE_URL=postgres://app:${SECRET}@127.0.0.1:55432/shop\n`), []);
  });

  it('wrong port: names the file line, the published port, never the password', () => {
    const f = findings(`A=1\nDATABASE_URL=postgresql://app:${SECRET}@localhost:5433/shop\n`);
    assert.deepEqual(f.map((x) => [x.code, x.entry.line, x.entry.file]), [['wrong-port', 2, '/w/.env']]);
    assert.match(f[0].detail, /DATABASE_URL points at localhost:5433, where no container publishes PostgreSQL; shop-db-1 publishes it on host port 55432\./);
    assert.equal(f[0].fix, 'Change the port in DATABASE_URL to 55432.');
    assert.ok(!JSON.stringify(f).replace(/"value":"[^"]*"/g, '').includes(SECRET));
  });

  it('a URL on another container\'s port, or another host, is about another database', () => {
    assert.deepEqual(findings('DATABASE_URL=postgres://x:y@localhost:55999/other\nOTHER_URL=postgres://app:z@db.example.com:5432/shop\n'), []);
  });

  it('wrong user, wrong database, password mismatch (the password is not shown)', () => {
    const f = findings(`PGHOST=localhost\nPGPORT=55432\nPGUSER=admin\nPGPASSWORD=nope\nPGDATABASE=store\n`);
    assert.deepEqual(f.map((x) => [x.code, x.entry.key, x.entry.line]).sort(), [['wrong-database', 'PGDATABASE', 5], ['wrong-password', 'PGPASSWORD', 4], ['wrong-user', 'PGUSER', 3]]);
    const pw = f.find((x) => x.code === 'wrong-password');
    assert.doesNotMatch(`${pw?.detail} ${pw?.fix}`, /nope|S3cret/);
  });

  it('settings without an address: POSTGRES_* inside the container\'s compose project only; DB_* never (it may be another engine)', () => {
    const text = 'POSTGRES_USER=admin\nDB_USER=root\n';
    assert.deepEqual(connectionTargets(entriesFromDotEnv(text, '/w/.env')).flatMap((t) => compareTarget(t, { ...db, workingDir: '/w' })).map((x) => [x.code, x.entry.key]), [['wrong-user', 'POSTGRES_USER']]);
    assert.deepEqual(connectionTargets(entriesFromDotEnv(text, '/elsewhere/.env')).flatMap((t) => compareTarget(t, { ...db, workingDir: '/w' })), []);
    assert.deepEqual(findings(text), [], 'a container outside compose: no project to tie them to');
  });

  it('compose: localhost inside another service is wrong; the service name with the host port too; the db service itself is compared as its definition', () => {
    const compose = `services:
  db:
    image: postgres:15
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: \${DB_PASSWORD}
      POSTGRES_DB: shop
  api:
    image: node
    environment:
      - DATABASE_URL=postgres://app:\${DB_PASSWORD}@localhost:5432/shop
    env_file: api.env
  worker:
    image: node
    environment:
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db:55432/shop
`;
    const parsed = entriesFromCompose(compose, '/w/compose.yaml', lookupIn({ DB_PASSWORD: SECRET }));
    assert.deepEqual(parsed.envFiles, [{ service: 'api', path: 'api.env' }]);
    assert.deepEqual(parsed.entries.map((e) => [e.service, e.key, e.line]), [['db', 'POSTGRES_USER', 5], ['db', 'POSTGRES_PASSWORD', 6], ['db', 'POSTGRES_DB', 7], ['api', 'DATABASE_URL', 11], ['worker', 'DATABASE_URL', 16]]);
    const f = connectionTargets(parsed.entries).flatMap((t) => compareTarget(t, db));
    assert.deepEqual(f.map((x) => [x.code, x.entry.service, x.entry.line]), [['localhost-in-network', 'api', 11], ['host-port-in-network', 'worker', 16]]);
    assert.match(f[0].detail, /Service "api" connects to localhost \(DATABASE_URL\), but inside its container localhost is that container itself/);
    assert.match(f[0].fix, /"db" and port 5432/);
    const changed = entriesFromCompose(compose.replace('POSTGRES_DB: shop', 'POSTGRES_DB: store'), '/w/compose.yaml', lookupIn({ DB_PASSWORD: SECRET }));
    assert.deepEqual(connectionTargets(changed.entries).flatMap((t) => compareTarget(t, db)).map((x) => [x.code, x.entry.line]), [['wrong-database', 7], ['localhost-in-network', 11], ['host-port-in-network', 16]]);
  });

  it('.vscode JSON(C): env entries of launch.json and settings.json with their lines', () => {
    const launch = `{
  // comment
  "configurations": [
    { "name": "api", "env": { "DATABASE_URL": "postgres://app:${SECRET}@localhost:5433/shop", "PGUSER": "app" } }
  ]
}`;
    const entries = entriesFromJson(launch, '/w/.vscode/launch.json');
    assert.deepEqual(entries.map((e) => [e.key, e.line]), [['DATABASE_URL', 4], ['PGUSER', 4]]);
    const f = connectionTargets(entries).flatMap((t) => compareTarget(t, db));
    assert.deepEqual(f.map((x) => x.code), ['wrong-port']);
  });
});
