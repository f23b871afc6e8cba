import * as assert from 'node:assert/strict';
import { MAX_PORT_RANGE, parsePortEntry, PortParseResult } from '../../src/core/compose/ports';

function parse(...entries: unknown[]): PortParseResult {
  const out: PortParseResult = { ports: [], errors: [], warnings: [] };
  for (const e of entries) parsePortEntry(e, out);
  return out;
}

describe('compose ports', () => {
  it('reads the short syntax forms', () => {
    assert.deepEqual(parse('5432', 5432).ports, [
      { containerPort: 5432, protocol: 'tcp' },
      { containerPort: 5432, protocol: 'tcp' },
    ]);
    assert.deepEqual(parse('5433:5432').ports, [{ hostPort: 5433, containerPort: 5432, protocol: 'tcp' }]);
    assert.deepEqual(parse('127.0.0.1:5433:5432/tcp').ports, [{ hostIp: '127.0.0.1', hostPort: 5433, containerPort: 5432, protocol: 'tcp' }]);
    assert.deepEqual(parse('127.0.0.1::5432').ports, [{ hostIp: '127.0.0.1', containerPort: 5432, protocol: 'tcp' }]);
    assert.deepEqual(parse('[::1]:5433:5432').ports, [{ hostIp: '::1', hostPort: 5433, containerPort: 5432, protocol: 'tcp' }]);
    assert.deepEqual(parse('53:53/UDP').ports, [{ hostPort: 53, containerPort: 53, protocol: 'udp' }]);
  });

  it('expands ranges pairwise and keeps a host range for a single container port', () => {
    assert.deepEqual(parse('8000-8001:80-81').ports, [
      { hostPort: 8000, containerPort: 80, protocol: 'tcp' },
      { hostPort: 8001, containerPort: 81, protocol: 'tcp' },
    ]);
    assert.deepEqual(parse('9000-9002').ports.map((p) => p.containerPort), [9000, 9001, 9002]);
    assert.deepEqual(parse('127.0.0.1:8000-8010:80').ports, [{ hostIp: '127.0.0.1', hostPortRange: { start: 8000, end: 8010 }, containerPort: 80, protocol: 'tcp' }]);
  });

  it('bounds large ranges and says so', () => {
    const r = parse('10000-20000');
    assert.equal(r.ports.length, MAX_PORT_RANGE);
    assert.match(r.warnings[0], /10001 ports; only the first 100/);
  });

  it('reads the long syntax', () => {
    assert.deepEqual(parse({ target: 5432, published: '5433', host_ip: '127.0.0.1', protocol: 'tcp', mode: 'host' }).ports, [
      { hostIp: '127.0.0.1', hostPort: 5433, containerPort: 5432, protocol: 'tcp' },
    ]);
    assert.deepEqual(parse({ target: 6379 }).ports, [{ containerPort: 6379, protocol: 'tcp' }]);
    assert.deepEqual(parse({ target: 80, published: '8080-8081' }).ports, [{ hostPortRange: { start: 8080, end: 8081 }, containerPort: 80, protocol: 'tcp' }]);
  });

  it('reports bad ports with a reason and keeps the good ones', () => {
    const r = parse('abc:5432', '70000:5432', '5432/icmp', '8000-8002:80-81', '81-80', { published: 80 }, [1], '5432');
    assert.equal(r.ports.length, 1);
    assert.equal(r.errors.length, 7);
    assert.match(r.errors[0], /Host port "abc" is not a port number/);
    assert.match(r.errors[1], /outside 0-65535/);
    assert.match(r.errors[2], /Protocol "icmp"/);
    assert.match(r.errors[3], /differ in size/);
    assert.match(r.errors[4], /ends before it starts/);
    assert.match(r.errors[5], /"target" \(the container port\) is required/);
    assert.match(r.errors[6], /neither/);
  });
});
