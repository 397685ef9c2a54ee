import { describe, expect, it } from 'vitest';
import { FakeClock } from '@cache/core/testing';
import { MultiLevelCache, type StoredEntry } from '../src/index.js';
import { FlakyTier, deferred, memory } from './helpers.js';

function setup(options: { l1MaxTtl?: number } = {}) {
  const clock = new FakeClock();
  const l1 = memory(clock);
  const l2 = memory(clock);
  const l3 = new FlakyTier({ name: 'l3', clock });
  const cache = new MultiLevelCache<string>({
    clock,
    levels: [
      { name: 'l1', tier: l1, ...(options.l1MaxTtl === undefined ? {} : { maxTtl: options.l1MaxTtl }) },
      { name: 'l2', tier: l2.asAsync() },
      { name: 'l3', tier: l3 },
    ],
  });
  /** Puts an envelope straight into a level, as another instance would have. */
  const seed = async (tier: { set(key: string, value: StoredEntry<string>, o?: { ttl?: number }): unknown }, key: string, v: string, ttl: number) => {
    await tier.set(key, { v, e: clock.now() + ttl }, { ttl });
  };
  return { clock, l1, l2, l3, cache, seed };
}

describe('read path', () => {
  it('the first level that hits wins', async () => {
    const { cache, l2, l3, seed } = setup();
    await seed(l2, 'k', 'from-l2', 10_000);
    await seed(l3, 'k', 'from-l3', 10_000);
    expect(await cache.get('k')).toBe('from-l2');
    expect(cache.multilevelStats().levelHits).toEqual({ l1: 0, l2: 1, l3: 0 });
  });

  it('promotes with the remaining ttl, never longer', async () => {
    const { cache, clock, l1, l2, l3, seed } = setup();
    await seed(l3, 'k', 'v', 10_000);
    clock.advance(7_000);
    expect(await cache.get('k')).toBe('v');
    expect(l1.getRemainingTtl('k')).toBe(3_000);
    expect(l2.getRemainingTtl('k')).toBe(3_000);
    clock.advance(3_001);
    expect(await cache.get('k')).toBeUndefined();
    expect(l1.peek('k')).toBeUndefined();
  });

  it('a copy promoted from a remote level lives until the end of the grace period, not longer', async () => {
    const { cache, clock, l1, l2 } = setup();
    await cache.set('k', 'v', { ttl: 1_000, grace: 60_000 });
    l1.clear();
    l2.clear();
    clock.advance(500);
    expect(await cache.get('k')).toBe('v'); // from l3, promoted
    expect(l1.getRemainingTtl('k')).toBe(60_500);
    clock.advance(1_000); // logically stale: getOrSet can still serve the promoted copy when loading fails
    expect(await cache.getOrSet('k', () => Promise.reject(new Error('source down')), { grace: 60_000 })).toBe('v');
  });

  it('reads a remote level with one plain get (no TTL query)', async () => {
    const clock = new FakeClock();
    const calls: string[] = [];
    const remote = new FlakyTier({ name: 'remote', clock });
    const counted = new Proxy(remote, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: memory(clock) }, { name: 'remote', tier: counted }] });
    await remote.set('k', { v: 'v', e: clock.now() + 5_000 }, { ttl: 5_000 });
    calls.length = 0;
    expect(await cache.get('k')).toBe('v');
    expect(calls).toEqual(['get']);
    await cache.close();
  });

  it('caps a promoted copy to the level maxTtl', async () => {
    const { cache, l1, l3, seed } = setup({ l1MaxTtl: 1_000 });
    await seed(l3, 'k', 'v', 60_000);
    await cache.get('k');
    expect(l1.getRemainingTtl('k')).toBe(1_000);
  });

  it('an L1 hit resolves without waiting on anything', async () => {
    const { cache, l3 } = setup();
    await cache.set('k', 'v');
    l3.failing.add('get'); // a slower level is never asked
    let seen: string | undefined;
    void cache.get('k').then((v) => (seen = v));
    await Promise.resolve();
    expect(seen).toBe('v');
    expect(cache.levelStats()[2]!.errors).toBe(0);
  });

  it('a level that throws counts an error, reads continue below it, and skip it while it is failing', async () => {
    const clock = new FakeClock();
    const broken = new FlakyTier({ name: 'broken', clock });
    const below = new FlakyTier({ name: 'below', clock });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: memory(clock) }, { name: 'broken', tier: broken }, { name: 'below', tier: below }] });
    await cache.set('k', 'v');
    await cache.delete('k');
    await below.set('k', { v: 'deep' });
    broken.failing.add('get');
    expect(await cache.get('k')).toBe('deep');
    expect(await cache.get('other')).toBeUndefined();
    const stats = cache.multilevelStats();
    expect(stats.levelErrors).toEqual({ l1: 0, broken: 1, below: 0 }); // the second read skipped it
    expect(stats.failingLevels).toEqual(['broken']);
    expect(stats.levelHits.below).toBe(1);
    expect(stats.totalMisses).toBe(1);
  });

  it('a value past its ttl is a miss even while grace keeps it stored', async () => {
    const { cache, clock, l1 } = setup();
    await cache.set('k', 'v', { ttl: 1_000, grace: 60_000 });
    clock.advance(1_000);
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getEntry('k')).toBeUndefined();
    expect(await cache.has('k')).toBe(false);
    expect(l1.peek('k')).toEqual({ v: 'v', e: expect.any(Number), p: expect.any(Number) });
  });

  it('getEntry reports the logical remaining ttl', async () => {
    const { cache, clock } = setup();
    await cache.set('k', 'v', { ttl: 5_000, grace: 10_000 });
    clock.advance(1_000);
    expect(await cache.getEntry('k')).toEqual({ value: 'v', remainingTtl: 4_000 });
  });

  it('an entry not written by a tiered cache reads as a miss and counts an error', async () => {
    const { cache, l3 } = setup();
    await l3.set('raw', 'not an envelope');
    expect(await cache.get('raw')).toBeUndefined();
    expect(cache.multilevelStats().levelErrors.l3).toBe(1);
  });
});

