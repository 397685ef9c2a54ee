import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError, type InvalidOptionError } from '@cache/core';
import { RedisClusterCache, keySlot } from '../src/index.js';
import { clusterNodes, createCache, useRawCluster, uniquePrefix } from './helpers.js';

const raw = useRawCluster();

/** Every key on every master matching `pattern`, found with SCAN on each master directly. */
async function keysOnMasters(pattern: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const master of raw.nodes('master')) {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await master.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    out.set(`${master.options.host}:${master.options.port}`, found);
  }
  return out;
}

const total = (byMaster: Map<string, string[]>) => [...byMaster.values()].reduce((sum, keys) => sum + keys.length, 0);

describe('clear by prefix', () => {
  it('removes the namespace from every master and nothing else', async () => {
    const base = uniquePrefix('clear');
    const mine = new RedisClusterCache({ nodes: clusterNodes(), prefix: `${base}-a` });
    const neighbour = new RedisClusterCache({ nodes: clusterNodes(), prefix: `${base}-ab` }); // shares the text "…-a" + "b"
    try {
      const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
      await mine.setMany(keys.map((key) => ({ key, value: key })));
      await neighbour.setMany(keys.map((key) => ({ key, value: key })));
      const unprefixed = keys.slice(0, 30).map((key) => `${base}-a${key}`); // no ':' after the prefix: not the namespace
      for (const key of unprefixed) await raw.set(key, 'keep');

      const before = await keysOnMasters(`${base}-a:*`);
      expect([...before.values()].every((onNode) => onNode.length > 0)).toBe(true); // the namespace lives on all 3 masters
      expect(total(before)).toBe(300);

      expect(await mine.clearPrefix()).toBe(300);
      expect(total(await keysOnMasters(`${base}-a:*`))).toBe(0);
      expect(total(await keysOnMasters(`${base}-ab:*`))).toBe(300);
      expect(await raw.exists(unprefixed[0]!)).toBe(1);
      expect(await neighbour.getMany(keys.slice(0, 5))).toEqual(keys.slice(0, 5));
      expect(mine.stats().deletes).toBe(300);
      await mine.clear(); // nothing left: still fine
      for (const key of unprefixed) await raw.unlink(key);
    } finally {
      await neighbour.clear();
      await Promise.all([mine.close(), neighbour.close()]);
    }
  });

  it('clearPrefix(sub) removes only keys starting with sub, and escapes glob characters', async () => {
    const cache = createCache({ prefix: `${uniquePrefix('glob')}[*?]` });
    try {
      const keys = [
        ...Array.from({ length: 60 }, (_, i) => `user:${i}`),
        ...Array.from({ length: 60 }, (_, i) => `order:${i}`),
        'user*', 'use', 'u?er:1',
      ];
      await cache.setMany(keys.map((key) => ({ key, value: 1 })));
      expect(new Set(keys.map((key) => raw.slots[keySlot(`${cache.prefix}:${key}`)]![0])).size).toBe(3);
      expect(await cache.clearPrefix('user')).toBe(61); // user:0..59 and 'user*'
      expect(await cache.getMany(['user:1', 'order:1', 'use', 'u?er:1', 'user*'])).toEqual([undefined, 1, 1, 1, undefined]);
      expect(await cache.clearPrefix('u?er')).toBe(1); // the literal '?', not a wildcard
      expect(await cache.get('order:59')).toBe(1);
      await cache.clear();
      expect(await cache.get('order:59')).toBe(undefined);
    } finally {
      await cache.close();
    }
  });

  it('refuses to run without a prefix, and changes nothing', async () => {
    const cache = new RedisClusterCache({ nodes: clusterNodes() });
    try {
      await expect(cache.clear()).rejects.toSatisfy((error: unknown) => isCacheError(error, ErrorCode.InvalidOption) && (error as InvalidOptionError).option === 'prefix');
      await expect(cache.clearPrefix(42 as unknown as string)).rejects.toSatisfy((error) => isCacheError(error, ErrorCode.InvalidArgument));
    } finally {
      await cache.close();
    }
  });
});

describe('a raw node connection sees only its own slots', () => {
  it('which is why clear must scan every master', async () => {
    const cache = createCache();
    try {
      await cache.setMany(Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: i })));
      const [first] = clusterNodes();
      const single = new Redis({ host: first!.host, port: first!.port });
      const [, seen] = await single.scan('0', 'MATCH', `${cache.prefix}:*`, 'COUNT', 10_000);
      await single.quit();
      expect(seen.length).toBeLessThan(50);
      await cache.clear();
    } finally {
      await cache.close();
    }
  });
});
