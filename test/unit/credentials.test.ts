import * as assert from 'node:assert/strict';
import { completeCredentials, envMap, planCredentials } from '../../src/core/engines/credentials';
import { formatEndpoint, hostEndpoints } from '../../src/core/docker/endpoints';
import { demux } from '../../src/core/docker/wait';

describe('credentials from a container environment', () => {
  it('reads the official postgres variables with their defaults', () => {
    assert.deepEqual(planCredentials('postgres', envMap(['POSTGRES_PASSWORD=pw'])).credentials, {
      engine: 'postgres', user: 'postgres', password: 'pw', database: 'postgres', passwordSource: 'POSTGRES_PASSWORD', trust: false,
    });
    const c = planCredentials('postgres', envMap(['POSTGRES_USER=app', 'POSTGRES_PASSWORD=a=b', 'POSTGRES_DB=shop'])).credentials;
    assert.deepEqual([c.user, c.password, c.database], ['app', 'a=b', 'shop']);
    assert.equal(planCredentials('postgres', envMap(['POSTGRES_HOST_AUTH_METHOD=trust'])).credentials.trust, true);
  });

  it('reads Bitnami variables', () => {
    const c = planCredentials('postgres', envMap(['POSTGRESQL_USERNAME=bn', 'POSTGRESQL_PASSWORD=x', 'POSTGRESQL_DATABASE=d'])).credentials;
    assert.deepEqual([c.user, c.password, c.database], ['bn', 'x', 'd']);
  });

  it('plans *_FILE reads and completes them, defaulting the database to the user read from a file', () => {
    const plan = planCredentials('postgres', envMap(['POSTGRES_USER_FILE=/run/secrets/u', 'POSTGRES_PASSWORD_FILE=/run/secrets/p']));
    assert.deepEqual(plan.files.map((f) => [f.field, f.path]), [['user', '/run/secrets/u'], ['password', '/run/secrets/p']]);
    assert.equal(plan.credentials.user, null);
    const done = completeCredentials(plan, { user: 'filed\n', password: 'secret\n' });
    assert.deepEqual([done.user, done.password, done.database, done.passwordSource], ['filed', 'secret', 'filed', 'POSTGRES_PASSWORD_FILE']);
  });

  it('MySQL: the app user when set, else root with the root password', () => {
    const app = planCredentials('mysql', envMap(['MYSQL_USER=app', 'MYSQL_PASSWORD=p', 'MYSQL_DATABASE=d', 'MYSQL_ROOT_PASSWORD=r'])).credentials;
    assert.deepEqual([app.user, app.password, app.database], ['app', 'p', 'd']);
    const root = planCredentials('mysql', envMap(['MYSQL_ROOT_PASSWORD=r'])).credentials;
    assert.deepEqual([root.user, root.password, root.passwordSource], ['root', 'r', 'MYSQL_ROOT_PASSWORD']);
    const maria = planCredentials('mariadb', envMap(['MARIADB_ROOT_PASSWORD=m'])).credentials;
    assert.deepEqual([maria.user, maria.password], ['root', 'm']);
  });

  it('Redis: password from REDIS_PASSWORD or --requirepass; ClickHouse defaults', () => {
    assert.equal(planCredentials('redis', {}, ['redis-server', '--requirepass', 'rp']).credentials.password, 'rp');
    const ch = planCredentials('clickhouse', {}).credentials;
    assert.deepEqual([ch.user, ch.database, ch.password], ['default', 'default', null]);
  });
});

describe('host endpoints of published ports', () => {
  it('maps wildcard bindings to localhost once and marks loopback-only bindings', () => {
    const eps = hostEndpoints({
      engine: 'postgres',
      ports: [
        { hostIp: '0.0.0.0', hostPort: 5432, containerPort: 5432, protocol: 'tcp' },
        { hostIp: '::', hostPort: 5432, containerPort: 5432, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: 6000, containerPort: 5432, protocol: 'tcp' },
        { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 8080, protocol: 'tcp' },
      ],
    });
    assert.deepEqual(eps.map((e) => [formatEndpoint(e), e.wildcard, e.loopbackOnly]), [
      ['localhost:5432', true, false],
      ['127.0.0.1:6000', false, true],
    ]);
    assert.equal(formatEndpoint(hostEndpoints({ engine: null, ports: [{ hostIp: '::1', hostPort: 1, containerPort: 2, protocol: 'tcp' }] })[0]), '[::1]:1');
  });
});

describe('Docker log demultiplexing', () => {
  it('strips 8-byte frame headers and passes TTY output through', () => {
    const frame = (stream: number, text: string): Buffer => {
      const body = Buffer.from(text);
      const head = Buffer.alloc(8);
      head[0] = stream;
      head.writeUInt32BE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    assert.equal(demux(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])), 'out\nerr\n');
    assert.equal(demux(Buffer.from('plain tty text')), 'plain tty text');
  });
});
