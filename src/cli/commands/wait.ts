import { connectDocker } from '../../core/docker/client';
import { waitUntilHealthy, WaitError } from '../../core/docker/wait';
import type { CommandContext } from '../context';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../context';

/** `dockerdb wait <container> [--timeout S]`: 0 once healthy (or running without a health check). */
export async function waitCommand(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length !== 1) {
    ctx.io.stderr('dockerdb wait: expected exactly one container name or id.\n');
    return EXIT_USAGE;
  }
  const seconds = ctx.values.timeout !== undefined ? Number(ctx.values.timeout) : 60;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    ctx.io.stderr(`dockerdb wait: --timeout must be a positive number of seconds, got "${ctx.values.timeout}".\n`);
    return EXIT_USAGE;
  }
  const { docker } = await connectDocker(ctx.connectOptions);
  let lastLine = '';
  try {
    const result = await waitUntilHealthy(docker, args[0], {
      timeoutMs: seconds * 1000,
      signal: ctx.signal,
      onProgress: (p) => {
        const line = `${p.state}${p.health !== 'none' ? ` (${p.health})` : ''}`;
        if (line !== lastLine && !ctx.values.quiet) {
          lastLine = line;
          ctx.io.stderr(`${args[0]}: ${line} after ${(p.elapsedMs / 1000).toFixed(1)} s\n`);
        }
      },
    });
    ctx.io.stdout(`${result.name} is ${result.status} (${(result.elapsedMs / 1000).toFixed(1)} s)\n`);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof WaitError) {
      ctx.io.stderr(`dockerdb wait: ${err.message}\n`);
      return EXIT_FAILURE;
    }
    throw err;
  }
}
