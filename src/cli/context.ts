import type { ConnectOptions } from '../core/docker/client';
import type { TransportMode } from '../core/query/service';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface GlobalValues {
  all?: boolean;
  json?: boolean;
  quiet?: boolean;
  host?: string;
  timeout?: string;
  engine?: string[];
  health?: string[];
  via?: string;
  db?: string;
  csv?: boolean;
  command?: string;
  file?: string;
  'row-limit'?: string;
  dir?: string;
}

export interface CommandContext {
  io: Io;
  values: GlobalValues;
  connectOptions: ConnectOptions;
  signal?: AbortSignal;
}

/**
 * The one container argument and `--via` of a command that runs SQL on a container (`query`,
 * `migrations`); on a usage error, says so on stderr and returns null.
 */
export function containerAndVia(ctx: CommandContext, command: string, args: string[]): { container: string; via: TransportMode } | null {
  if (args.length !== 1) {
    ctx.io.stderr(`dockerdb ${command}: expected exactly one container name or id.\n`);
    return null;
  }
  const via = (ctx.values.via ?? 'auto') as TransportMode;
  if (!['auto', 'direct', 'exec'].includes(via)) {
    ctx.io.stderr(`dockerdb ${command}: --via must be auto, direct or exec, got "${ctx.values.via}".\n`);
    return null;
  }
  return { container: args[0], via };
}
