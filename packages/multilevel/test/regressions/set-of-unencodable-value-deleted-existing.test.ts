/**
 * Issue 9, item 7: `set(k, unencodable)` deleted the existing value of k in
 * every level (the write failed at L2, and the cleanup removed k
 * everywhere). Bad input must change nothing.
 */
import { describe, expect, it } from 'vitest';
import { SerializationError, type SetManyEntry, type SetOptions } from '@cache/core';
import { MapTier, MemoryBusHub } from '@cache/core/testing';
import { MultiLevelCache } from '../../src/index.js';
import { memory } from '../helpers.js';

/** A remote-like tier that, like Redis with msgpack, cannot encode functions. */
class EncodingTier extends MapTier<unknown> {
  override async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    if (typeof (value as { v?: unknown }).v === 'function') throw new SerializationError('cannot encode a function', { key, tier: this.name });
    return super.set(key, value, options);
  }
  override async setMany(entries: readonly SetManyEntry<unknown>[], options?: SetOptions): Promise<boolean> {
    const bad = entries.find((e) => typeof (e.value as { v?: unknown }).v === 'function');
    if (bad !== undefined) throw new SerializationError('cannot encode a function', { key: bad.key, tier: this.name });
    return super.setMany(entries, options);
  }
}

describe('a value a level cannot encode', () => {
  it('rejects with that level’s SerializationError and leaves every level as it was', async () => {
    const l1 = memory();
    const l2 = new EncodingTier({ name: 'l2' });
    const bus = new MemoryBusHub().endpoint('a');
    const published: unknown[] = [];
    const publish = bus.publish.bind(bus);
    bus.publish = (message) => {
      published.push(message);
      return publish(message);
    };
    const cache = new MultiLevelCache<unknown>({ levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }], bus });
    await cache.set('k', 'old');
    await new Promise((resolve) => setTimeout(resolve, 10));
    published.length = 0;
    await expect(cache.set('k', () => 'nope')).rejects.toBeInstanceOf(SerializationError);
    expect(l1.peek('k')).toMatchObject({ v: 'old' });
    expect(await l2.get('k')).toMatchObject({ v: 'old' });
    expect(await cache.get('k')).toBe('old');
    expect(cache.multilevelStats().failingLevels).toEqual([]); // bad input is not an outage
    await expect(cache.setMany([{ key: 'k', value: 'new' }, { key: 'j', value: () => 'nope' }])).rejects.toBeInstanceOf(SerializationError);
    expect(await cache.get('k')).toBe('old');
    expect(await l2.has('j')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(published).toEqual([]); // nothing was stored, so nothing is announced
    await cache.close();
  });
});
