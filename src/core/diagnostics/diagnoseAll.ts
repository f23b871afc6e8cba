/**
 * `diagnoseAll`: one report per database container on the engine (running or not), diagnosed
 * in parallel over one engine connection. When the engine cannot be reached, one report says so.
 */
import type { DiagnosisReport } from '../../shared/diagnostics';
import { connectDocker } from '../docker/client';
import { listContainers } from '../docker/containers';
import { withTimeout } from '../util/timeout';
import { diagnoseContainer, DiagnoseOptions } from './runner';

/** Containers diagnosed at once; each diagnosis itself runs its checks in parallel. */
const CONCURRENCY = 4;

export async function diagnoseAll(options: DiagnoseOptions = {}): Promise<DiagnosisReport[]> {
  let connected = options.connected;
  if (!connected) {
    try {
      connected = await connectDocker({ ...options.connect, timeoutMs: Math.min(options.connect?.timeoutMs ?? 2000, options.apiBudgetMs ?? 2000) });
    } catch {
      // The single report names the unreachable engine with its own explanation.
      return [await diagnoseContainer('(any database container)', options)];
    }
  }
  const all = await withTimeout(listContainers(connected.docker, { all: true }), (options.apiBudgetMs ?? 2000) * 2, 'list containers');
  const names = all.filter((c) => c.engine !== null).map((c) => c.name);
  const reports: DiagnosisReport[] = [];
  for (let i = 0; i < names.length; i += CONCURRENCY) {
    reports.push(...(await Promise.all(names.slice(i, i + CONCURRENCY).map((n) => diagnoseContainer(n, { ...options, connected })))));
  }
  return reports;
}
