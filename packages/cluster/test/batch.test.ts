import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClusterCache, SLOT_COUNT, hashTag, keySlot } from '../src/index.js';
import { clusterNodes, createCache, useRawCluster } from './helpers.js';

const COUNT = 1000;
const keys = Array.from({ length: COUNT }, (_, i) => `key-${i}`);
const valueOf = (i: number) => ({ i, name: `value ${i}`, tags: [i % 3, i % 7] });

const raw = useRawCluster();

/** The masters' addresses, from the raw client's slot map. */
const ownerOf = (redisKey: string) => raw.slots[keySlot(redisKey)]![0]!;

for (const crossSlotReads of [true, false]) {
  describe(`1,000 keys over all slots (crossSlotReads: ${crossSlotReads})`, () => {
    let cache: RedisClusterCache;
    beforeAll(() => {
      cache = createCache({ crossSlotReads });
    });
    afterAll(async () => {
      await cache.close();
    });

    it('spreads the keys over every master and hundreds of slots', () => {
      const redisKeys = keys.map((key) => `${cache.prefix}:${key}`);
      expect(new Set(redisKeys.map(keySlot)).size).toBeGreaterThan(900);
      expect(new Set(redisKeys.map(ownerOf)).size).toBe(3);
      expect(Math.max(...redisKeys.map(keySlot))).toBeGreaterThan(SLOT_COUNT - 200);
    });

    it('setMany writes every entry with its TTL, getMany reads them in order', async () => {
      const entries = keys.map((key, i) => ({ key, value: valueOf(i), ...(i % 2 === 0 ? { ttl: 60_000 } : {}) }));
      expect(await cache.setMany(entries, { ttl: '2h' })).toBe(true);
      const values = await cache.getMany(keys);
      expect(values).toEqual(keys.map((_, i) => valueOf(i)));
      // TTLs landed with the values: per-entry ttl on even keys, the batch ttl on odd ones
      const pipeline = keys.slice(0, 20).map((key) => raw.pttl(`${cache.prefix}:${key}`));
      const ttls = await Promise.all(pipeline);
      ttls.forEach((ttl, i) => {
        const [low, high] = i % 2 === 0 ? [55_000, 60_000] : [7_000_000, 7_200_000];
        expect(ttl).toBeGreaterThan(low);
        expect(ttl).toBeLessThanOrEqual(high);
      });
    });

    it('getMany keeps the caller order with misses and duplicates mixed in', async () => {
      const asked = ['key-999', 'missing-1', 'key-0', 'key-500', 'key-0', 'missing-2', 'key-1'];
      expect(await cache.getMany(asked)).toEqual([valueOf(999), undefined, valueOf(0), valueOf(500), valueOf(0), undefined, valueOf(1)]);
      const shuffled = [...keys].reverse();
      expect(await cache.getMany(shuffled)).toEqual(shuffled.map((key) => valueOf(Number(key.slice(4)))));
    });

    it('counts a hit or miss per key', async () => {
      const before = cache.stats();
      await cache.getMany(['key-1', 'key-2', 'nope']);
      const after = cache.stats();
      expect(after.hits - before.hits).toBe(2);
      expect(after.misses - before.misses).toBe(1);
    });

    it('deleteMany removes every key on every master and counts them', async () => {
      expect(await cache.deleteMany([...keys, 'missing', 'key-0'])).toBe(COUNT);
      expect((await cache.getMany(keys)).every((value) => value === undefined)).toBe(true);
      expect(await raw.exists(...keys.slice(0, 1).map((key) => `${cache.prefix}:${key}`))).toBe(0);
    });
  });
}

/**
 * Counts the commands the tier's node connections send, by name (observes;
 * the commands still run). Warm the connections up first: a command queued
 * while a connection opens is sent (and counted) twice.
 */
function countCommands(cache: RedisClusterCache): { counts: Map<string, number>; stop: () => void } {
  const counts = new Map<string, number>();
  const restore: (() => void)[] = [];
  for (const node of cache.client.nodes('all')) {
    const original = node.sendCommand.bind(node);
    node.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      const name = command.name.toLowerCase();
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return (original as (...args: unknown[]) => unknown)(command, ...rest);
    });
    restore.push(() => {
      node.sendCommand = original;
    });
  }
  return { counts, stop: () => restore.forEach((fn) => fn()) };
}

