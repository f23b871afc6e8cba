import * as assert from 'node:assert/strict';
import { logsOutcome, scanLogs } from '../../src/core/diagnostics/logSignatures';

/** Lines as PostgreSQL 15 and the official image write them. */
const HEALTHY = `The files belonging to this database system will be owned by user "postgres".
This user must also own the server process.
initdb: warning: enabling "trust" authentication for local connections
PostgreSQL init process complete; ready for start up.
2026-11-24 19:22:48.530 UTC [1] LOG:  starting PostgreSQL 15.14 (Debian 15.14-0+deb12u1) on x86_64-pc-linux-gnu
2026-11-24 19:22:48.531 UTC [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432
2026-11-24 19:22:48.531 UTC [1] LOG:  listening on IPv6 address "::", port 5432
2026-11-24 19:22:48.540 UTC [52] LOG:  database system was shut down at 2026-11-24 19:22:48 UTC
2026-11-24 19:22:48.545 UTC [1] LOG:  database system is ready to accept connections
`;

const CASES: Array<[string, string]> = [
  ['auth-failed', '2026-11-24 19:30:01.120 UTC [88] FATAL:  password authentication failed for user "postgres"'],
  ['role-missing', '2026-11-24 19:30:01.120 UTC [89] FATAL:  role "app" does not exist'],
  ['database-missing', '2026-11-24 19:30:01.120 UTC [90] FATAL:  database "shop" does not exist'],
  ['address-in-use', '2026-11-24 19:30:01.120 UTC [1] LOG:  could not bind IPv4 address "0.0.0.0": Address already in use'],
  ['out-of-memory', '2026-11-24 19:30:01.120 UTC [1] LOG:  server process (PID 123) was terminated by signal 9: Killed'],
  ['too-many-connections', '2026-11-24 19:30:01.120 UTC [91] FATAL:  sorry, too many clients already'],
  ['starting-up', '2026-11-24 19:30:01.120 UTC [92] FATAL:  the database system is starting up'],
  ['migration-failed', '2026-11-24 19:30:01.120 UTC [93] ERROR:  relation "users" already exists'],
  ['host-not-found', 'psql: error: could not translate host name "db" to address: Name or service not known'],
  ['data-dir-incompatible', '2026-11-24 19:30:01.120 UTC [1] DETAIL:  The data directory was initialized by PostgreSQL version 14, which is not compatible with this version 15.14.'],
  ['permission-denied', '2026-11-24 19:30:01.120 UTC [1] FATAL:  data directory "/var/lib/postgresql/data" has wrong ownership'],
  ['no-password', 'Error: Database is uninitialized and superuser password is not specified.'],
];

describe('diagnostics: log signatures', () => {
  it('a healthy start matches nothing and passes', () => {
    assert.deepEqual(scanLogs(HEALTHY), []);
    const o = logsOutcome(HEALTHY, 100);
    assert.equal(o.status, 'pass');
    assert.match(o.detail, /No known problem in the last 100 log lines/);
  });

  for (const [id, line] of CASES) {
    it(`recognises ${id}`, () => {
      const found = scanLogs(`${HEALTHY}${line}\n`);
      assert.deepEqual(found.map((m) => m.signature.id), [id]);
      assert.equal(found[0].line, line.trim());
      assert.ok(found[0].signature.meaning.length > 20 && found[0].signature.fix.length > 10);
    });
  }

  it('counts repeats, keeps the newest line, and warns with the meaning, the line and the fix (redacted)', () => {
    const logs = `${CASES[0][1]}\n${CASES[2][1]}\n2026-11-24 19:31:00.000 UTC [95] FATAL:  password authentication failed for user "secret-user"\n`;
    const found = scanLogs(logs);
    assert.deepEqual(found.map((m) => [m.signature.id, m.count]), [['auth-failed', 2], ['database-missing', 1]]);
    assert.match(found[0].line, /secret-user/);
    const o = logsOutcome(logs, 100, (t) => t.replace(/secret-user/g, '***'));
    assert.equal(o.status, 'warn');
    assert.equal(o.code, 'auth-failed');
    assert.match(o.detail, /^The recent logs show 2 known problems: A client tried to log in with a wrong password .*\(2×, last: ".*\*\*\*""\)/);
    assert.doesNotMatch(o.detail, /secret-user/);
    assert.match(o.fix ?? '', /POSTGRES_PASSWORD.*createdb/);
  });
});