describe('getMany', () => {
  it('asks each level only for the keys still missing, and promotes the hits', async () => {
    const { cache, l1, l2, l3, seed } = setup();
    await seed(l1, 'a', 'A1', 10_000);
    await seed(l2, 'b', 'B2', 10_000);
    await seed(l3, 'c', 'C3', 10_000);
    await seed(l3, 'a', 'A3', 10_000);
    const l3Before = l3.stats();
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual(['A1', 'B2', 'C3', undefined]);
    const l3After = l3.stats();
    expect(l3After.hits + l3After.misses - l3Before.hits - l3Before.misses).toBe(2); // c and d only
    expect(l1.peek('b')).toMatchObject({ v: 'B2' });
    expect(l1.peek('c')).toMatchObject({ v: 'C3' });
    expect(l2.peek('c')).toMatchObject({ v: 'C3' });
    expect(cache.multilevelStats()).toMatchObject({ totalGets: 4, totalMisses: 1, levelHits: { l1: 1, l2: 1, l3: 1 } });
  });

  it('a failing level leaves its keys to the levels below', async () => {
    const clock = new FakeClock();
    const broken = new FlakyTier({ name: 'broken', clock });
    const below = new FlakyTier({ name: 'below', clock });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'broken', tier: broken }, { name: 'below', tier: below }] });
    await below.set('k', { v: 'v' });
    broken.failing.add('get');
    expect(await cache.getMany(['k', 'x'])).toEqual(['v', undefined]);
    expect(cache.multilevelStats().levelErrors.broken).toBe(1);
  });

  it('promotes for the logical remaining time from an async level', async () => {
    const { cache, clock, l1, l3, seed } = setup();
    await seed(l3, 'k', 'v', 10_000);
    clock.advance(4_000);
    await cache.getMany(['k']);
    expect(l1.getRemainingTtl('k')).toBe(6_000);
  });
});

describe('promotion races', () => {
  it('a read that overlaps a delete of its key does not resurrect the old value in L1', async () => {
    const clock = new FakeClock();
    const l1 = memory(clock);
    const l2 = new FlakyTier({ name: 'l2', clock });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
    await cache.setMany([{ key: 'k', value: 'old' }, { key: 'm', value: 'old' }]);
    l1.clear();
    const gate = deferred<void>();
    l2.hold = gate.promise;
    const reading = cache.get('k'); // has read 'old' from l2, answer held in flight
    const readingMany = cache.getMany(['m']);
    await cache.deleteMany(['k', 'm']);
    gate.resolve();
    expect(await reading).toBe('old');
    expect(await readingMany).toEqual(['old']);
    expect(l1.peek('k')).toBeUndefined();
    expect(l1.peek('m')).toBeUndefined();
  });

  it('a write to another key does not stop a promotion', async () => {
    const clock = new FakeClock();
    const l1 = memory(clock);
    const l2 = new FlakyTier({ name: 'l2', clock });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
    await cache.set('k', 'v');
    l1.delete('k');
    const reading = cache.get('k');
    await cache.set('other', 'x');
    expect(await reading).toBe('v');
    expect(l1.peek('k')).toMatchObject({ v: 'v' });
  });
});
