/** Reads a running container's database credentials: one inspect, plus an exec per `*_FILE`. */
import type Docker from 'dockerode';
import type { EngineKind } from '../../shared/containers';
import { execInContainer } from '../docker/exec';
import { completeCredentials, DbCredentials, envMap, planCredentials } from './credentials';
import { detectEngine } from './detect';

export interface ContainerCredentials extends DbCredentials {
  /** Problems reading `*_FILE` secrets, said plainly (never containing a secret). */
  warnings: string[];
}

export async function readContainerCredentials(docker: Docker, container: string, engineHint?: EngineKind | null): Promise<ContainerCredentials | null> {
  const info = await docker.getContainer(container).inspect();
  const env = envMap(info.Config?.Env);
  const engine =
    engineHint ??
    detectEngine({ image: info.Config?.Image ?? '', labels: info.Config?.Labels ?? {}, envNames: Object.keys(env), exposedPorts: Object.keys(info.Config?.ExposedPorts ?? {}).map((p) => Number(p.split('/')[0])) });
  if (!engine) return null;
  const cmd = [...(info.Config?.Entrypoint ? ([] as string[]).concat(info.Config.Entrypoint) : []), ...(info.Config?.Cmd ?? [])];
  const plan = planCredentials(engine, env, cmd);
  const read: Partial<Record<'user' | 'password' | 'database', string>> = {};
  const warnings: string[] = [];
  for (const file of plan.files) {
    try {
      const r = await execInContainer(docker, container, ['cat', '--', file.path], { timeoutMs: 5000, maxOutputBytes: 64 * 1024 });
      if (r.exitCode === 0) read[file.field] = r.stdout.toString('utf8');
      else warnings.push(`${file.variable} points at ${file.path}, which could not be read inside the container (${r.stderr.trim() || `exit ${r.exitCode}`}).`);
    } catch (err) {
      warnings.push(`${file.variable} could not be read inside the container: ${(err as Error).message}`);
    }
  }
  return { ...completeCredentials(plan, read), warnings };
}
