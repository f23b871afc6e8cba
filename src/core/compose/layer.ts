/**
 * One compose file read on its own: interpolated, checked, and turned into service layers that
 * parse.ts merges with the other files of the project (base first, then overrides).
 */
import * as path from 'node:path';
import { interpolate, VariableLookup } from './interpolate';
import type { ComposeIssue, ComposeService } from './model';
import { parsePortEntry, PortParseResult } from './ports';
import { EnvFileRef, parseDependsOn, parseEnvFileRefs, parseHealthcheck, parseKeyValues, parseProfiles, Report } from './serviceFields';
import { loadYaml, YamlPath } from './yamlDoc';

/** A service as one file declares it; `envFiles` hold absolute paths, read later. */
export interface ServiceLayer extends ComposeService {
  envFiles: EnvFileRef[];
}

export interface FileLayer {
  file: string;
  /** Top-level `name:`, when set. */
  name?: string;
  nameLine?: number;
  services: ServiceLayer[];
  issues: ComposeIssue[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null || v === undefined ? 'empty' : typeof v === 'object' ? 'a map' : `the ${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Interpolates every string value (keys are left alone, as Compose does) into a fresh tree.
 * A recursive alias (`x: &a [*a]`) is reported and cut, so the result is always acyclic.
 */
function interpolateTree(value: unknown, lookup: VariableLookup, at: YamlPath, report: Report, unsetSeen: Set<string>, ancestors: Set<object> = new Set()): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$')) return value;
    const r = interpolate(value, lookup);
    for (const e of r.errors) report(at, e, 'error');
    for (const name of r.unset) {
      if (unsetSeen.has(name)) continue;
      unsetSeen.add(name);
      report(at, `The "${name}" variable is not set; Compose uses a blank string. Set it in the .env file beside the compose file.`, 'warning');
    }
    return r.value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value) || at.length > 64) {
    report(at, 'This value contains itself through a YAML alias; Compose cannot read it.', 'error');
    return undefined;
  }
  ancestors.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v, i) => interpolateTree(v, lookup, [...at, i], report, unsetSeen, ancestors));
  } else {
    const map: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) map[k] = interpolateTree(v, lookup, [...at, k], report, unsetSeen, ancestors);
    out = map;
  }
  ancestors.delete(value);
  return out;
}

function optionalString(raw: Record<string, unknown>, key: string, report: Report): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  report([key], `${key} must be text, not ${kind(v)}.`);
  return undefined;
}

function parseService(name: string, raw: Record<string, unknown>, file: string, line: number, report: Report): ServiceLayer {
  const ports: PortParseResult = { ports: [], errors: [], warnings: [] };
  if (Array.isArray(raw.ports)) {
    raw.ports.forEach((entry, i) => {
      const before = { e: ports.errors.length, w: ports.warnings.length };
      parsePortEntry(entry, ports);
      for (const e of ports.errors.slice(before.e)) report(['ports', i], e, 'error');
      for (const w of ports.warnings.slice(before.w)) report(['ports', i], w, 'warning');
    });
  } else if (raw.ports !== undefined && raw.ports !== null) {
    report(['ports'], `ports must be a list such as ["127.0.0.1:5432:5432"], not ${kind(raw.ports)}.`);
  }
  const service: ServiceLayer = {
    name,
    ports: ports.ports,
    dependsOn: parseDependsOn(raw.depends_on, report),
    profiles: parseProfiles(raw.profiles, report),
    labels: parseKeyValues(raw.labels, 'labels', '', report),
    environment: parseKeyValues(raw.environment, 'environment', null, report),
    envFiles: parseEnvFileRefs(raw.env_file, report).map((r) => ({ ...r, path: path.resolve(path.dirname(file), r.path) })),
    file,
    line,
  };
  const image = optionalString(raw, 'image', report);
  if (image !== undefined) service.image = image;
  const containerName = optionalString(raw, 'container_name', report);
  if (containerName !== undefined) service.containerName = containerName;
  if (raw.build !== undefined && raw.build !== null) service.build = true;
  const healthcheck = parseHealthcheck(raw.healthcheck, report);
  if (healthcheck) service.healthcheck = healthcheck;
  return service;
}

/** Reads one compose file. Never throws; what cannot be read is reported and left out. */
export function parseComposeFile(text: string, file: string, lookup: VariableLookup): FileLayer {
  const yaml = loadYaml(text, file);
  const layer: FileLayer = { file, services: [], issues: [...yaml.issues] };
  const reportAt =
    (base: YamlPath): Report =>
    (at, message, severity = 'error') =>
      layer.issues.push({ file, ...yaml.positionOf([...base, ...at]), message, severity });
  const report = reportAt([]);

  if (yaml.value === undefined || yaml.value === null) {
    if (!layer.issues.some((i) => i.severity === 'error')) report([], 'The file is empty: it declares no services.', 'warning');
    return layer;
  }
  if (!isRecord(yaml.value)) {
    report([], `A compose file must be a map with a "services" key, not ${kind(yaml.value)}.`);
    return layer;
  }
  const doc = interpolateTree(yaml.value, lookup, [], report, new Set()) as Record<string, unknown>;

  if (doc.name !== undefined && doc.name !== null) {
    if (typeof doc.name === 'string') {
      layer.name = doc.name;
      layer.nameLine = yaml.positionOf(['name']).line;
    } else {
      report(['name'], `name must be text, not ${kind(doc.name)}.`);
    }
  }
  const services = doc.services;
  if (services === undefined || services === null) return layer;
  if (!isRecord(services)) {
    report(['services'], `services must be a map of service names to definitions (e.g. "db:" on its own line), not ${kind(services)}.`);
    return layer;
  }
  for (const [name, raw] of Object.entries(services)) {
    const serviceReport = reportAt(['services', name]);
    if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
      serviceReport([], `Service name "${name}" may use only letters, digits, ".", "_" and "-".`);
    }
    if (!isRecord(raw)) {
      serviceReport([], `Service "${name}" must be a map of settings, not ${kind(raw)}.`);
      continue;
    }
    layer.services.push(parseService(name, raw, file, yaml.positionOf(['services', name]).line, serviceReport));
  }
  return layer;
}
