/**
 * Dependency order of a project's services from depends_on: dependencies first for starting, the reverse for
 * stopping. Ties keep the order of declaration. Dependencies on services outside the set are ignored.
 */
import type { ComposeService } from './model';

export type OrderedService = Pick<ComposeService, 'name' | 'dependsOn'>;

export class DependencyCycleError extends Error {
  /** The services of the cycle, the first repeated at the end: ["a", "b", "a"]. */
  readonly cycle: string[];

  constructor(cycle: string[]) {
    super(
      `The services depend on each other in a cycle (${cycle.join(' → ')}), so there is no order to start them in. Remove one of these depends_on entries.`,
    );
    this.name = 'DependencyCycleError';
    this.cycle = cycle;
  }
}

function graph(services: readonly OrderedService[]): Map<string, string[]> {
  const names = new Set(services.map((s) => s.name));
  return new Map(services.map((s) => [s.name, [...new Set(s.dependsOn.map((d) => d.service).filter((d) => names.has(d)))]]));
}

/** A dependency cycle, or null when there is none. */
export function findDependencyCycle(services: readonly OrderedService[]): string[] | null {
  const deps = graph(services);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const d of deps.get(name) ?? []) {
      if (state.get(d) === 'visiting') return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const found = visit(d);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const s of services) {
    if (!state.has(s.name)) {
      const found = visit(s.name);
      if (found) return found;
    }
  }
  return null;
}

/** Names in start order (dependencies first). Throws {@link DependencyCycleError}. */
export function dependencyOrder(services: readonly OrderedService[]): string[] {
  const cycle = findDependencyCycle(services);
  if (cycle) throw new DependencyCycleError(cycle);
  const deps = graph(services);
  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < services.length) {
    const next = services.find((s) => !placed.has(s.name) && (deps.get(s.name) ?? []).every((d) => placed.has(d)));
    if (!next) break; // unreachable without a cycle; duplicate names end here too
    placed.add(next.name);
    order.push(next.name);
  }
  return order;
}

/** Names in stop order (dependents first). Throws {@link DependencyCycleError}. */
export function stopOrder(services: readonly OrderedService[]): string[] {
  return dependencyOrder(services).reverse();
}

/** `names` plus everything they depend on, transitively, in declaration order. */
export function withDependencies(services: readonly OrderedService[], names: readonly string[]): string[] {
  const deps = graph(services);
  const wanted = new Set<string>();
  const add = (n: string) => {
    if (wanted.has(n)) return;
    wanted.add(n);
    for (const d of deps.get(n) ?? []) add(d);
  };
  names.forEach(add);
  return services.map((s) => s.name).filter((n) => wanted.has(n));
}

/** `names` plus every service that depends on them, transitively, in declaration order. */
export function withDependents(services: readonly OrderedService[], names: readonly string[]): string[] {
  const deps = graph(services);
  const wanted = new Set(names);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, ds] of deps) {
      if (!wanted.has(name) && ds.some((d) => wanted.has(d))) {
        wanted.add(name);
        grew = true;
      }
    }
  }
  return services.map((s) => s.name).filter((n) => wanted.has(n));
}
