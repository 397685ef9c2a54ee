/**
 * Auto-recovery of a failing level: bounded records (last write wins, the
 * oldest dropped first), expired values deleted instead of rewritten, a
 * missed clear replayed, a value the level rejects removed everywhere.
 */
import { describe, expect, it } from 'vitest';
import { SerializationError, type SetOptions } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { MultiLevelCache } from '../src/index.js';
import { eventually, FlakyTier, memory } from './helpers.js';

/** A cache over a local l1 and l2 (`shared: false` by default: repaired by rewriting; a shared one is repaired by deleting). */
function setup(maxRepairs = 100, shared = false) {
  const clock = new FakeClock(Date.now());
  const l1 = memory(clock);
  const l2 = new FlakyTier({ name: 'l2', clock });
  const cache = new MultiLevelCache<string>({ clock, recoveryInterval: 10, maxRepairs, levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2, shared }] });
  const down = () => l2.failing.add('get').add('set').add('delete').add('has').add('clear');
  const recovered = () => eventually(() => cache.multilevelStats().failingLevels.length === 0);
  return { clock, l1, l2, cache, down, recovered };
}

describe('auto-recovery', () => {
  it('repairs a shared level by deleting what it missed (other instances may have written newer values meanwhile)', async () => {
    const { l2, cache, down, recovered } = setup(100, true);
    await cache.set('k', 'old');
    down();
    expect(await cache.set('k', 'new')).toBe(false);
    await cache.delete('gone');
    l2.failing.clear();
    expect(await recovered()).toBe(true);
    expect(l2.peekRaw('k')).toBeUndefined(); // never an older value put back by a replay; the next read loads afresh
    expect(cache.multilevelStats()).toMatchObject({ repairs: 2, pendingRepairs: 0 });
    await cache.close();
  });

  it('keeps at most maxRepairs records per level, dropping the oldest', async () => {
    const { l2, cache, down, recovered } = setup(2);
    down();
    for (const key of ['a', 'b', 'c']) await cache.set(key, key);
    expect(cache.multilevelStats()).toMatchObject({ pendingRepairs: 2, repairsDropped: 1 });
    l2.failing.clear();
    expect(await recovered()).toBe(true);
    expect(l2.peekRaw('a')).toBeUndefined(); // dropped: the level keeps what it had
    expect(l2.peekRaw('c')).toMatchObject({ v: 'c' });
    await cache.close();
  });

  it('deletes instead of rewriting a value that expired while the level was down', async () => {
    const { clock, l2, cache, down, recovered } = setup();
    await cache.set('k', 'old', { ttl: '1h' });
    down();
    await cache.set('k', 'short', { ttl: 1_000 });
    clock.advance(2_000);
    l2.failing.clear();
    expect(await recovered()).toBe(true);
    expect(l2.peekRaw('k')).toBeUndefined();
    await cache.close();
  });

  it('replays a clear the level missed, before the writes that followed it', async () => {
    const { l2, cache, down, recovered } = setup();
    await cache.setMany([{ key: 'a', value: 'A' }, { key: 'b', value: 'B' }]);
    down();
    await cache.clear();
    await cache.set('c', 'C');
    l2.failing.clear();
    expect(await recovered()).toBe(true);
    expect(l2.peekRaw('a')).toBeUndefined();
    expect(l2.peekRaw('c')).toMatchObject({ v: 'C' });
    await cache.close();
  });

  it('a value the returning level rejects as bad input is removed everywhere', async () => {
    const { l1, l2, cache, down, recovered } = setup();
    down();
    await cache.set('k', 'unencodable');
    expect(l1.peek('k')).toMatchObject({ v: 'unencodable' });
    const set = l2.set.bind(l2);
    l2.set = async (key: string, value: unknown, options?: SetOptions) => {
      if ((value as { v?: unknown }).v === 'unencodable') throw new SerializationError('cannot encode', { key, tier: 'l2' });
      return set(key, value, options);
    };
    l2.failing.clear();
    expect(await recovered()).toBe(true);
    expect(await eventually(() => l1.peek('k') === undefined)).toBe(true);
    expect(cache.multilevelStats()).toMatchObject({ repairsDropped: 1 });
    await cache.close();
  });

  it('close() stops probing (no replay after it)', async () => {
    const { l2, cache, down } = setup();
    down();
    await cache.set('k', 'v');
    await cache.close();
    l2.failing.clear();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(l2.writes).toEqual([]);
  });
});
