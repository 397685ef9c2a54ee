import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError, type CacheError } from '@cache/core';
import { misspeltOptionCalls, problemOf, sweep } from '@cache/test-support/hostile';
import type { RedisClusterCache } from '../src/index.js';
import { createCache, useRawCluster } from './helpers.js';

const raw = useRawCluster();

const keys = Array.from({ length: 60 }, (_, i) => `key-${i}`);

describe('setMany with one ttl of 1e300 wrote part of its entries (cluster)', () => {
  it('rejects with InvalidArgumentError before writing any entry on any master', async () => {
    const cache = createCache();
    try {
      const entries = keys.map((key, i) => ({ key, value: i, ttl: i === 30 ? 1e300 : undefined }));
      const error = await cache.setMany(entries).catch((e: unknown) => e);
      expect(isCacheError(error, ErrorCode.InvalidArgument)).toBe(true);
      expect((error as Error).message).toMatch(/^ttl must be at most/);
      const unencodable = keys.map((key, i) => ({ key, value: i === 59 ? { cb: () => i } : i }));
      expect(isCacheError(await cache.setMany(unencodable).catch((e: unknown) => e), ErrorCode.Serialization)).toBe(true);
      const stored = await Promise.all(keys.map((key) => raw.exists(`${cache.prefix}:${key}`)));
      expect(stored.reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await cache.close();
    }
  });
});

describe('getMany in throw mode: one corrupt value failed the whole batch (cluster)', () => {
  for (const crossSlotReads of [true, false]) {
    it(`returns every good value; the corrupt one reads as a miss, reported per key (crossSlotReads: ${crossSlotReads})`, async () => {
      const cache = createCache<number>({ crossSlotReads });
      const seen: [CacheError, string][] = [];
      cache.on('error', (error, operation) => seen.push([error, operation]));
      try {
        await cache.setMany(keys.map((key, i) => ({ key, value: i })));
        await raw.set(`${cache.prefix}:key-7`, Buffer.from([0x01, 0xdd, 0xff, 0xff, 0xff, 0xff]));
        await raw.set(`${cache.prefix}:key-41`, Buffer.from([0x03, 0x7b, 0x7b]));
        const values = await cache.getMany(keys);
        expect(values).toEqual(keys.map((_, i) => (i === 7 || i === 41 ? undefined : i)));
        expect(seen.map(([error, operation]) => [error.code, error.key, operation]).sort()).toEqual([
          [ErrorCode.Serialization, 'key-41', 'getMany'],
          [ErrorCode.Serialization, 'key-7', 'getMany'],
        ]);
        expect(cache.stats().errors).toBe(2);
        expect(cache.stats().hits).toBe(58);
      } finally {
        await cache.close();
      }
    });
  }
});

describe('a misspelt per-call option was ignored (cluster): set(k, v, { tll: 5000 }) stored the entry forever', () => {
  it('set and setMany refuse it with InvalidArgumentError naming it; nothing is written on any master', async () => {
    const cache = createCache();
    try {
      await cache.set('key-0', 'old');
      const state = async () => [await cache.get('key-0'), ...(await Promise.all(keys.map((key) => raw.pttl(`${cache.prefix}:${key}`))))];
      const calls = [
        ...misspeltOptionCalls<RedisClusterCache>("set('key-0', 'new')", (c, options) => c.set('key-0', 'new', options)),
        ...misspeltOptionCalls<RedisClusterCache>("set('key-1', 1)", (c, options) => c.set('key-1', 1, options)),
        ...misspeltOptionCalls<RedisClusterCache>('setMany(60 keys)', (c, options) => c.setMany(keys.map((key, i) => ({ key, value: i })), options)),
      ];
      expect(await sweep(calls, (call) => problemOf(call, cache, { codes: [ErrorCode.InvalidArgument], state }))).toEqual([]);
    } finally {
      await cache.close();
    }
  });
});
