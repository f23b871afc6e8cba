import * as fs from 'node:fs/promises';
import { connectDocker } from '../../core/docker/client';
import { formatCsv, formatJson, formatResultText } from '../../core/query/formatText';
import { QueryService, QueryTargetError } from '../../core/query/service';
import type { CommandContext } from '../context';
import { containerAndVia, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../context';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `dockerdb query <container> [--via auto|direct|exec] [--db NAME] [--json|--csv] (-c SQL | -f FILE | stdin)` */
export async function queryCommand(ctx: CommandContext, args: string[], stdin: () => Promise<string> = readStdin): Promise<number> {
  const v = ctx.values;
  const target = containerAndVia(ctx, 'query', args);
  if (!target) return EXIT_USAGE;
  const { via } = target;
  if (v.json && v.csv) {
    ctx.io.stderr('dockerdb query: choose one of --json and --csv.\n');
    return EXIT_USAGE;
  }
  if (v.command !== undefined && v.file !== undefined) {
    ctx.io.stderr('dockerdb query: choose one of -c SQL and -f FILE.\n');
    return EXIT_USAGE;
  }
  const rowLimit = v['row-limit'] !== undefined ? Number(v['row-limit']) : 10000;
  if (!Number.isInteger(rowLimit) || rowLimit <= 0) {
    ctx.io.stderr(`dockerdb query: --row-limit must be a positive whole number, got "${v['row-limit']}".\n`);
    return EXIT_USAGE;
  }
  let sql: string;
  try {
    sql = v.command ?? (v.file !== undefined ? await fs.readFile(v.file, 'utf8') : await stdin());
  } catch (err) {
    ctx.io.stderr(`dockerdb query: cannot read ${v.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.\n`);
    return EXIT_USAGE;
  }
  if (sql.trim() === '') {
    ctx.io.stderr('dockerdb query: no SQL given (use -c, -f or standard input).\n');
    return EXIT_USAGE;
  }
  const { docker } = await connectDocker(ctx.connectOptions);
  const service = new QueryService(async () => docker);
  try {
    const result = await service.run(target.container, sql, { via, database: v.db, rowLimit, signal: ctx.signal });
    if (v.json) ctx.io.stdout(formatJson(result));
    else if (v.csv) result.results.filter((r) => r.columns.length > 0).forEach((r) => ctx.io.stdout(formatCsv(r)));
    else ctx.io.stdout(formatResultText(result));
    if (result.error) {
      if (v.json || v.csv) ctx.io.stderr(`dockerdb query: ERROR ${result.error.code ?? ''}: ${result.error.message}\n`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  } catch (err) {
    ctx.io.stderr(`dockerdb query: ${err instanceof QueryTargetError ? err.message : (err as Error).message}\n`);
    return EXIT_FAILURE;
  } finally {
    await service.dispose();
  }
}
