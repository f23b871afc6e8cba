import * as assert from 'node:assert/strict';
import { DependencyCycleError, dependencyOrder, findDependencyCycle, OrderedService, stopOrder, withDependencies, withDependents } from '../../src/core/compose/order';

function services(spec: Record<string, string[]>): OrderedService[] {
  return Object.entries(spec).map(([name, deps]) => ({ name, dependsOn: deps.map((service) => ({ service, condition: 'service_started' as const, required: true })) }));
}

describe('compose dependency order', () => {
  const shop = services({ web: ['api'], api: ['db', 'cache'], worker: ['db', 'queue'], db: [], cache: [], queue: [], docs: [] });

  it('starts dependencies first and keeps declaration order between independent services', () => {
    assert.deepEqual(dependencyOrder(shop), ['db', 'cache', 'api', 'web', 'queue', 'worker', 'docs']);
  });

  it('stops in the reverse order', () => {
    assert.deepEqual(stopOrder(shop), ['docs', 'worker', 'queue', 'web', 'api', 'cache', 'db']);
  });

  it('ignores dependencies on services outside the set', () => {
    assert.deepEqual(dependencyOrder(services({ app: ['external'], db: [] })), ['app', 'db']);
  });

  it('names the cycle in the error', () => {
    const cyclic = services({ a: ['b'], b: ['c'], c: ['a'], d: [] });
    assert.deepEqual(findDependencyCycle(cyclic), ['a', 'b', 'c', 'a']);
    assert.throws(
      () => dependencyOrder(cyclic),
      (e: unknown) => e instanceof DependencyCycleError && /a → b → c → a/.test(e.message) && e.cycle.length === 4,
    );
    assert.deepEqual(findDependencyCycle(services({ self: ['self'] })), ['self', 'self']);
    assert.equal(findDependencyCycle(shop), null);
  });

  it('closes a selection over dependencies and dependents', () => {
    assert.deepEqual(withDependencies(shop, ['web']), ['web', 'api', 'db', 'cache']);
    assert.deepEqual(withDependents(shop, ['db']), ['web', 'api', 'worker', 'db']);
  });
});
