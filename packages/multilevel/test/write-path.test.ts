import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { MultiLevelCache, MultiLevelWriteError } from '../src/index.js';
import { FlakyTier, memory } from './helpers.js';

function setup() {
  const clock = new FakeClock();
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

  it('a level that fails makes set throw, naming it, and no faster level keeps the value', async () => {
    const { cache, l1, l2, l3 } = setup();
    await cache.set('k', 'old');
    l3.failing.add('set');
    const error = await cache.set('k', 'new').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultiLevelWriteError);
    expect(isCacheError(error, ErrorCode.Connection)).toBe(true);
    expect((error as MultiLevelWriteError).failedLevels).toEqual(['l3']);
    expect((error as MultiLevelWriteError).failures[0]!.cause).toBeInstanceOf(Error);
    expect(l1.peek('k')).toBeUndefined();
    expect(l2.peekRaw('k')).toBeUndefined();
    expect(l3.peekRaw('k')).toBeUndefined(); // its delete still worked: the key is gone everywhere
    expect(cache.multilevelStats().levelErrors.l3).toBeGreaterThanOrEqual(1);
  });

  it('a middle level that fails removes what the slower level wrote', async () => {
    const { cache, l1, l2, l3 } = setup();
    l2.failing.add('set');
    await expect(cache.set('k', 'v')).rejects.toMatchObject({ failedLevels: ['l2'], operation: 'set', key: 'k' });
    expect(l3.peekRaw('k')).toBeUndefined();
    expect(l1.peek('k')).toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
  });

  it('a level that resolves false (could not store) is a failure too', async () => {
    const { cache, l3 } = setup();
    l3.refuse = true;
    await expect(cache.set('k', 'v')).rejects.toMatchObject({ code: ErrorCode.Backend, failedLevels: ['l3'] });
    await expect(cache.setMany([{ key: 'a', value: '1' }])).rejects.toMatchObject({ operation: 'setMany', failedLevels: ['l3'] });
    expect(cache.stats().sets).toBe(0);
  });

  it('setMany writes every level and removes the batch when one fails', async () => {
    const { cache, l1, l2, l3 } = setup();
    await cache.setMany([{ key: 'a', value: 'A' }, { key: 'b', value: 'B', ttl: 5_000 }], { ttl: 10_000 });
    expect(l1.getRemainingTtl('b')).toBe(5_000);
    expect(l3.peekRaw('a')).toMatchObject({ v: 'A' });
    l2.failing.add('set');
    await expect(cache.setMany([{ key: 'a', value: 'A2' }, { key: 'c', value: 'C' }])).rejects.toBeInstanceOf(MultiLevelWriteError);
    expect(l1.peek('a')).toBeUndefined();
    expect(l3.peekRaw('c')).toBeUndefined();
    expect(l3.peekRaw('b')).toMatchObject({ v: 'B' }); // outside the failed batch
  });

  it('delete removes the key from every level, even when one fails', async () => {
    const { cache, l1, l2, l3 } = setup();
    await cache.set('k', 'v');
    l2.failing.add('delete');
    await expect(cache.delete('k')).rejects.toMatchObject({ operation: 'delete', failedLevels: ['l2'] });
    expect(l1.peek('k')).toBeUndefined();
    expect(l3.peekRaw('k')).toBeUndefined();
    l2.failing.clear();
    expect(await cache.delete('k')).toBe(true);
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
