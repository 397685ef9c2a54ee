/**
 * Stampede protection across instances: several MultiLevelCaches (separate
 * MemoryCache L1s, one shared real Redis L2, a RedisLoadLock each on that
 * Redis) run a missing key's loader once between them; a dead holder is
 * replaced after its lease; a lock that fails means "load without it".
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError, type LoadLock } from '@cache/core';
import { FakeClock, MapTier, MemoryLoadLock } from '@cache/core/testing';
import { RedisCache, RedisInvalidationBus, RedisLoadLock } from '@cache/redis';
import { DEFAULT_LOCK_POLL_INTERVAL, DEFAULT_LOCK_TTL, DEFAULT_LOCK_WAIT, MultiLevelCache, type AbsorbedError, type MultiLevelCacheOptions } from '../src/index.js';
import { deferred, memory, redisUrl, uniquePrefix } from './helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** One instance: its own L1, its own connection to the shared Redis prefix, its own RedisLoadLock over that connection. */
function instance(prefix: string, options: Partial<MultiLevelCacheOptions> = {}) {
  const l2 = new RedisCache({ url: redisUrl(), prefix });
  const lock = new RedisLoadLock({ cache: l2 });
  const errors: AbsorbedError[] = [];
  const cache = new MultiLevelCache<string>({
    levels: [
      { name: 'memory', tier: memory() },
      { name: 'redis', tier: l2 },
    ],
    defaultTtl: '1m',
    lock,
    onError: (event) => errors.push(event),
    ...options,
  });
  cleanup.push(() => cache.close());
  return { cache, lock, errors, l2 };
}

const sum = (caches: { cache: MultiLevelCache<string> }[], field: 'loads' | 'lockWaits' | 'unlockedLoads' | 'lockErrors' | 'coalesced') =>
  caches.reduce((total, { cache }) => total + cache.multilevelStats()[field], 0);

describe('one load across instances (real Redis, RedisLoadLock)', () => {
  it('10 instances x 100 concurrent callers of one missing key: exactly one loader call', async () => {
    const prefix = uniquePrefix('stampede');
    const instances = Array.from({ length: 10 }, () => instance(prefix));
    let calls = 0;
    const loader = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 100)); // a slow source, so every instance is waiting
      return 'loaded';
    };
    const values = await Promise.all(instances.flatMap(({ cache }) => Array.from({ length: 100 }, () => cache.getOrSet('hot', loader))));
    expect(values).toHaveLength(1000);
    expect(values.every((value) => value === 'loaded')).toBe(true);
    expect(calls).toBe(1);
    expect(sum(instances, 'loads')).toBe(1);
    expect(sum(instances, 'coalesced')).toBe(990);
    expect(sum(instances, 'lockWaits')).toBeGreaterThanOrEqual(1);
    expect(sum(instances, 'unlockedLoads')).toBe(0);
    expect(instances.flatMap((i) => i.errors)).toEqual([]);
    // the holder released: the lock is free, and every instance now answers from its levels
    expect(await instances[0]!.lock.acquire('hot', 1000)).toBeDefined();
    expect(await instances[9]!.cache.getOrSet('hot', loader)).toBe('loaded');
    expect(calls).toBe(1);
  });

  it('with a bus, waiters wake on the holder\'s write (no polling needed)', async () => {
    const prefix = uniquePrefix('bus');
    const namespace = uniquePrefix('ns');
    const buses = Array.from({ length: 3 }, () => new RedisInvalidationBus({ url: redisUrl() }));
    cleanup.push(() => Promise.all(buses.map((bus) => bus.close())).then(() => undefined));
    // a poll interval longer than the test: only the bus message can wake a waiter in time
    const instances = buses.map((bus) => instance(prefix, { bus, name: namespace, lockPollInterval: '1h', lockWait: '1h' }));
    await Promise.all(instances.map(({ cache }) => cache.ready()));
    let calls = 0;
    const gate = deferred<void>();
    const loader = async () => {
      calls++;
      await gate.promise;
      return 'v';
    };
    const pending = instances.map(({ cache }) => cache.getOrSet('k', loader));
    // let every instance reach the lock before the holder finishes
    while (sum(instances, 'lockWaits') < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    gate.resolve();
    expect(await Promise.all(pending)).toEqual(['v', 'v', 'v']);
    expect(calls).toBe(1);
    expect(sum(instances, 'lockWaits')).toBe(2);
  });

  it('the holder dies (its loader never settles): another instance loads once the lease expires', async () => {
    const prefix = uniquePrefix('dead');
    const options = { lockTtl: 300, lockPollInterval: 20 };
    const dying = instance(prefix, options);
    const survivor = instance(prefix, options);
    const hung = deferred<string>();
    const dyingCall = dying.cache.getOrSet('k', () => hung.promise);
    dyingCall.catch(() => {});
    // the dying instance holds the lock
    while ((await survivor.l2.client.exists(survivor.lock.lockKey('k'))) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    let calls = 0;
    const value = await survivor.cache.getOrSet('k', () => {
      calls++;
      return 'from-survivor';
    });
    expect(value).toBe('from-survivor');
    expect(calls).toBe(1);
    expect(survivor.cache.multilevelStats()).toMatchObject({ loads: 1, lockWaits: 1, unlockedLoads: 0, lockErrors: 0 });
    hung.resolve('too late');
    expect(await dyingCall).toBe('too late');
  });
});

