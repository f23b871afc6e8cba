import * as assert from 'node:assert/strict';
import { decodeIpv4, decodeIpv6, listenScope, parseProcNetTcp } from '../../src/core/diagnostics/procNet';
import { listenerOutcome } from '../../src/core/diagnostics/insideChecks';

// Captured from `docker exec <fixture> cat /proc/net/tcp /proc/net/tcp6` (trimmed), plus made-up rows.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 374654 1 00000000f73200fc 100 0 0 10 0
   1: 0B00007F:AB83 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 374906 1 0000000069a7bc10 100 0 0 10 0
   2: 030013AC:1538 010013AC:E93C 06 00000000:00000000 03:000013E2 00000000     0        0 0 3 000000000301ed3a
   3: 0100007F:88CE 0100007F:1538 01 00000000:00000000 03:000002AC 00000000     0        0 0 3 000000001e90028f
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 374655 1 0000000000000000 100 0 0 10 0
`;
const LOOPBACK_ONLY = `  sl  local_address rem_address   st
   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 1 1 0 100 0 0 10 0
   1: 00000000000000000000000001000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 101 0 2 1 0 100 0 0 10 0
`;

describe('diagnostics: /proc/net/tcp parsing', () => {
  it('decodes little-endian IPv4 and IPv6 addresses', () => {
    assert.equal(decodeIpv4('0100007F'), '127.0.0.1');
    assert.equal(decodeIpv4('00000000'), '0.0.0.0');
    assert.equal(decodeIpv4('030013AC'), '172.19.0.3');
    assert.equal(decodeIpv6('00000000000000000000000000000000'), '::');
    assert.equal(decodeIpv6('00000000000000000000000001000000'), '::1');
    assert.equal(decodeIpv6('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1');
    assert.equal(decodeIpv6('000080FE00000000FF0200000100FEFF').startsWith('fe80::'), true);
  });

  it('keeps only LISTEN sockets (state 0A), with port 1538 hex = 5432 and the socket inode', () => {
    const l = parseProcNetTcp(TCP + TCP6);
    assert.deepEqual(l, [
      { address: '0.0.0.0', port: 5432, family: 4, inode: 374654 },
      { address: '127.0.0.11', port: 43907, family: 4, inode: 374906 },
      { address: '::', port: 5432, family: 6, inode: 374655 },
    ]);
  });

  it('tells reachable, loopback-only and missing listeners apart', () => {
    assert.deepEqual(listenScope(parseProcNetTcp(TCP + TCP6), 5432), { scope: 'reachable', addresses: ['0.0.0.0', '::'] });
    assert.deepEqual(listenScope(parseProcNetTcp(LOOPBACK_ONLY), 5432), { scope: 'loopback-only', addresses: ['127.0.0.1', '::1'] });
    assert.deepEqual(listenScope(parseProcNetTcp(TCP), 5433), { scope: 'none', addresses: [] });
    assert.deepEqual(parseProcNetTcp('garbage\n\n'), []);
  });

  it('says what a missing or loopback-only listener means and what to do', () => {
    const loop = listenerOutcome(LOOPBACK_ONLY, 5432, { container: 'db' });
    assert.equal(loop.status, 'fail');
    assert.match(loop.detail, /only on 127\.0\.0\.1, ::1/);
    assert.match(loop.fix ?? '', /listen_addresses = '\*'/);
    const none = listenerOutcome(TCP, 5433, { container: 'db' });
    assert.equal(none.status, 'fail');
    assert.match(none.detail, /Nothing listens on port 5433/);
    assert.equal(listenerOutcome(TCP + TCP6, 5432, { container: 'db' }).status, 'pass');
  });
});
