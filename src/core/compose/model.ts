/**
 * The compose model: what Docker DB reads from a project's compose files.
 * Plain data, produced by parse.ts and consumed by merge.ts, order.ts and commands.ts.
 */

/** Something wrong (or doubtful) in a compose or .env file, with the place it was found. */
export interface ComposeIssue {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file (e.g. it cannot be read). */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  message: string;
  /** `error`: Compose itself would refuse this; `warning`: Compose accepts it but the value is doubtful or was bounded. */
  severity: 'error' | 'warning';
}

export type ComposePortProtocol = 'tcp' | 'udp' | 'sctp';

/** One container port, published on the host when `hostPort` (or `hostPortRange`) is set. */
export interface ComposePort {
  /** Host address the port is bound to; absent: all addresses. */
  hostIp?: string;
  /** Host port; absent: not published, or published on a port Docker picks (see `hostPortRange`). */
  hostPort?: number;
  /** "8000-8010:5432": Docker picks one free host port of this inclusive range. */
  hostPortRange?: { start: number; end: number };
  containerPort: number;
  protocol: ComposePortProtocol;
}

export interface ComposeHealthcheck {
  /** As Docker stores it: ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]. Empty when the file sets only timings. */
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
  /** `disable: true` or `test: ["NONE"]`. */
  disabled?: boolean;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeDependency {
  service: string;
  condition: DependencyCondition;
  /** `required: false` (Compose 2.20+): a missing dependency is not an error. Default true. */
  required: boolean;
}

export interface ComposeService {
  name: string;
  image?: string;
  /** The service has a `build:` section. */
  build?: boolean;
  containerName?: string;
  ports: ComposePort[];
  healthcheck?: ComposeHealthcheck;
  dependsOn: ComposeDependency[];
  profiles: string[];
  labels: Record<string, string>;
  /** `null`: the variable is named without a value (Compose takes it from its own environment at run time). */
  environment: Record<string, string | null>;
  /** The file that first declares the service (the base file when an override extends it). */
  file: string;
  /** 1-based line of the service's key in `file`. */
  line: number;
}

export interface ComposeProject {
  /** The project name Compose uses (and writes into the com.docker.compose.project label). */
  name: string;
  /** Absolute project directory: the directory of the first file. */
  workingDir: string;
  /** Absolute paths, base file first, then overrides, in merge order. */
  files: string[];
  services: ComposeService[];
  errors: ComposeIssue[];
}