describe('load lock edge cases (in-process lock and levels)', () => {
  function local(lock: LoadLock, l2: MapTier<unknown>, options: Partial<MultiLevelCacheOptions> = {}) {
    const errors: AbsorbedError[] = [];
    const cache = new MultiLevelCache<string>({
      levels: [
        { name: 'l1', tier: memory() },
        { name: 'l2', tier: l2, shared: true },
      ],
      lock,
      lockPollInterval: 10,
      onError: (event) => errors.push(event),
      ...options,
    });
    cleanup.push(() => cache.close());
    return { cache, errors };
  }

  it('a waiter loads by itself after lockWait when the holder is still busy', async () => {
    const lock = new MemoryLoadLock();
    const l2 = new MapTier();
    const holder = local(lock, l2);
    const impatient = local(lock, l2, { lockWait: 50 });
    const gate = deferred<string>();
    const held = holder.cache.getOrSet('k', () => gate.promise);
    while (!lock.isHeld('k')) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(await impatient.cache.getOrSet('k', () => 'mine')).toBe('mine');
    expect(impatient.cache.multilevelStats()).toMatchObject({ loads: 1, lockWaits: 1, unlockedLoads: 1 });
    gate.resolve('holder');
    expect(await held).toBe('holder');
  });

  it('lockWait 0: a non-holder loads at once', async () => {
    const lock = new MemoryLoadLock();
    const l2 = new MapTier();
    const holder = local(lock, l2);
    const eager = local(lock, l2, { lockWait: 0 });
    const gate = deferred<string>();
    const held = holder.cache.getOrSet('k', () => gate.promise);
    while (!lock.isHeld('k')) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(await eager.cache.getOrSet('k', () => 'mine')).toBe('mine');
    expect(eager.cache.multilevelStats()).toMatchObject({ loads: 1, unlockedLoads: 1 });
    gate.resolve('holder');
    await held;
  });

  it('a value stored between the miss and the acquire is not loaded again (double check after acquiring)', async () => {
    const l2 = new MapTier();
    const lock: LoadLock = {
      acquire: async (key, ttl) => {
        // another instance stores and releases just before this acquire succeeds
        await l2.set(key, { v: 'theirs', e: Date.now() + 60_000 });
        return new MemoryLoadLock().acquire(key, ttl);
      },
    };
    const { cache } = local(lock, l2);
    let calls = 0;
    expect(await cache.getOrSet('k', () => String(++calls))).toBe('theirs');
    expect(calls).toBe(0);
  });

  it('a failing lock: loads without it, reports to onError, counts lockErrors and unlockedLoads', async () => {
    const failure = new Error('lock backend down');
    const lock: LoadLock = { acquire: () => Promise.reject(failure) };
    const { cache, errors } = local(lock, new MapTier());
    expect(await cache.getOrSet('k', () => 'v')).toBe('v');
    expect(errors).toEqual([{ operation: 'lock', level: 'lock', key: 'k', error: failure }]);
    expect(cache.multilevelStats()).toMatchObject({ loads: 1, lockErrors: 1, unlockedLoads: 1 });
    expect(cache.stats().errors).toBe(1);
  });

  it('a failing release is reported; the value is still answered and stored', async () => {
    const failure = new Error('release failed');
    const lock: LoadLock = { acquire: async (key) => ({ key, release: () => Promise.reject(failure) }) };
    const l2 = new MapTier();
    const { cache, errors } = local(lock, l2);
    expect(await cache.getOrSet('k', () => 'v')).toBe('v');
    expect(errors.map((e) => [e.operation, e.error])).toEqual([['lock', failure]]);
    expect(await l2.has('k')).toBe(true);
  });

  it('a loader error releases the lock and reaches the callers', async () => {
    const lock = new MemoryLoadLock();
    const { cache } = local(lock, new MapTier());
    const error: unknown = await cache.getOrSet('k', () => Promise.reject(new Error('db down'))).catch((e: unknown) => e);
    expect(isCacheError(error, ErrorCode.Loader)).toBe(true);
    expect(lock.isHeld('k')).toBe(false);
  });

  it("the holder's loader fails: it releases, and a waiting instance takes the lock and loads", async () => {
    const lock = new MemoryLoadLock();
    const l2 = new MapTier();
    const holder = local(lock, l2);
    const waiter = local(lock, l2);
    const gate = deferred<string>();
    const held = holder.cache.getOrSet('k', () => gate.promise).catch((e: unknown) => e);
    while (!lock.isHeld('k')) await new Promise((resolve) => setTimeout(resolve, 1));
    const waiting = waiter.cache.getOrSet('k', () => 'from waiter');
    while (waiter.cache.multilevelStats().lockWaits === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    gate.reject(new Error('db down'));
    expect(isCacheError(await held, ErrorCode.Loader)).toBe(true);
    expect(await waiting).toBe('from waiter');
    expect(waiter.cache.multilevelStats()).toMatchObject({ loads: 1, lockWaits: 1, unlockedLoads: 0 });
    expect(lock.granted).toBe(2);
  });

  it('a waiter answers with a stale value after softTimeout and keeps waiting in the background', async () => {
    const clock = new FakeClock(Date.now());
    const lock = new MemoryLoadLock();
    const l2 = new MapTier({ clock });
    const options = { clock, grace: '1h', defaultTtl: '1m' } as const;
    const holder = local(lock, l2, options);
    const waiter = local(lock, l2, { ...options, softTimeout: 20 });
    await waiter.cache.set('k', 'old');
    clock.advance(61_000);
    const gate = deferred<string>();
    const held = holder.cache.getOrSet('k', () => gate.promise);
    while (!lock.isHeld('k')) await new Promise((resolve) => setTimeout(resolve, 1));
    let calls = 0;
    expect(await waiter.cache.getOrSet('k', () => String(++calls))).toBe('old');
    gate.resolve('new');
    expect(await held).toBe('new');
    expect(waiter.cache.multilevelStats()).toMatchObject({ staleServed: 1, lockWaits: 1 });
    // the background wait ends with the holder's value, not a load of its own
    while ((await waiter.cache.get('k')) !== 'new') await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toBe(0);
    expect(waiter.cache.multilevelStats().loads).toBe(0);
  });

  it('closing the cache ends a wait with ClosedError', async () => {
    const lock = new MemoryLoadLock();
    const l2 = new MapTier();
    const holder = local(lock, l2);
    const waiter = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: memory() }, { name: 'l2', tier: l2, shared: true }], lock, lockPollInterval: '1h' });
    const gate = deferred<string>();
    const held = holder.cache.getOrSet('k', () => gate.promise);
    while (!lock.isHeld('k')) await new Promise((resolve) => setTimeout(resolve, 1));
    const waiting = waiter.getOrSet('k', () => 'never').catch((e: unknown) => e);
    while (waiter.multilevelStats().lockWaits === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await waiter.close();
    expect(isCacheError(await waiting, ErrorCode.Closed)).toBe(true);
    gate.resolve('holder');
    await held;
  });
});

