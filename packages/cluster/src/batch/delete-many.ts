/**
 * `deleteMany` on a cluster: one UNLINK per slot, one pipeline per node,
 * all nodes in parallel; partial failures reported per key.
 * @module
 */
import { assertKeys, type CacheError } from '@cache/core';
import { ClusterBatchError } from '../batch-error.js';
import type { ClusterTier } from '../cluster-tier.js';
import type { FencedCommands } from '@cache/redis/internal';
import { planSlots, type Unit } from './plan.js';
import { runUnits } from './run.js';

/** RedisClusterCache.deleteMany: resolves how many keys were removed. */
export async function deleteMany(t: ClusterTier<unknown>, keys: readonly string[]): Promise<number> {
  t.assertOpen();
  assertKeys(keys, t.name);
  if (keys.length === 0) return 0;
  const rkeys = t.ns.keys(keys);
  try {
    await t.whenReady('deleteMany');
  } catch (error) {
    return t.failed(error, 'deleteMany', 0);
  }
  const failures = new Map<string, CacheError>();
  let removed = 0;
  await Promise.all(
    planSlots(t.writer, rkeys).map(async (units) => {
      // fenced: a node refuses the UNLINK once the call's deadline has passed (at most once)
      const unlink = (client: FencedCommands, unit: Unit) => client.cacheFencedUnlink(unit.indices.length, ...unit.indices.map((i) => rkeys[i]!), t.fence.deadline());
      const outcomes = await runUnits(t, 'deleteMany', units, unlink, (p, unit) => {
        void unlink(p as unknown as FencedCommands, unit); // a pipeline has the same commands (queued, not sent)
      });
      units.forEach((unit, u) => {
        const [error, reply] = outcomes[u]!;
        if (error) for (const i of unit.indices) failures.set(keys[i]!, t.policy.translate(error, 'deleteMany', keys[i]));
        else removed += reply as number;
      });
    }),
  );
  if (removed > 0) t.stats.recordDeletes(removed);
  if (failures.size > 0) return t.failed(new ClusterBatchError('deleteMany', failures, removed, keys.length, t.name), 'deleteMany', removed);
  return removed;
}
