import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClusterCache } from '../src/index.js';
import { createCache } from './helpers.js';

/** Waits until every master's replica has acknowledged the writes made on the tier's master connections. */
async function waitForReplication(cache: RedisClusterCache): Promise<void> {
  const acks = await Promise.all(cache.client.nodes('master').map((master) => master.call('WAIT', '1', '2000') as Promise<number>));
  expect(acks.every((ack) => ack >= 1)).toBe(true);
}

/**
 * Waits until the tier's slot map lists a replica for every slot. Redis
 * leaves a replica out of CLUSTER SLOTS until it has replicated something,
 * and ioredis re-reads the map every slotsRefreshInterval; until then reads
 * go to masters.
 */
async function replicasKnown(cache: RedisClusterCache): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await new Promise<void>((resolve) => cache.client.refreshSlotsCache(() => resolve()));
    if (cache.client.slots.length === 16384 && cache.client.slots.every((owners) => owners.length > 1)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('replicas never appeared in the slot map');
}

describe("readFrom: 'replica'", () => {
  let writer: RedisClusterCache<number>;
  let reader: RedisClusterCache<number>;
  const keys = Array.from({ length: 200 }, (_, i) => `r${i}`);

  beforeAll(async () => {
    writer = createCache<number>();
    await writer.setMany(keys.map((key, i) => ({ key, value: i })));
    await waitForReplication(writer);
    reader = createCache<number>({ prefix: writer.prefix, readFrom: 'replica' });
    await replicasKnown(reader);
  });
  afterAll(async () => {
    await writer.clear();
    await Promise.all([writer.close(), reader.close()]);
  });

  for (const crossSlotReads of [true, false]) {
    it(`getMany reads every key from replicas (crossSlotReads: ${crossSlotReads})`, async () => {
      const cache = crossSlotReads ? reader : createCache<number>({ prefix: writer.prefix, readFrom: 'replica', crossSlotReads: false });
      try {
        await replicasKnown(cache);
        await cache.getMany(keys); // opens the replica connections
        const byRole = { replica: 0, master: 0 };
        const restore = cache.client.nodes('all').map((node) => {
          const original = node.sendCommand.bind(node);
          node.sendCommand = ((command: unknown, ...rest: unknown[]) => {
            byRole[node.options.readOnly === true ? 'replica' : 'master']++;
            return (original as (...args: unknown[]) => unknown)(command, ...rest);
          });
          return () => {
            node.sendCommand = original;
          };
        });
        let values: (number | undefined)[];
        try {
          values = await cache.getMany(keys);
        } finally {
          restore.forEach((fn) => fn());
        }
        expect(values).toEqual(keys.map((_, i) => i));
        expect(byRole.replica).toBeGreaterThan(0);
        expect(byRole.master).toBe(0);
      } finally {
        if (!crossSlotReads) await cache.close();
      }
    });
  }

  it('writes still go to masters', async () => {
    expect(await reader.set('written-by-reader', 7)).toBe(true);
    expect(await writer.get('written-by-reader')).toBe(7);
  });
});
