/**
 * Who listens on a host port on this machine: /proc/net/tcp{,6} for the sockets, /proc/<pid>/fd
 * for their owners where readable (root, or the same user). Linux only; elsewhere: nothing known.
 */
import { promises as fs } from 'node:fs';
import { Listener, parseProcNetTcp } from './procNet';

export interface PortOwner {
  address: string;
  family: 4 | 6;
  /** Process id and name, when /proc/<pid>/fd could be read. */
  pid?: number;
  command?: string;
}

/** Stops the /proc scan on machines with very many processes. */
const MAX_PIDS = 4000;

async function socketOwners(inodes: ReadonlySet<number>): Promise<Map<number, { pid: number; command: string }>> {
  const found = new Map<number, { pid: number; command: string }>();
  const pids = (await fs.readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p)).slice(0, MAX_PIDS);
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const target = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (!m || !inodes.has(Number(m[1])) || found.has(Number(m[1]))) continue;
        const command = (await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        found.set(Number(m[1]), { pid: Number(pid), command });
      }
    }),
  );
  return found;
}

/**
 * Listeners on `port` in this machine's network namespace, with their process when known.
 * `ignore`: listeners not worth a /proc scan (e.g. the container's own forwarding address).
 */
export async function hostPortOwners(port: number, ignore: (l: Pick<PortOwner, 'address' | 'family'>) => boolean = () => false): Promise<PortOwner[]> {
  const texts = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((f) => fs.readFile(f, 'utf8').catch(() => '')));
  const listeners: Listener[] = parseProcNetTcp(texts.join('\n')).filter((l) => l.port === port && !ignore(l));
  if (listeners.length === 0) return [];
  const owners = await socketOwners(new Set(listeners.map((l) => l.inode).filter((i): i is number => i !== undefined)));
  return listeners.map((l) => {
    const o = l.inode !== undefined ? owners.get(l.inode) : undefined;
    return { address: l.address, family: l.family, ...(o ? { pid: o.pid, command: o.command } : {}) };
  });
}

export function describeOwner(o: PortOwner): string {
  const at = o.family === 6 ? `[${o.address}]` : o.address;
  return o.pid !== undefined ? `${o.command} (pid ${o.pid}) on ${at}` : `an unknown process on ${at}`;
}
