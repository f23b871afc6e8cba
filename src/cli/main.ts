/**
 * `dockerdb`: the command-line front end over the same core as the extension.
 */
import { parseArgs } from 'node:util';
import { connectDocker, DockerUnreachableError } from '../core/docker/client';
import { listContainers } from '../core/docker/containers';
import { psJson, psTable } from './commands/ps';

const USAGE = `Usage: dockerdb <command> [options]

Commands:
  ps [--all] [--json]     List containers with engine, state, health and published ports.

Global options:
  --host URL              Docker endpoint (overrides DOCKER_HOST / Docker contexts).
  --timeout MS            Engine API timeout in milliseconds (default 5000).
  -h, --help              Show this help.
  -v, --version           Show the version.
`;

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

declare const __VERSION__: string | undefined;

export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        all: { type: 'boolean', short: 'a' },
        json: { type: 'boolean' },
        host: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    io.stderr(`dockerdb: ${(err as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
    return EXIT_OK;
  }
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    io.stdout(USAGE);
    return command === undefined && !values.help ? EXIT_USAGE : EXIT_OK;
  }
  const timeoutMs = values.timeout !== undefined ? Number(values.timeout) : 5000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    io.stderr(`dockerdb: --timeout must be a positive number of milliseconds, got "${values.timeout}".\n`);
    return EXIT_USAGE;
  }
  switch (command) {
    case 'ps': {
      if (positionals.length > 1) {
        io.stderr(`dockerdb ps: unexpected argument "${positionals[1]}".\n`);
        return EXIT_USAGE;
      }
      try {
        const { docker } = await connectDocker({ setting: values.host, overrideLabel: 'the --host option', timeoutMs });
        const containers = await listContainers(docker, { all: values.all ?? false });
        io.stdout(values.json ? psJson(containers) : psTable(containers));
        return EXIT_OK;
      } catch (err) {
        io.stderr(`dockerdb: ${err instanceof DockerUnreachableError ? err.message : `listing containers failed: ${(err as Error).message}`}\n`);
        return EXIT_FAILURE;
      }
    }
    default:
      io.stderr(`dockerdb: unknown command "${command}".\n\n${USAGE}`);
      return EXIT_USAGE;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`dockerdb: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
