/**
 * L1 coherence: instances sharing a level keep their local levels coherent
 * over the invalidation bus. First with two instances on one real Redis and
 * RedisInvalidationBus, then the edge cases on an in-process bus.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock, MapTier, MemoryBusHub } from '@cache/core/testing';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';
import { MultiLevelCache } from '../src/index.js';
import { eventually, memory, redisUrl, uniquePrefix } from './helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function redisInstance(namespace: string, prefix: string) {
  const bus = new RedisInvalidationBus({ url: redisUrl() });
  const l1 = memory();
  const cache = new MultiLevelCache<number>({
    name: namespace,
    levels: [
      { name: 'memory', tier: l1 },
      { name: 'redis', tier: new RedisCache({ url: redisUrl(), prefix }) },
    ],
    bus,
  });
  cleanup.push(() => cache.close(), () => bus.close());
  return { cache, l1, bus };
}

describe('two instances on one real Redis', () => {
  it("B sees A's writes, deletes and clears, though B had the old value in its L1", async () => {
    const namespace = uniquePrefix('ns');
    const prefix = uniquePrefix('shared');
    const a = redisInstance(namespace, prefix);
    const b = redisInstance(namespace, prefix);
    await Promise.all([a.cache.ready(), b.cache.ready()]);

    await a.cache.set('k', 1);
    expect(await b.cache.get('k')).toBe(1);
    // from Redis, promoted into B's L1 (a read that races A's invalidation message does not promote: poll)
    expect(await eventually(async () => (await b.cache.get('k')) === 1 && b.l1.peek('k') !== undefined)).toBe(true);

    await a.cache.set('k', 2);
    expect(await eventually(async () => (await b.cache.get('k')) === 2)).toBe(true);

    await a.cache.delete('k');
    expect(await eventually(async () => (await b.cache.get('k')) === undefined)).toBe(true);
    expect(b.l1.peek('k')).toBeUndefined();

    await b.cache.setMany([{ key: 'x', value: 1 }, { key: 'y', value: 2 }]);
    expect(await a.cache.getMany(['x', 'y'])).toEqual([1, 2]);
    expect(await eventually(async () => (await a.cache.getMany(['x', 'y'])).length === 2 && a.l1.size === 2)).toBe(true);
    await b.cache.clear();
    expect(await eventually(() => a.l1.size === 0)).toBe(true);
    expect(a.cache.multilevelStats().invalidations).toBeGreaterThanOrEqual(1);
  });

  it('instances of other namespaces are left alone', async () => {
    const prefix = uniquePrefix('shared');
    const a = redisInstance(uniquePrefix('ns'), prefix);
    const b = redisInstance(uniquePrefix('ns'), prefix);
    await Promise.all([a.cache.ready(), b.cache.ready()]);
    await b.cache.set('k', 1);
    expect(await a.cache.get('k')).toBe(1);
    expect(a.l1.peek('k')).toMatchObject({ v: 1 }); // no message for a's namespace raced this read
    await b.cache.delete('k');
    await b.cache.set('marker', 1);
    await a.cache.get('marker');
    expect(a.l1.peek('k')).toMatchObject({ v: 1 }); // no message for a's namespace
  });
});

describe('coherence edge cases (in-process bus)', () => {
  function pair() {
    const clock = new FakeClock();
    const hub = new MemoryBusHub();
    const shared = new MapTier({ name: 'shared', clock });
    const make = (id: string) => {
      const l1 = memory(clock);
      const bus = hub.endpoint(id);
      const cache = new MultiLevelCache<string>({ clock, namespace: 'ns', levels: [{ name: 'l1', tier: l1 }, { name: 'shared', tier: shared }], bus });
      return { cache, l1, bus };
    };
    return { a: make('a'), b: make('b'), shared };
  }

  it('drops only local levels: the shared level keeps the value', async () => {
    const { a, b, shared } = pair();
    await Promise.all([a.cache.ready(), b.cache.ready()]);
    await a.cache.set('k', 'v');
    await b.cache.get('k');
    a.bus.deliver({ instanceId: 'a', namespace: 'ns', version: a.bus.clock.next(), kind: 'set', keys: ['k'] });
    expect(b.l1.peek('k')).toBeUndefined();
    expect(await shared.has('k')).toBe(true);
  });

  it('clears the local levels when the subscription comes back after a loss', async () => {
    const { a, b } = pair();
    await b.cache.ready();
    await a.cache.set('k', 'v');
    await b.cache.get('k');
    b.bus.disconnect();
    expect(b.l1.size).toBe(1); // still serving while the bus is down
    b.bus.reconnect();
    expect(b.l1.size).toBe(0);
  });

  it('ignores messages older than a clear it applied', async () => {
    const { a, b } = pair();
    await Promise.all([a.cache.ready(), b.cache.ready()]);
    const old = a.bus.clock.next();
    a.bus.deliver({ instanceId: 'a', namespace: 'ns', version: a.bus.clock.next(), kind: 'clear', keys: [] });
    await b.cache.set('k', 'v');
    a.bus.deliver({ instanceId: 'a', namespace: 'ns', version: old, kind: 'delete', keys: ['k'] });
    expect(b.l1.peek('k')).toMatchObject({ v: 'v' });
  });

  it('retries a failed subscription and clears local levels once it holds', async () => {
    const clock = new FakeClock();
    const hub = new MemoryBusHub();
    const bus = hub.endpoint('solo');
    bus.failSubscribe = 1;
    const l1 = memory(clock);
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: l1 }], bus });
    await cache.set('k', 'v');
    await expect(cache.ready()).rejects.toThrow(); // the first attempt failed: ready() says so
    expect(await eventually(() => l1.size === 0)).toBe(true); // the retry holds and clears what may have been missed
    expect(cache.multilevelStats().busErrors).toBe(1);
    await cache.close();
  });

  it('a publish that fails is counted, and the write still succeeds', async () => {
    const { a } = pair();
    a.bus.publish = () => Promise.reject(new Error('bus down'));
    expect(await a.cache.set('k', 'v')).toBe(true);
    expect(await eventually(() => a.cache.multilevelStats().busErrors === 1)).toBe(true);
  });
});
