import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@cache/core/testing';
import { MultiLevelCache } from '../src/index.js';
import { SingleFlight } from '../src/single-flight.js';
import { FlakyTier, deferred, memory, redis } from './helpers.js';

const caches: MultiLevelCache<any>[] = [];
afterAll(() => Promise.all(caches.map((cache) => cache.close())));

function memoryCache() {
  const clock = new FakeClock();
  const cache = new MultiLevelCache<number>({ clock, levels: [{ name: 'l1', tier: memory(clock) }, { name: 'l2', tier: new FlakyTier({ name: 'l2', clock }) }] });
  caches.push(cache);
  return cache;
}

function redisCache() {
  const cache = new MultiLevelCache<number>({ levels: [{ name: 'memory', tier: memory() }, { name: 'redis', tier: redis() }] });
  caches.push(cache);
  return cache;
}

describe.each([
  ['memory levels', memoryCache],
  ['memory + real redis', redisCache],
])('single flight (%s)', (_label, create) => {
  it('1,000 concurrent callers of a missing key cause exactly one loader call', async () => {
    const cache = create();
    let calls = 0;
    const gate = deferred<void>();
    const loader = async () => {
      calls++;
      await gate.promise;
      return 42;
    };
    const callers = Array.from({ length: 1000 }, () => cache.getOrSet('hot', loader));
    gate.resolve();
    const values = await Promise.all(callers);
    expect(calls).toBe(1);
    expect(values.every((v) => v === 42)).toBe(true);
    expect(cache.multilevelStats()).toMatchObject({ loads: 1, coalesced: 999 });
  });

  it('a loader error reaches every waiter and is not cached', async () => {
    const cache = create();
    let calls = 0;
    const gate = deferred<void>();
    const loader = async () => {
      calls++;
      await gate.promise;
      throw new Error('source down');
    };
    const callers = Array.from({ length: 100 }, () => cache.getOrSet('k', loader).catch((e: unknown) => e));
    gate.resolve();
    const errors = await Promise.all(callers);
    expect(calls).toBe(1);
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'CACHE_LOADER', message: expect.stringContaining('source down') });
    expect(await cache.getOrSet('k', () => 7)).toBe(7);
    expect(calls).toBe(1);
  });

  it('many keys loading at once raise no listener-leak warning (each load listens for close)', async () => {
    const cache = create();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const gate = deferred<void>();
      const loads = Array.from({ length: 50 }, (_, i) => cache.getOrSet(`key-${i}`, async () => (await gate.promise, i)));
      gate.resolve();
      expect(await Promise.all(loads)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('different keys load independently', async () => {
    const cache = create();
    const seen: string[] = [];
    const values = await Promise.all(['a', 'b', 'a', 'c', 'b'].map((key) => cache.getOrSet(key, () => (seen.push(key), key.length))));
    expect(values).toEqual([1, 1, 1, 1, 1]);
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('SingleFlight', () => {
  it('shares one outcome and forgets the key once the work settles', async () => {
    const flights = new SingleFlight<number>();
    const gate = deferred<number>();
    const first = flights.start('k', () => gate.promise);
    expect(flights.get('k')).toBe(first);
    gate.resolve(5);
    expect(await first).toBe(5);
    expect(flights.get('k')).toBeUndefined();
    expect(flights.size).toBe(0);
  });

  it('an early answer settles callers while the work keeps the key in flight', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    const outcome = flights.start('k', (answer) => {
      answer('early');
      return gate.promise;
    });
    expect(await outcome).toBe('early');
    expect(flights.get('k')).toBe(outcome);
    gate.resolve('late');
    await gate.promise;
    await Promise.resolve();
    expect(flights.get('k')).toBeUndefined();
  });

  it('work that throws synchronously rejects the shared outcome', async () => {
    const flights = new SingleFlight<number>();
    await expect(
      flights.start('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flights.size).toBe(0);
  });
});
