import { describe, expect, it } from 'vitest';
import { MapTier } from '../src/testing/index.js';
import { isInProcessTier, toAsyncTier, type CacheTier, type InProcessCacheTier, type SyncCacheTier } from '../src/index.js';

/** The smallest in-process tier: a sync face over a map tier's entries, plus its async face. */
function inProcess(): InProcessCacheTier<string> {
  const values = new Map<string, string>();
  const tier: InProcessCacheTier<string> = {
    name: 'tiny',
    get: (key) => values.get(key),
    getEntry: (key) => (values.has(key) ? { value: values.get(key)!, remainingTtl: Infinity } : undefined),
    set: (key, value) => (values.set(key, value), true),
    delete: (key) => values.delete(key),
    has: (key) => values.has(key),
    getMany: (keys) => keys.map((key) => values.get(key)),
    setMany: (entries) => (entries.forEach(({ key, value }) => values.set(key, value)), true),
    deleteMany: (keys) => keys.filter((key) => values.delete(key)).length,
    clear: () => values.clear(),
    stats: () => new MapTier().stats(),
    close: () => undefined,
    peek: (key) => values.get(key),
    asAsync: () => (face ??= toAsyncTier(tier)),
  };
  let face: CacheTier<string> | undefined;
  return tier;
}

describe('isInProcessTier', () => {
  it('recognises a synchronous tier with its own asynchronous face', () => {
    const tier = inProcess();
    expect(isInProcessTier(tier)).toBe(true);
    expect(tier.asAsync().sync).toBe(tier);
  });

  it('rejects async tiers, even with a sync face, and bare sync tiers', () => {
    const tier = inProcess();
    const { asAsync: _asAsync, ...bare } = tier;
    expect(isInProcessTier(new MapTier())).toBe(false);
    expect(isInProcessTier(tier.asAsync())).toBe(false);
    expect(isInProcessTier(bare satisfies SyncCacheTier<string>)).toBe(false);
  });
});
