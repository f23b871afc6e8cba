/**
 * The failure Docker DB exists for, reproduced: a container's published port that accepts
 * connections on the host (docker-proxy) while traffic to the container is dropped by an iptables
 * rule. The rule carries a per-run comment and is removed exactly (same arguments, with -D).
 */
import { execFile, execFileSync } from 'node:child_process';
import * as net from 'node:net';
import { TEST_RUN_ID, testDocker, withTimeout } from '../../support/docker';

/** execFile with an argv array (never a shell string), bounded. */
export function run(bin: string, args: string[], timeoutMs = 15_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** For a mocha hook: iptables must work (root); throws under CI when it does not, else skips. */
export async function requireIptables(ctx: Mocha.Context): Promise<void> {
  try {
    await run('iptables', ['-w', '5', '-n', '-L', 'OUTPUT'], 15_000);
  } catch (e) {
    const msg = `iptables does not work here (root and iptables are needed to black-hole a port): ${e instanceof Error ? e.message.split('\n')[0] : e}`;
    if (process.env.CI) throw new Error(msg);
    console.warn(`[e2e] skipping: ${msg}`);
    ctx.skip();
  }
}

/**
 * One TCP connect to 127.0.0.1:port plus PostgreSQL's SSLRequest, watched for `ms`: whether the
 * connection was accepted and whether anything answered. (Checks the black hole really is one.)
 */
export function tcpCheck(port: number, ms: number): Promise<{ accepted: boolean; answered: boolean; error: string | null }> {
  return new Promise((resolve) => {
    let accepted = false;
    let done = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (answered: boolean, error: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ accepted, answered, error });
    };
    const timer = setTimeout(() => finish(false, null), ms);
    socket.once('connect', () => {
      accepted = true;
      socket.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]));
    });
    socket.once('data', () => finish(true, null));
    socket.once('error', (e) => finish(false, e.message));
    socket.once('close', () => finish(false, 'closed'));
  });
}

export interface BlackHole {
  /** The container's IP the rule drops traffic to. */
  ip: string;
  /** Removes the rule (idempotent). Call before the container goes: Docker may hand its IP out again. */
  remove(): Promise<void>;
}

/**
 * Drops TCP traffic from the host to `containerId`:5432 (iptables OUTPUT, comment
 * `dockerdb-e2e-<run id>`). A process 'exit' handler removes the rule if `remove` never ran.
 */
export async function blackHolePostgres(containerId: string): Promise<BlackHole> {
  const info = await withTimeout(testDocker().getContainer(containerId).inspect(), 10_000, `inspect ${containerId}`);
  const ip = Object.values(info.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress || (info.NetworkSettings as { IPAddress?: string }).IPAddress;
  if (!ip || !net.isIPv4(ip)) throw new Error(`container IP of ${containerId}: ${JSON.stringify(ip)}`);
  const rule = ['OUTPUT', '-d', ip, '-p', 'tcp', '--dport', '5432', '-m', 'comment', '--comment', `dockerdb-e2e-${TEST_RUN_ID}`, '-j', 'DROP'];
  await run('iptables', ['-w', '5', '-I', ...rule]);
  let active = true;
  const onExit = () => {
    if (!active) return;
    try {
      execFileSync('iptables', ['-w', '5', '-D', ...rule], { timeout: 10_000, stdio: 'ignore' });
    } catch {
      // nothing more to do
    }
  };
  process.on('exit', onExit);
  return {
    ip,
    remove: async () => {
      if (!active) return;
      await run('iptables', ['-w', '5', '-D', ...rule]);
      active = false;
      process.removeListener('exit', onExit);
    },
  };
}
