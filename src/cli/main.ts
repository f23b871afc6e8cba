/**
 * `dockerdb`: the command-line front end over the same core as the extension.
 */
import { parseArgs } from 'node:util';
import { DockerUnreachableError } from '../core/docker/client';
import { psCommand } from './commands/ps';
import { waitCommand } from './commands/wait';
import { queryCommand } from './commands/query';
import { doctorCommand } from './commands/doctor';
import { migrationsCommand } from './commands/migrations';
import { CommandContext, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, GlobalValues, Io } from './context';

export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './context';

const USAGE = `Usage: dockerdb <command> [options]

Commands:
  ps [--all] [--json] [--engine E] [--health H]
                          List containers with engine, state, health and published ports.
                          --engine: postgres, mysql, mariadb, redis, clickhouse, mongo, any, none
                          --health: healthy, unhealthy, starting, none (repeat or comma-separate)
  wait <container> [--timeout S]
                          Wait until the container is healthy (or running, without a health
                          check). Exits 1 with the last health-check output on unhealthy, exit,
                          or timeout (default 60 s).
  query <container> [--via auto|direct|exec] [--db NAME] [--json|--csv] [--row-limit N]
        (-c SQL | -f FILE | standard input)
                          Run SQL on a PostgreSQL container: over its published port when it
                          answers, else through docker exec. Exits 1 on an SQL error.
  doctor [container] [--json]
                          Diagnose why a PostgreSQL container cannot be reached (every
                          database container when none is named): engine, container state,
                          restarts and logs, health, published port and who else holds it,
                          TCP on IPv4/IPv6 localhost, PostgreSQL startup, login and SELECT 1,
                          the same inside the container, sibling containers, and the
                          workspace's .env/compose/.vscode settings. The verdict (ok,
                          degraded, down) names the root cause, the working transport and
                          fix steps. Exits 0 ok, 1 degraded, 2 down (the worst of several).
  migrations <container> [--dir PATH] [--json] [--via auto|direct|exec] [--db NAME]
                          Migration status of every tool whose history table is in the
                          database (any schema) or whose files are in the folder (default:
                          the current one): applied, pending, missing, failed, changed
                          checksums, out of order. Reads only. Exits 1 when anything is
                          pending, failed or changed; 2 when the database cannot be read.

Global options:
  --host URL              Docker endpoint (overrides DOCKER_HOST / Docker contexts).
  --api-timeout MS        Engine API timeout in milliseconds (default 5000).
  -q, --quiet             Less progress output.
  -h, --help              Show this help.
  -v, --version           Show the version.
`;

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

declare const __VERSION__: string | undefined;

type Command = (ctx: CommandContext, args: string[]) => Promise<number>;
const COMMANDS: Record<string, Command> = { ps: psCommand, wait: waitCommand, query: (ctx, args) => queryCommand(ctx, args), doctor: doctorCommand, migrations: migrationsCommand };

export async function run(argv: string[], io: Io = processIo, signal?: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        all: { type: 'boolean', short: 'a' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        engine: { type: 'string', multiple: true },
        health: { type: 'string', multiple: true },
        via: { type: 'string' },
        db: { type: 'string' },
        csv: { type: 'boolean' },
        command: { type: 'string', short: 'c' },
        file: { type: 'string', short: 'f' },
        'row-limit': { type: 'string' },
        dir: { type: 'string' },
        host: { type: 'string' },
        timeout: { type: 'string' },
        'api-timeout': { type: 'string' },
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
  const [name, ...args] = positionals;
  if (values.help || name === undefined || name === 'help') {
    io.stdout(USAGE);
    return name === undefined && !values.help ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`dockerdb: unknown command "${name}".\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const apiTimeout = values['api-timeout'] !== undefined ? Number(values['api-timeout']) : 5000;
  if (!Number.isFinite(apiTimeout) || apiTimeout <= 0) {
    io.stderr(`dockerdb: --api-timeout must be a positive number of milliseconds, got "${values['api-timeout']}".\n`);
    return EXIT_USAGE;
  }
  const ctx: CommandContext = {
    io,
    values: values as GlobalValues,
    connectOptions: { setting: values.host, overrideLabel: 'the --host option', timeoutMs: apiTimeout },
    signal,
  };
  try {
    return await command(ctx, args);
  } catch (err) {
    io.stderr(`dockerdb: ${err instanceof DockerUnreachableError ? err.message : `${name} failed: ${(err as Error).message}`}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  run(process.argv.slice(2), processIo, controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`dockerdb: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
