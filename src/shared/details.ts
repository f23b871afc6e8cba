/** What the container details panel shows: derived from one inspect, secrets removed. */
import type { ContainerSummary } from './containers';

export interface HealthCheckRun {
  start: string;
  exitCode: number;
  output: string;
}

export interface ContainerDetails {
  summary: ContainerSummary;
  startedAt: string | null;
  finishedAt: string | null;
  restartCount: number;
  /** Environment as NAME=value with secret values masked. */
  environment: string[];
  networks: Array<{ name: string; ipAddress: string; aliases: string[] }>;
  mounts: Array<{ type: string; source: string; destination: string; readOnly: boolean }>;
  healthCheck: { test: string[]; intervalMs: number | null; retries: number | null } | null;
  healthLog: HealthCheckRun[];
  command: string[];
}