describe('load lock options', () => {
  const levels = () => [{ name: 'l1', tier: memory() }];
  it('rejects what is not a lock or not a duration, naming the option', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ lock: {} }, 'lock'],
      [{ lock: 'redis' }, 'lock'],
      [{ lockTtl: 0 }, 'lockTtl'],
      [{ lockTtl: Infinity }, 'lockTtl'],
      [{ lockWait: -1 }, 'lockWait'],
      [{ lockWait: Infinity }, 'lockWait'],
      [{ lockWait: 'forever' }, 'lockWait'],
      [{ lockPollInterval: 0 }, 'lockPollInterval'],
    ];
    for (const [options, option] of cases) {
      let error: unknown;
      try {
        new MultiLevelCache({ levels: levels(), ...options });
      } catch (e) {
        error = e;
      }
      expect(isCacheError(error, ErrorCode.InvalidOption), option).toBe(true);
      expect(error).toMatchObject({ option });
    }
  });

  it('defaults: a lease longer than a load, a wait longer than the lease', () => {
    expect(DEFAULT_LOCK_TTL).toBe(10_000);
    expect(DEFAULT_LOCK_WAIT).toBeGreaterThan(DEFAULT_LOCK_TTL);
    expect(DEFAULT_LOCK_POLL_INTERVAL).toBe(50);
    const cache = new MultiLevelCache({ levels: levels(), lock: new MemoryLoadLock(), lockTtl: '2s', lockWait: '3s', lockPollInterval: '10ms' });
    cleanup.push(() => cache.close());
    expect(cache.multilevelStats()).toMatchObject({ lockWaits: 0, unlockedLoads: 0, lockErrors: 0 });
  });
});
