import { describe, expect, it } from 'vitest';
import { toAsyncTier, type CacheTier, type InProcessCacheTier } from '@cache/core';
import { MapTier } from '@cache/core/testing';
import { MultiLevelCache, type StoredEntry } from '../src/index.js';
import { memory } from './helpers.js';

/** An in-process tier of one's own (core's contract, not a MemoryCache) that records which reads it served. */
function ownTier() {
  const inner = memory();
  const reads: string[] = [];
  let face: CacheTier<StoredEntry<string>> | undefined;
  const tier: InProcessCacheTier<StoredEntry<string>> = {
    name: 'own',
    get: (key) => (reads.push(`get ${key}`), inner.get(key) as StoredEntry<string> | undefined),
    getEntry: (key) => (reads.push(`getEntry ${key}`), inner.getEntry(key) as ReturnType<typeof tier.getEntry>),
    peek: (key) => (reads.push(`peek ${key}`), inner.peek(key) as StoredEntry<string> | undefined),
    set: (key, value, options) => inner.set(key, value, options),
    delete: (key) => inner.delete(key),
    has: (key) => inner.has(key),
    getMany: (keys) => inner.getMany(keys) as (StoredEntry<string> | undefined)[],
    setMany: (entries, options) => inner.setMany(entries, options),
    deleteMany: (keys) => inner.deleteMany(keys),
    clear: () => inner.clear(),
    stats: () => inner.stats(),
    close: () => inner.close(),
    asAsync: () => (face ??= toAsyncTier(tier)),
  };
  return { tier, reads };
}

describe('a level given as an InProcessCacheTier', () => {
  it('is read through its synchronous face, and has() asks its peek (no hit counted)', async () => {
    const { tier, reads } = ownTier();
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'own', tier }, { name: 'below', tier: new MapTier() }] });
    await cache.set('k', 'v');
    expect(cache.levelStats()[0]!.shared).toBe(false); // a synchronous face: local to this instance
    expect(await cache.has('k')).toBe(true);
    expect(reads).toEqual(['peek k']);
    expect(await cache.get('k')).toBe('v');
    expect(reads).toEqual(['peek k', 'get k']); // read synchronously: no await on an L1 hit
    expect(tier.stats()).toMatchObject({ hits: 1, misses: 0 });
    await cache.close();
  });
});
