/**
 * Parses `/proc/net/tcp` and `/proc/net/tcp6` (read inside a container) to tell whether, and on
 * which addresses, something listens on a port. Pure: no I/O.
 */

/** TCP state LISTEN in /proc/net/tcp. */
const LISTEN = '0A';

export interface Listener {
  address: string;
  port: number;
  family: 4 | 6;
  /** Socket inode (column 10), to find the owning process through /proc/<pid>/fd. */
  inode?: number;
}

/** "0100007F" → "127.0.0.1" (the kernel prints the address in host byte order, little-endian here). */
export function decodeIpv4(hex: string): string {
  const bytes: number[] = [];
  for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes.join('.');
}

/** 32 hex digits as four little-endian 32-bit words → compressed IPv6 text ("::", "::1", "::ffff:127.0.0.1"). */
export function decodeIpv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(word.slice(i, i + 2), 16));
  }
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes[i] * 256 + bytes[i + 1]);
  // Compress the longest run of zero groups (length ≥ 2) into "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexs = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hexs.join(':');
  return `${hexs.slice(0, bestStart).join(':')}::${hexs.slice(bestStart + bestLen).join(':')}`;
}

/** Every LISTEN socket in the text of /proc/net/tcp and/or /proc/net/tcp6 (concatenated is fine). */
export function parseProcNetTcp(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+:\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})\s+\S+\s+([0-9A-Fa-f]{2})\b/.exec(line);
    if (!m || m[3].toUpperCase() !== LISTEN) continue;
    const v6 = m[1].length === 32;
    const inode = Number(line.trim().split(/\s+/)[9]);
    out.push({ address: v6 ? decodeIpv6(m[1]) : decodeIpv4(m[1]), port: parseInt(m[2], 16), family: v6 ? 6 : 4, ...(Number.isInteger(inode) && inode > 0 ? { inode } : {}) });
  }
  return out;
}

export type ListenScope = 'none' | 'loopback-only' | 'reachable';

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/** Whether `port` is listened on, and whether only on loopback (unreachable for the port forwarding). */
export function listenScope(listeners: readonly Listener[], port: number): { scope: ListenScope; addresses: string[] } {
  const addresses = [...new Set(listeners.filter((l) => l.port === port).map((l) => l.address))];
  if (addresses.length === 0) return { scope: 'none', addresses };
  return { scope: addresses.every(isLoopback) ? 'loopback-only' : 'reachable', addresses };
}
