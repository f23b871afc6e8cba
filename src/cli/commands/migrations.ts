/**
 * `dockerdb migrations <container> [--dir PATH] [--json] [--via auto|direct|exec] [--db NAME]`:
 * migration status of every tool found in the database and the workspace. Reads only.
 * Exit codes: 0 all applied, 1 anything pending, failed or mismatched, 2 usage or unreachable.
 */
import * as fs from 'node:fs/promises';
import { connectDocker, DockerUnreachableError } from '../../core/docker/client';
import { computeMigrationStatus, HISTORY_ROW_LIMIT, MigrationStatusError } from '../../core/migrations/status';
import { QueryService, QueryTargetError } from '../../core/query/service';
import { needsAttention } from '../../shared/migrations';
import type { CommandContext } from '../context';
import { containerAndVia, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../context';
import { formatMigrationsJson, formatMigrationsText } from '../migrationsText';

export async function migrationsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const v = ctx.values;
  const target = containerAndVia(ctx, 'migrations', args);
  if (!target) return EXIT_USAGE;
  const { via } = target;
  if (v.dir !== undefined && !(await isFolder(v.dir))) {
    ctx.io.stderr(`dockerdb migrations: --dir ${v.dir} is not a folder. Give the project folder or its migrations folder.\n`);
    return EXIT_USAGE;
  }
  let service: QueryService | undefined;
  try {
    const { docker } = await connectDocker(ctx.connectOptions);
    const s = (service = new QueryService(async () => docker));
    const container = await s.findContainer(target.container);
    const report = await computeMigrationStatus({
      run: (sql) => s.run(container, sql, { via, database: v.db, rowLimit: HISTORY_ROW_LIMIT, signal: ctx.signal }),
      roots: [process.cwd()],
      dir: v.dir,
      container: container.name,
    });
    ctx.io.stdout(v.json ? formatMigrationsJson(report) : formatMigrationsText(report, v.dir ?? process.cwd()));
    return needsAttention(report) ? EXIT_FAILURE : EXIT_OK;
  } catch (err) {
    if (err instanceof QueryTargetError || err instanceof MigrationStatusError || err instanceof DockerUnreachableError) {
      ctx.io.stderr(`dockerdb migrations: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  } finally {
    await service?.dispose();
  }
}

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
