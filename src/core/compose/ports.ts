/**
 * The `ports:` section: short syntax ("5432", "5433:5432", "127.0.0.1:5433:5432/tcp", "[::1]::5432",
 * ranges "8000-8001:80-81") and long syntax ({ target, published, host_ip, protocol }).
 */
import type { ComposePort, ComposePortProtocol } from './model';

/** Ranges expand to at most this many ports; the rest is reported and left out. */
export const MAX_PORT_RANGE = 100;

export interface PortParseResult {
  ports: ComposePort[];
  errors: string[];
  warnings: string[];
}

interface Range {
  start: number;
  end: number;
}

const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

function parseRange(text: string, what: string, errors: string[], allowZero = false): Range | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) {
    errors.push(`${what} "${text}" is not a port number or range.`);
    return undefined;
  }
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  const min = allowZero ? 0 : 1;
  if (start < min || end > 65535 || start > 65535) {
    errors.push(`${what} "${text}" is outside ${min}-65535.`);
    return undefined;
  }
  if (end < start) {
    errors.push(`${what} range "${text}" ends before it starts.`);
    return undefined;
  }
  return { start, end };
}

function parseProtocol(text: string | undefined, errors: string[]): ComposePortProtocol | undefined {
  const p = (text ?? 'tcp').trim().toLowerCase() || 'tcp';
  if (!PROTOCOLS.has(p)) {
    errors.push(`Protocol "${text}" is not tcp, udp or sctp.`);
    return undefined;
  }
  return p as ComposePortProtocol;
}

/** Pairs a container range with an optional host range, bounded by MAX_PORT_RANGE. */
function expand(container: Range, host: Range | undefined, hostIp: string | undefined, protocol: ComposePortProtocol, out: PortParseResult): void {
  const count = container.end - container.start + 1;
  const base: Partial<ComposePort> = hostIp ? { hostIp } : {};
  if (host && count === 1 && host.end > host.start) {
    out.ports.push({ ...base, hostPortRange: { start: host.start, end: host.end }, containerPort: container.start, protocol });
    return;
  }
  if (host && host.end - host.start + 1 !== count) {
    out.errors.push(`Host range ${host.start}-${host.end} and container range ${container.start}-${container.end} differ in size.`);
    return;
  }
  const n = Math.min(count, MAX_PORT_RANGE);
  if (count > MAX_PORT_RANGE) {
    out.warnings.push(`Port range ${container.start}-${container.end} has ${count} ports; only the first ${MAX_PORT_RANGE} are listed.`);
  }
  for (let i = 0; i < n; i++) {
    const port: ComposePort = { ...base, containerPort: container.start + i, protocol };
    if (host && host.start > 0) port.hostPort = host.start + i;
    out.ports.push(port);
  }
}

function stripBrackets(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

/** One short-syntax entry: [[ip:]host:]container[/protocol]. */
export function parseShortPort(spec: string, out: PortParseResult): void {
  const text = spec.trim();
  const slash = text.lastIndexOf('/');
  const errors: string[] = [];
  const protocol = parseProtocol(slash >= 0 ? text.slice(slash + 1) : undefined, errors);
  const parts = (slash >= 0 ? text.slice(0, slash) : text).split(':');
  const n = parts.length;
  const containerText = parts[n - 1];
  const hostText = n >= 2 ? parts[n - 2] : '';
  const ipText = n >= 3 ? stripBrackets(parts.slice(0, n - 2).join(':')) : '';
  const container = parseRange(containerText, 'Container port', errors);
  const host = hostText === '' ? undefined : parseRange(hostText, 'Host port', errors, true);
  if (errors.length > 0 || !container || !protocol) {
    out.errors.push(`Port "${spec}": ${errors.join(' ')}`);
    return;
  }
  expand(container, host, ipText || undefined, protocol, out);
}

/** One long-syntax entry. */
export function parseLongPort(entry: Record<string, unknown>, out: PortParseResult): void {
  const errors: string[] = [];
  const target = entry.target;
  let container: Range | undefined;
  if (typeof target === 'number' || typeof target === 'string') {
    container = parseRange(String(target), 'target', errors);
  } else {
    errors.push('"target" (the container port) is required.');
  }
  const published = entry.published;
  let host: Range | undefined;
  if (typeof published === 'number' || (typeof published === 'string' && published.trim() !== '')) {
    host = parseRange(String(published), 'published', errors, true);
  } else if (published !== undefined && published !== null && published !== '') {
    errors.push('"published" must be a port number or range.');
  }
  const protocol = parseProtocol(typeof entry.protocol === 'string' ? entry.protocol : undefined, errors);
  const hostIp = typeof entry.host_ip === 'string' && entry.host_ip.trim() !== '' ? stripBrackets(entry.host_ip.trim()) : undefined;
  if (errors.length > 0 || !container || !protocol) {
    out.errors.push(`Port ${JSON.stringify(entry)}: ${errors.join(' ')}`);
    return;
  }
  expand(container, host, hostIp, protocol, out);
}

/** One entry of a `ports:` list, whatever its syntax. */
export function parsePortEntry(entry: unknown, out: PortParseResult): void {
  if (typeof entry === 'number') {
    parseShortPort(String(entry), out);
  } else if (typeof entry === 'string') {
    parseShortPort(entry, out);
  } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
    parseLongPort(entry as Record<string, unknown>, out);
  } else {
    out.errors.push(`Port entry ${JSON.stringify(entry)} is neither "host:container" text nor a { target, published } map.`);
  }
}
