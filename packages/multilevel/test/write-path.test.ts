import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { DEFAULT_DEGRADED_TTL, MultiLevelCache, MultiLevelWriteError } from '../src/index.js';
import { eventually, FlakyTier, memory } from './helpers.js';

function setup() {
  const clock = new FakeClock(Date.now());
  const l1 = memory(clock);
  const l2 = new FlakyTier({ name: 'l2', clock });
  const l3 = new FlakyTier({ name: 'l3', clock });
  const cache = new MultiLevelCache<string>({
    clock,
    levels: [
      { name: 'l1', tier: l1, maxTtl: '1m' },
      { name: 'l2', tier: l2 },
      { name: 'l3', tier: l3 },
    ],
    recoveryInterval: 10,
  });
  return { clock, l1, l2, l3, cache };
}

describe('write path', () => {
  it('set writes every level with the ttl capped per level', async () => {
    const { cache, l1, l2, l3 } = setup();
    expect(await cache.set('k', 'v', { ttl: '1h' })).toBe(true);
    expect(l1.getRemainingTtl('k')).toBe(60_000);
    expect((await l2.getEntry('k'))?.remainingTtl).toBe(3_600_000);
    expect(l3.peekRaw('k')).toEqual({ v: 'v', e: expect.any(Number) });
  });

  it('writes the slowest level first', async () => {
    const { cache, l1, l2, l3 } = setup();
    const order: string[] = [];
    const spy = (name: string, tier: { set: (...args: any[]) => any }) => {
      const original = tier.set.bind(tier);
      tier.set = (...args: any[]) => {
        order.push(name);
        return original(...args);
      };
    };
    spy('l1', l1);
    spy('l2', l2);
    spy('l3', l3);
    await cache.set('k', 'v');
    expect(order).toEqual(['l3', 'l2', 'l1']);
  });

  it('a failing level does not stop the others: set resolves false, the faster level holds the value for at most degradedTtl', async () => {
    const { cache, l1, l2, l3 } = setup();
    await cache.set('k', 'old');
    l3.failing.add('set');
    expect(await cache.set('k', 'new', { ttl: '1h' })).toBe(false);
    expect(l1.peek('k')).toMatchObject({ v: 'new' });
    expect(l1.getRemainingTtl('k')).toBe(DEFAULT_DEGRADED_TTL);
    expect(l2.peekRaw('k')).toMatchObject({ v: 'new' });
    expect(l3.peekRaw('k')).toMatchObject({ v: 'old' }); // until it is repaired
    expect(cache.multilevelStats().levelErrors.l3).toBe(1);
    expect(cache.stats().sets).toBe(2);
  });

  it('a failing shared level is repaired when it returns (last write wins, deletes included; by deleting)', async () => {
    const { cache, l1, l2, l3 } = setup();
    await cache.setMany([{ key: 'a', value: 'a0' }, { key: 'b', value: 'b0' }, { key: 'c', value: 'c0' }]);
    l2.failing.add('set').add('delete').add('has');
    expect(await cache.set('a', 'a1')).toBe(false);
    expect(await cache.set('a', 'a2')).toBe(false); // skipped at once: l2 is failing
    expect(await cache.delete('b')).toBe(true);
    expect(await cache.setMany([{ key: 'c', value: 'c1' }, { key: 'd', value: 'd1' }])).toBe(false);
    expect(cache.multilevelStats()).toMatchObject({ pendingRepairs: 4, failingLevels: ['l2'] });
    l2.failing.clear();
    expect(await eventually(() => cache.multilevelStats().failingLevels.length === 0)).toBe(true);
    for (const [key, value] of [['a', 'a2'], ['c', 'c1'], ['d', 'd1']] as const) {
      // l2 is shared: repaired by deleting (a replay must never put back a value another instance overwrote)
      expect(l2.peekRaw(key)).toBeUndefined();
      expect(l3.peekRaw(key)).toMatchObject({ v: value });
      expect(l1.peek(key)).toMatchObject({ v: value });
    }
    expect(l2.peekRaw('b')).toBeUndefined();
    expect(cache.multilevelStats()).toMatchObject({ repairs: 4, pendingRepairs: 0 });
    // used again: a write reaches it with its full ttl
    expect(await cache.set('a', 'a3')).toBe(true);
    expect(l2.peekRaw('a')).toMatchObject({ v: 'a3' });
  });

  it('a level that resolves false (could not store) loses its older copy, faster levels keep it briefly, and set resolves false', async () => {
    const { cache, l1, l2, l3 } = setup();
    await cache.set('k', 'old');
    l2.refuse = true;
    expect(await cache.set('k', 'new')).toBe(false);
    expect(l2.peekRaw('k')).toBeUndefined();
    expect(l3.peekRaw('k')).toMatchObject({ v: 'new' });
    expect(l1.getRemainingTtl('k')).toBe(DEFAULT_DEGRADED_TTL);
    expect(await cache.get('k')).toBe('new');
    expect(cache.multilevelStats().failingLevels).toEqual([]); // "not stored" is not an outage
  });

  it('a write no level took throws MultiLevelWriteError naming them, and counts no set', async () => {
    const clock = new FakeClock();
    const l2 = new FlakyTier({ name: 'l2', clock });
    const l3 = new FlakyTier({ name: 'l3', clock });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l2', tier: l2 }, { name: 'l3', tier: l3 }] });
    l3.refuse = true;
    l2.failing.add('set');
    const error = await cache.set('k', 'v').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultiLevelWriteError);
    expect(isCacheError(error, ErrorCode.Connection)).toBe(true);
    expect(error).toMatchObject({ operation: 'set', key: 'k', failedLevels: ['l2', 'l3'] });
    await expect(cache.setMany([{ key: 'a', value: '1' }])).rejects.toMatchObject({ operation: 'setMany' });
    expect(cache.stats().sets).toBe(0);
  });

  it('delete removes the key from every level, and from a failing one when it returns', async () => {
    const { cache, l1, l2, l3 } = setup();
    await cache.set('k', 'v');
    l2.failing.add('delete');
    expect(await cache.delete('k')).toBe(true);
    expect(l1.peek('k')).toBeUndefined();
    expect(l3.peekRaw('k')).toBeUndefined();
    expect(l2.peekRaw('k')).toMatchObject({ v: 'v' });
    l2.failing.clear();
    expect(await eventually(() => l2.peekRaw('k') === undefined)).toBe(true);
    expect(await cache.delete('k')).toBe(false);
  });

  it('deleteMany and clear reach every level', async () => {
    const { cache, l1, l3 } = setup();
    await cache.setMany([{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }]);
    expect(await cache.deleteMany(['a', 'b', 'zzz'])).toBe(2);
    expect(l3.peekRaw('a')).toBeUndefined();
    await cache.clear();
    expect(l1.size).toBe(0);
    expect(l3.peekRaw('c')).toBeUndefined();
  });

  it('has does not count a hit or a miss', async () => {
    const { cache } = setup();
    await cache.set('k', 'v');
    expect(await cache.has('k')).toBe(true);
    expect(await cache.has('nope')).toBe(false);
    const stats = cache.multilevelStats();
    expect(stats.totalGets + stats.totalMisses).toBe(0);
    expect(Object.values(stats.levelHits)).toEqual([0, 0, 0]);
  });

  it('has finds a value held only by a slower level', async () => {
    const { cache, l1 } = setup();
    await cache.set('k', 'v');
    l1.delete('k');
    expect(await cache.has('k')).toBe(true);
  });
});
