/**
 * Data shapes shared by the core, the command-line tool, the extension and the webview.
 * Plain data only: no functions, no Node or vscode types.
 */

/** Docker's own container state words. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** Health as Docker reports it; `none` when the container has no health check. */
export type HealthStatus = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** Database engines Docker DB recognises. */
export type EngineKind = 'postgres' | 'mysql' | 'mariadb' | 'redis' | 'clickhouse' | 'mongo';

/** A published port: reachable from the host at hostIp:hostPort. */
export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/** One container as listed by a single Engine API list call (no inspect). */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** Docker's human status text, e.g. "Up 3 minutes (healthy)" or "Exited (1) 2 hours ago". */
  status: string;
  health: HealthStatus;
  /** Exit code parsed from the status text of an exited container, else null. */
  exitCode: number | null;
  engine: EngineKind | null;
  composeProject: string | null;
  composeService: string | null;
  /** Published ports only, sorted by container port then host address. */
  ports: PublishedPort[];
  /** Ports the container exposes, published or not. */
  exposedPorts: number[];
  /** Creation time, seconds since the epoch. */
  created: number;
  labels: Record<string, string>;
}
