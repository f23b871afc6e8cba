/**
 * Migration status figures (issue 7): 1,000 Flyway migration files (checksums recomputed, CRC32)
 * against 1,000 history rows, over the direct and the exec transport, each beside the raw psql
 * baseline selecting the same rows. Goal: under 1 s.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { flywayChecksum } from '../../src/core/migrations/checksums/flyway';
import { CatalogCache, computeMigrationStatus, HISTORY_ROW_LIMIT } from '../../src/core/migrations/status';
import type { QueryTransport } from '../../src/core/transport/types';
import { PgTransports, startPgTransports } from '../support/pgTransports';
import { runProcess, summarize, timeIt, Stats } from './measure';
import type { Row } from './table';

const COUNT = 1000;
const HISTORY = 'SELECT installed_rank, version, description, type, script, checksum, installed_on, success FROM flyway_schema_history ORDER BY installed_rank';

function fileText(i: number): string {
  return `-- migration ${i}\nCREATE TABLE IF NOT EXISTS t${i} (id bigint PRIMARY KEY, note text);\nCREATE INDEX IF NOT EXISTS t${i}_note ON t${i} (note);\n`;
}

async function writeWorkspace(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dockerdb-bench-mig-'));
  await fs.mkdir(path.join(root, 'sql'));
  for (let i = 1; i <= COUNT; i++) await fs.writeFile(path.join(root, 'sql', `V${i}__create_t${i}.sql`), fileText(i));
  return root;
}

function historySql(): string {
  const values: string[] = [];
  for (let i = 1; i <= COUNT; i++) values.push(`(${i}, '${i}', 'create t${i}', 'SQL', 'V${i}__create_t${i}.sql', ${flywayChecksum(fileText(i))}, 'bench', now(), 1, true)`);
  return `CREATE TABLE "flyway_schema_history" ("installed_rank" INT NOT NULL PRIMARY KEY, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL, "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
INSERT INTO flyway_schema_history VALUES ${values.join(',\n')};`;
}

async function timeRaw(argv: string[], runs: number, env?: NodeJS.ProcessEnv): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = await runProcess(argv, { env, timeoutMs: 60000 });
    if (r.code !== 0 || !r.stdout.includes(`V${COUNT}__`)) throw new Error(`${argv.slice(0, 3).join(' ')}: exit ${r.code} ${r.stderr.slice(0, 200)}`);
    if (i > 0) samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return summarize(samples);
}

async function timeStatus(transport: QueryTransport, root: string, runs: number, catalogCache?: CatalogCache): Promise<Stats> {
  return timeIt(
    async () => {
      const r = await computeMigrationStatus({ run: (sql) => transport.run(sql, { rowLimit: HISTORY_ROW_LIMIT }), roots: [root], catalogCache });
      const flyway = r.tools.find((t) => t.tool === 'flyway');
      if (!flyway || flyway.applied.length !== COUNT || flyway.checksumMismatch.length !== 0 || flyway.pending.length !== 0) {
        throw new Error(`unexpected status: ${JSON.stringify(r.tools.map((t) => [t.tool, t.applied.length, t.pending.length, t.checksumMismatch.length, t.notes]))}`);
      }
    },
    { warmup: 1, runs },
  );
}

export async function benchMigrations(opts: { runs: number; log: (s: string) => void }): Promise<Row[]> {
  const rows: Row[] = [];
  let pg: PgTransports | undefined;
  let root: string | undefined;
  try {
    [pg, root] = await Promise.all([startPgTransports({ labels: { 'dockerdb.bench': 'migrations' } }), writeWorkspace()]);
    const setup = await pg.direct.run(historySql());
    if (setup.error) throw new Error(setup.error.message);
    opts.log(`  migrations: ${COUNT} Flyway files in ${root}, ${COUNT} history rows`);
    const { fx } = pg;
    const label = `${COUNT} files + ${COUNT} history rows`;

    const rawTcp = await timeRaw(['psql', '-X', '-h', '127.0.0.1', '-p', String(fx.hostPort), '-U', fx.user, '-d', fx.db, '--csv', '-c', HISTORY], opts.runs, { ...process.env, PGPASSWORD: fx.password });
    const direct = await timeStatus(pg.direct, root, opts.runs);
    rows.push({ figure: `migration status via direct, ${label}`, unit: 'ms', value: direct, baseline: rawTcp, baselineLabel: 'psql -h 127.0.0.1 selecting the history', goal: 1000, note: 'goal: under 1 s' });

    const rawExec = await timeRaw(['docker', 'exec', fx.id, 'psql', '-X', '-U', fx.user, '-d', fx.db, '--csv', '-c', HISTORY], opts.runs);
    const exec = await timeStatus(pg.exec, root, opts.runs);
    rows.push({ figure: `migration status via exec, ${label}`, unit: 'ms', value: exec, baseline: rawExec, baselineLabel: 'docker exec psql selecting the history', goal: 1000, note: 'goal: under 1 s; two docker execs (catalog, then history)' });
    const refresh = await timeStatus(pg.exec, root, opts.runs, {});
    rows.push({ figure: `migration status refresh via exec (catalog cache), ${label}`, unit: 'ms', value: refresh, baseline: rawExec, baselineLabel: 'docker exec psql selecting the history', goal: 1000, note: 'goal: under 1 s; one docker exec, as the Migrations view refreshes' });
  } catch (e) {
    rows.push({ figure: 'migration status figures', unit: 'ms', value: null, baseline: null, baselineLabel: '-', error: (e as Error).stack ?? String(e) });
  } finally {
    await pg?.close().catch(() => undefined);
    await pg?.fx.remove().catch(() => undefined);
    if (root) await fs.rm(root, { recursive: true, force: true });
  }
  return rows;
}
