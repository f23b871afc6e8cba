/**
 * The editor's status source keeps a catalog cache per container: a refresh of the same container
 * sends its history queries with the catalog query, in one round trip.
 */
import * as assert from 'node:assert/strict';
import { CATALOG_SQL } from '../../src/core/migrations/catalog';
import type { QueryService } from '../../src/core/query/service';
import type { ContainerSummary } from '../../src/shared/containers';
import type { QueryResult, StatementResult } from '../../src/shared/results';
import { coreStatusSource } from '../../src/vscode/migrations/statusSource';

const statement = (columns: string[], rows: string[][] = []): StatementResult => ({
  command: `SELECT ${rows.length}`,
  columns: columns.map((name) => ({ name, type: 'text' })),
  rows,
  rowCount: rows.length,
  truncated: false,
});

/** The answer of a PostgreSQL with one node-pg-migrate table (empty) to a read-only batch. */
function answer(sql: string): QueryResult {
  const results = [statement(['idle'], [['t']]), statement([]), statement([])];
  if (sql.includes(CATALOG_SQL)) results.push(statement(['table_schema', 'table_name', 'columns'], [['public', 'pgmigrations', 'id,name,run_on']]));
  if (sql.includes('FROM "public"."pgmigrations"')) results.push(statement(['id', 'name', 'run_on']));
  results.push(statement([]));
  return { transport: 'exec', transportReason: 'test', database: 'app', user: 'app', results, notices: [], error: null, ms: 1 };
}

const container = (id: string): ContainerSummary => ({
  id,
  name: `db-${id}`,
  image: 'postgres:15',
  state: 'running',
  status: 'Up',
  health: 'none',
  exitCode: null,
  engine: 'postgres',
  composeProject: null,
  composeService: null,
  ports: [],
  exposedPorts: [5432],
  created: 1,
  labels: {},
});

describe('migration status source of the editor', () => {
  it('refreshes a container in one round trip (history sent with the catalog); another container starts cold', async () => {
    const sent: Array<{ id: string; sql: string }> = [];
    const queries = {
      run: async (c: ContainerSummary, sql: string) => {
        sent.push({ id: c.id, sql });
        return answer(sql);
      },
    } as unknown as QueryService;
    const source = coreStatusSource(queries);
    const request = (id: string) => ({ container: container(id), roots: [], expectedSchema: {}, via: 'exec' as const });

    const cold = await source(request('a'));
    assert.equal(sent.length, 2, 'catalog, then the history table');
    assert.deepEqual(cold.tools.map((t) => t.tool), ['node-pg-migrate']);
    sent.length = 0;
    const warm = await source(request('a'));
    assert.equal(sent.length, 1, 'one round trip on refresh');
    assert.ok(sent[0].sql.includes(CATALOG_SQL) && sent[0].sql.includes('FROM "public"."pgmigrations"'));
    assert.deepEqual({ ...warm, ms: 0 }, { ...cold, ms: 0 });
    sent.length = 0;
    await source(request('b'));
    assert.deepEqual(sent.map((s) => s.id), ['b', 'b'], 'a cache belongs to one container');
  });
});