describe('how many commands a batch costs', () => {
  let cache: RedisClusterCache;
  const batch = Array.from({ length: 100 }, (_, i) => `spread-${i}`);
  beforeAll(async () => {
    cache = createCache();
    await cache.setMany(batch.map((key) => ({ key, value: key })));
  });
  afterAll(async () => {
    await cache.close();
  });

  it('getMany of 100 keys over all slots is one read per node', async () => {
    await cache.getMany(batch); // loads the script where needed
    const { counts, stop } = countCommands(cache);
    try {
      expect(await cache.getMany(batch)).toEqual(batch);
    } finally {
      stop();
    }
    expect(counts.get('evalsha')).toBe(3);
    expect(counts.get('mget') ?? 0).toBe(0);
  });

  it('without crossSlotReads it is one MGET per slot', async () => {
    const slotted = createCache({ crossSlotReads: false, prefix: cache.prefix });
    try {
      await slotted.getMany(batch);
      const { counts, stop } = countCommands(slotted);
      try {
        expect(await slotted.getMany(batch)).toEqual(batch);
      } finally {
        stop();
      }
      expect(counts.get('mget')).toBe(new Set(batch.map((key) => keySlot(`${cache.prefix}:${key}`))).size);
      expect(counts.get('evalsha') ?? 0).toBe(0);
    } finally {
      await slotted.close();
    }
  });
});

describe('safety of the one-read-per-node path', () => {
  for (const crossSlotReads of [true, false]) {
    it(`a stale slot map (keys sent to the wrong node) costs a retry, never a wrong result (crossSlotReads: ${crossSlotReads})`, async () => {
      const cache = createCache<number>({ crossSlotReads });
      try {
        const keys = Array.from({ length: 60 }, (_, i) => `stale-${i}`);
        await cache.setMany(keys.map((key, i) => ({ key, value: i })));
        await cache.getMany(keys);
        const client = cache.client;
        const masters = [...new Set(client.slots.map((owners) => owners[0]!))];
        /** Points every slot of `keys` at another master, the way ioredis's MOVED handler edits its map. */
        const stale = () => {
          for (const key of keys) {
            const slot = keySlot(`${cache.prefix}:${key}`);
            const owners = [masters.find((address) => address !== client.slots[slot]![0])!];
            client.slots[slot] = owners;
            client._groupsBySlot[slot] = client._groupsIds[owners.join(';')]!;
          }
        };
        stale();
        const { counts, stop } = countCommands(cache);
        try {
          expect(await cache.getMany(keys)).toEqual(keys.map((_, i) => i));
        } finally {
          stop();
        }
        if (crossSlotReads) expect(counts.get('evalsha')).toBeGreaterThan(0); // sent to the wrong nodes, refused there, re-read
        stale();
        expect(await cache.setMany(keys.map((key, i) => ({ key, value: i * 10 })))).toBe(true);
        expect(await cache.getMany(keys)).toEqual(keys.map((_, i) => i * 10));
        stale();
        expect(await cache.deleteMany(keys)).toBe(keys.length);
        expect(await cache.getMany(keys)).toEqual(keys.map(() => undefined));
      } finally {
        await cache.close();
      }
    });
  }

  it('a key holding another type reads as a miss, like MGET', async () => {
    for (const crossSlotReads of [true, false]) {
      const cache = createCache<number>({ crossSlotReads });
      try {
        await cache.setMany([{ key: 'a', value: 1 }, { key: 'c', value: 3 }]);
        await raw.hset(`${cache.prefix}:b`, 'field', 'x');
        expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
        await raw.unlink(`${cache.prefix}:b`);
      } finally {
        await cache.close();
      }
    }
  });
});

describe('hash-tagged keys', () => {
  it('share one slot and round-trip through the batch operations', async () => {
    const cache = createCache();
    try {
      const tagged = ['profile', 'cart', 'settings'].map((part) => hashTag('user:42', part));
      expect(new Set(tagged.map((key) => keySlot(`${cache.prefix}:${key}`))).size).toBe(1);
      expect(await cache.setMany(tagged.map((key) => ({ key, value: key })))).toBe(true);
      expect(await cache.getMany(tagged)).toEqual(tagged);
      expect(await cache.deleteMany(tagged)).toBe(3);
    } finally {
      await cache.close();
    }
  });
});

describe('a Cluster the user owns', () => {
  it('is used as it is and left open by close()', async () => {
    const client = new Cluster(clusterNodes());
    const cache = new RedisClusterCache<string>({ client, prefix: 'owned' });
    await cache.setMany([{ key: 'a', value: 'A' }, { key: 'b', value: 'B' }]);
    expect(await cache.getMany(['a', 'b'])).toEqual(['A', 'B']);
    await cache.close();
    expect(await client.get('owned:a')).toBeTypeOf('string');
    await client.unlink('owned:a');
    await client.unlink('owned:b');
    await client.quit();
  });
});
