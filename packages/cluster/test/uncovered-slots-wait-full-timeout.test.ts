/**
 * Regression (issue 9, item 5): on a Redis Cluster with uncovered slots,
 * calls waited the full commandTimeout and the TimeoutError hid the
 * CLUSTERDOWN cause. Calls on uncovered slots must fail fast with a typed
 * error whose `cause` is the server's CLUSTERDOWN reply; calls on keys of
 * healthy masters must be unaffected.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisClusterHandle } from '@cache/test-support';
import { ErrorCode } from '@cache/core';
import { RedisClusterCache, keySlot } from '../src/index.js';

const TIMEOUT = 1000;
/** "Fast": well under the timeout, with room for a noisy machine. */
const FAST = TIMEOUT / 2;

let handle: RedisClusterHandle;
let cache: RedisClusterCache<string>;
beforeAll(async () => {
  handle = await startRedisCluster({ replicasPerMaster: 0 });
  cache = new RedisClusterCache<string>({ nodes: handle.startupNodes, prefix: 'uncovered', commandTimeout: TIMEOUT });
  await cache.set('warm', 'up');
}, 60_000);
afterAll(async () => {
  await cache?.close();
  await handle?.stop();
});

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const start = performance.now();
  try {
    const value = await call();
    return { ms: performance.now() - start, value };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

describe('a cluster with uncovered slots', () => {
  it('fails calls on uncovered slots fast with the CLUSTERDOWN cause; other keys are unaffected', async () => {
    const lost = 'uncovered:lost';
    const slot = keySlot(lost);
    await cache.set('lost', 'before');
    for (const node of handle.startupNodes) {
      const admin = new Redis(node.port, node.host);
      await admin.call('CLUSTER', 'DELSLOTS', String(slot)).catch(() => undefined);
      admin.disconnect();
    }
    const healthy = Array.from({ length: 20 }, (_, i) => `ok${i}`).filter((key) => keySlot(`uncovered:${key}`) !== slot);
    const [get, set, inc, ...others] = await Promise.all([
      timed(() => cache.get('lost')),
      timed(() => cache.set('lost', 'after')),
      timed(() => cache.increment('lost')),
      ...healthy.map((key) => timed(() => cache.set(key, key).then(() => cache.get(key)))),
    ]);
    for (const failed of [get, set, inc]) {
      expect(failed.error).toMatchObject({ code: expect.stringMatching(new RegExp(`^(${ErrorCode.Backend}|${ErrorCode.Connection})$`)) });
      expect(String((failed.error as { cause?: Error }).cause?.message)).toMatch(/^CLUSTERDOWN/);
      expect(failed.ms).toBeLessThan(FAST);
    }
    others.forEach((outcome, i) => {
      expect(outcome.error).toBeUndefined();
      expect(outcome.value).toBe(healthy[i]);
      expect(outcome.ms).toBeLessThan(FAST);
    });
  });
});
