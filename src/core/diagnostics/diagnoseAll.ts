/**
 * `diagnoseAll`: one report per database container on the engine (running or not), diagnosed
 * in parallel over one engine connection. When the engine cannot be reached, one report says so.
 */
import type { DiagnosisReport } from '../../shared/diagnostics';
import { listContainers } from '../docker/containers';
import { withTimeout } from '../util/timeout';
import { engineCheck } from './containerStage';
import { diagnoseAfterEngine, diagnoseContainer, DiagnoseOptions } from './runner';

/** Containers diagnosed at once; each diagnosis itself runs its checks in parallel. */
const CONCURRENCY = 4;

export async function diagnoseAll(options: DiagnoseOptions = {}): Promise<DiagnosisReport[]> {
  const started = Date.now();
  const api = options.apiBudgetMs ?? 2000;
  const engine = await engineCheck(options, api);
  const connected = engine.connected;
  // The single report names the unreachable engine with its own explanation (one connection attempt, not two).
  if (!connected) return [await diagnoseAfterEngine('(any database container)', engine, options, started)];
  const all = await withTimeout(listContainers(connected.docker, { all: true }), api * 2, 'list containers');
  const names = all.filter((c) => c.engine !== null).map((c) => c.name);
  const reports: DiagnosisReport[] = [];
  for (let i = 0; i < names.length; i += CONCURRENCY) {
    reports.push(...(await Promise.all(names.slice(i, i + CONCURRENCY).map((n) => diagnoseContainer(n, { ...options, connected })))));
  }
  return reports;
}
