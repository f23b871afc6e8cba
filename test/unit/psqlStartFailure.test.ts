import * as assert from 'node:assert/strict';
import { classifyExecStartFailure } from '../../src/core/transport/psqlMessages';

// Texts as psql 15 and the Docker engine print them (psql's captured from `psql -h /nonexistent`).
const SOCKET_MISSING = 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n';
const SOCKET_REFUSED = 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: Connection refused\n\tIs the server running locally and accepting connections on that socket?\n';
const STARTING = 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  the database system is starting up\n';
const NO_BINARY = 'OCI runtime exec failed: exec failed: unable to start container process: exec: "psql": executable file not found in $PATH: unknown\r\n';

describe('exec transport: why psql did not start', () => {
  it('a missing server socket means the server is not ready, not that psql is missing', () => {
    assert.equal(classifyExecStartFailure(2, SOCKET_MISSING), 'server-not-ready');
    assert.equal(classifyExecStartFailure(2, SOCKET_REFUSED), 'server-not-ready');
    assert.equal(classifyExecStartFailure(2, STARTING), 'server-not-ready');
  });

  it('an image without psql is reported as such', () => {
    assert.equal(classifyExecStartFailure(126, NO_BINARY), 'no-psql');
    assert.equal(classifyExecStartFailure(127, ''), 'no-psql');
    assert.equal(classifyExecStartFailure(null, NO_BINARY), 'no-psql');
  });

  it('a login error is neither', () => {
    // Over the socket, login errors start like the socket errors above.
    assert.equal(classifyExecStartFailure(2, 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  role "nobody" does not exist\n'), null);
    assert.equal(classifyExecStartFailure(2, 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "nope" does not exist\n'), null);
  });
});
