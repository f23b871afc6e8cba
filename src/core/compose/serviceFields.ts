/**
 * Readers for the service fields Docker DB uses: healthcheck, depends_on, labels, environment, env_file, profiles.
 * Each takes the raw (already interpolated) value and reports problems by path; none throws.
 */
import type { ComposeDependency, ComposeHealthcheck, DependencyCondition } from './model';
import type { YamlPath } from './yamlDoc';

export type Report = (path: YamlPath, message: string, severity?: 'error' | 'warning') => void;

const UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Go-style duration ("1m30s", "1.5s", "250ms") in milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * UNITS_MS[m[2]];
    matched = re.lastIndex;
  }
  return matched > 0 && matched === s.length ? Math.round(total) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarText(v: unknown): string | null | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** `KEY: value` map or `["KEY=value", "KEY"]` list. `bare` is the value of a list item without `=`. */
export function parseKeyValues<T extends string | null>(raw: unknown, field: string, bare: T, report: Report): Record<string, string | T> {
  const out: Record<string, string | T> = {};
  if (raw === undefined || raw === null) return out;
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const text = scalarText(item);
      if (typeof text !== 'string' || text === '') {
        report([field, i], `Each ${field} entry must be "KEY=value" text.`);
        return;
      }
      const eq = text.indexOf('=');
      out[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? bare : text.slice(eq + 1);
    });
  } else if (isRecord(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      const text = scalarText(value);
      if (text === undefined) report([field, key], `The value of ${field} "${key}" must be text, a number or a boolean.`);
      else out[key] = text === null ? bare : text;
    }
  } else {
    report([field], `${field} must be a map (KEY: value) or a list of "KEY=value" entries.`);
  }
  return out;
}

export function parseProfiles(raw: unknown, report: Report): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report(['profiles'], 'profiles must be a list of names.');
    return [];
  }
  return raw.filter((p, i) => (typeof p === 'string' && p !== '') || (report(['profiles', i], 'Each profile must be a name.'), false)) as string[];
}

const CONDITIONS: ReadonlySet<string> = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

export function parseDependsOn(raw: unknown, report: Report): ComposeDependency[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) {
    return raw.flatMap((s, i) =>
      typeof s === 'string' && s !== ''
        ? [{ service: s, condition: 'service_started' as const, required: true }]
        : (report(['depends_on', i], 'Each depends_on entry must be a service name.'), []),
    );
  }
  if (!isRecord(raw)) {
    report(['depends_on'], 'depends_on must be a list of service names or a map of service: { condition }.');
    return [];
  }
  const out: ComposeDependency[] = [];
  for (const [service, spec] of Object.entries(raw)) {
    const options = spec ?? {};
    if (!isRecord(options)) {
      report(['depends_on', service], `depends_on.${service} must be a map such as { condition: service_healthy }.`);
      continue;
    }
    let condition: DependencyCondition = 'service_started';
    if (options.condition !== undefined) {
      if (typeof options.condition === 'string' && CONDITIONS.has(options.condition)) {
        condition = options.condition as DependencyCondition;
      } else {
        report(['depends_on', service, 'condition'], `Unknown condition "${String(options.condition)}": use service_started, service_healthy or service_completed_successfully.`);
      }
    }
    const required = options.required === false || options.required === 'false' ? false : true;
    out.push({ service, condition, required });
  }
  return out;
}

function durationField(hc: Record<string, unknown>, key: string, report: Report): number | undefined {
  const v = hc[key];
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) report(['healthcheck', key], `healthcheck.${key} "${String(v)}" is not a duration such as "10s" or "1m30s".`);
  return ms;
}

export function parseHealthcheck(raw: unknown, report: Report): ComposeHealthcheck | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    report(['healthcheck'], 'healthcheck must be a map with test, interval, timeout, retries, start_period.');
    return undefined;
  }
  const hc: ComposeHealthcheck = { test: [] };
  const test = raw.test;
  if (typeof test === 'string') {
    hc.test = test.trim() === '' ? [] : ['CMD-SHELL', test];
  } else if (Array.isArray(test) && test.every((t) => typeof t === 'string' || typeof t === 'number')) {
    hc.test = test.map(String);
    if (hc.test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(hc.test[0])) {
      report(['healthcheck', 'test'], `healthcheck.test must start with "CMD", "CMD-SHELL" or "NONE" (found "${hc.test[0]}").`);
    }
  } else if (test !== undefined && test !== null) {
    report(['healthcheck', 'test'], 'healthcheck.test must be a string or a list such as ["CMD", "pg_isready"].');
  }
  const set = <K extends keyof ComposeHealthcheck>(k: K, v: ComposeHealthcheck[K] | undefined) => {
    if (v !== undefined) hc[k] = v;
  };
  set('intervalMs', durationField(raw, 'interval', report));
  set('timeoutMs', durationField(raw, 'timeout', report));
  set('startPeriodMs', durationField(raw, 'start_period', report));
  if (raw.retries !== undefined && raw.retries !== null) {
    const n = Number(raw.retries);
    if (Number.isInteger(n) && n >= 0) hc.retries = n;
    else report(['healthcheck', 'retries'], `healthcheck.retries "${String(raw.retries)}" is not a whole number.`);
  }
  if (raw.disable === true || raw.disable === 'true' || hc.test[0] === 'NONE') hc.disabled = true;
  return hc;
}

export interface EnvFileRef {
  path: string;
  required: boolean;
}

/** `env_file: a.env`, `[a.env, b.env]` or `[{ path: a.env, required: false }]`. */
export function parseEnvFileRefs(raw: unknown, report: Report): EnvFileRef[] {
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const out: EnvFileRef[] = [];
  items.forEach((item, i) => {
    const at: YamlPath = Array.isArray(raw) ? ['env_file', i] : ['env_file'];
    if (typeof item === 'string' && item !== '') out.push({ path: item, required: true });
    else if (isRecord(item) && typeof item.path === 'string') out.push({ path: item.path, required: item.required !== false && item.required !== 'false' });
    else report(at, 'Each env_file entry must be a path or { path, required }.');
  });
  return out;
}
