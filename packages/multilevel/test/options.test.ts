import { describe, expect, it } from 'vitest';
import { InvalidOptionError, toAsyncTier } from '@cache/core';
import { MapTier } from '@cache/core/testing';
import { MultiLevelCache, type MultiLevelCacheOptions } from '../src/index.js';
import { memory } from './helpers.js';

const rejects = (options: unknown, option: string) => {
  let error: unknown;
  try {
    new MultiLevelCache(options as MultiLevelCacheOptions);
  } catch (e) {
    error = e;
  }
  expect(error, `expected InvalidOptionError naming ${option}`).toBeInstanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).option).toBe(option);
  expect((error as InvalidOptionError).message.length).toBeGreaterThan(10);
};

describe('options', () => {
  it('validates the failure options: degradedTtl, recoveryInterval, maxRepairs', () => {
    const levels = [{ name: 'l1', tier: memory() }];
    rejects({ levels, degradedTtl: 0 }, 'degradedTtl');
    rejects({ levels, degradedTtl: 'soon' }, 'degradedTtl');
    rejects({ levels, recoveryInterval: -1 }, 'recoveryInterval');
    rejects({ levels, recoveryInterval: Infinity }, 'recoveryInterval');
    rejects({ levels, maxRepairs: 0 }, 'maxRepairs');
    rejects({ levels, maxRepairs: 1.5 }, 'maxRepairs');
    expect(() => new MultiLevelCache({ levels: [{ name: 'l1', tier: memory() }], degradedTtl: '10s', recoveryInterval: 500, maxRepairs: 5 })).not.toThrow();
  });

  it('needs at least one level', () => {
    rejects(undefined, 'options');
    rejects({}, 'levels');
    rejects({ levels: [] }, 'levels');
    rejects({ levels: 'l1' }, 'levels');
  });

  it('needs each level to have a unique name and a tier', () => {
    rejects({ levels: [{ tier: memory() }] }, 'levels[0].name');
    rejects({ levels: [{ name: '', tier: memory() }] }, 'levels[0].name');
    rejects({ levels: [{ name: 'a', tier: memory() }, { name: 'a', tier: memory() }] }, 'levels[1].name');
    rejects({ levels: [{ name: 'a', tier: {} }] }, 'levels[0].tier');
    rejects({ levels: [{ name: 'a' }] }, 'levels[0].tier');
    const tier = memory();
    rejects({ levels: [{ name: 'a', tier }, { name: 'b', tier }] }, 'levels');
    rejects({ levels: [{ name: 'a', tier: memory(), ttl: 5 }] }, 'levels[0].ttl');
  });

  it('rejects bad durations naming the option', () => {
    const levels = [{ name: 'l1', tier: memory() }];
    rejects({ levels: [{ name: 'l1', tier: memory(), maxTtl: 0 }] }, 'levels[0].maxTtl');
    rejects({ levels: [{ name: 'l1', tier: memory(), maxTtl: '10 parsecs' }] }, 'levels[0].maxTtl');
    rejects({ levels, defaultTtl: -1 }, 'defaultTtl');
    rejects({ levels, defaultTtl: 0 }, 'defaultTtl');
    rejects({ levels, grace: Number.NaN }, 'grace');
    rejects({ levels, softTimeout: 'later' }, 'softTimeout');
    rejects({ levels, hardTimeout: 0 }, 'hardTimeout');
  });

  it('rejects unknown options and bad companions', () => {
    const levels = [{ name: 'l1', tier: memory() }];
    rejects({ levels, ttl: '5m' }, 'ttl');
    rejects({ levels, name: '' }, 'name');
    rejects({ levels, namespace: 3 }, 'namespace');
    rejects({ levels, bus: {} }, 'bus');
    rejects({ levels, clock: Date }, 'clock');
    rejects({ levels: [{ name: 'l1', tier: memory(), shared: 'yes' }] }, 'levels[0].shared');
  });

  it('accepts durations as strings and numbers, and lists the levels fastest first', () => {
    const cache = new MultiLevelCache({
      name: 'users',
      defaultTtl: '5m',
      grace: '1h',
      softTimeout: 50,
      hardTimeout: '2s',
      levels: [
        { name: 'l1', tier: memory(), maxTtl: '30s' },
        { name: 'l2', tier: new MapTier() },
      ],
    });
    expect(cache.name).toBe('users');
    expect(cache.levelNames).toEqual(['l1', 'l2']);
  });

  it('treats a level with a synchronous face as local and others as shared, unless told', () => {
    const cache = new MultiLevelCache({
      levels: [
        { name: 'memory', tier: memory() },
        { name: 'wrapped', tier: toAsyncTier(memory()) },
        { name: 'remote', tier: new MapTier() },
        { name: 'pinned', tier: new MapTier(), shared: false },
      ],
    });
    expect(cache.levelStats().map((level) => [level.name, level.shared])).toEqual([
      ['memory', false],
      ['wrapped', false],
      ['remote', true],
      ['pinned', false],
    ]);
  });
});

describe('a bare synchronous tier (not MemoryCache)', () => {
  it('works as a level, read like a remote one', async () => {
    const inner = memory();
    const bare = {
      name: 'bare',
      get: (key: string) => inner.get(key),
      getEntry: (key: string) => inner.getEntry(key),
      set: (key: string, value: unknown, o?: { ttl?: number }) => inner.set(key, value, o),
      delete: (key: string) => inner.delete(key),
      has: (key: string) => inner.has(key),
      getMany: (keys: readonly string[]) => inner.getMany(keys),
      setMany: (entries: any, o?: any) => inner.setMany(entries, o),
      deleteMany: (keys: readonly string[]) => inner.deleteMany(keys),
      clear: () => inner.clear(),
      stats: () => inner.stats(),
      close: () => inner.close(),
    };
    const below = new MapTier();
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'bare', tier: bare }, { name: 'below', tier: below }] });
    await below.set('k', { v: 'v' });
    expect(await cache.get('k')).toBe('v');
    expect(inner.peek('k')).toEqual({ v: 'v' }); // promoted
    expect(await cache.getMany(['k', 'x'])).toEqual(['v', undefined]);
    expect(cache.levelStats()[0]!.shared).toBe(true);
  });
});
