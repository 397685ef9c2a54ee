/**
 * `deleteMany` on a cluster: one UNLINK per slot, one pipeline per node,
 * all nodes in parallel; partial failures reported per key.
 * @module
 */
import { assertKeys, type CacheError } from '@cache/core';
import { ClusterBatchError } from '../batch-error.js';
import type { TierOps } from '../tier-ops.js';
import type { FencedCommands } from '@cache/redis';
import { planSlots, type Unit } from './plan.js';
import { runUnits } from './run.js';

/** RedisClusterCache.deleteMany: resolves how many keys were removed. */
export async function deleteMany(ops: TierOps<unknown>, keys: readonly string[]): Promise<number> {
  ops.assertOpen();
  assertKeys(keys, ops.name);
  if (keys.length === 0) return 0;
  const rkeys = ops.namespace.keys(keys);
  try {
    await ops.whenReady('deleteMany');
  } catch (error) {
    return ops.failure(error, 'deleteMany', 0);
  }
  const failures = new Map<string, CacheError>();
  let removed = 0;
  await Promise.all(
    planSlots(ops.client, rkeys).map(async (units) => {
      // fenced: a node refuses the UNLINK once the call's deadline has passed (at most once)
      const unlink = (client: FencedCommands, unit: Unit) => client.cacheFencedUnlink(unit.indices.length, ...unit.indices.map((i) => rkeys[i]!), ops.writeDeadline());
      const outcomes = await runUnits(ops, 'deleteMany', units, unlink, (p, unit) => {
        void unlink(p as unknown as FencedCommands, unit); // a pipeline has the same commands (queued, not sent)
      });
      units.forEach((unit, u) => {
        const [error, reply] = outcomes[u]!;
        if (error) for (const i of unit.indices) failures.set(keys[i]!, ops.translate(error, 'deleteMany', keys[i]));
        else removed += reply as number;
      });
    }),
  );
  if (removed > 0) ops.recorder.recordDeletes(removed);
  if (failures.size > 0) return ops.failure(new ClusterBatchError('deleteMany', failures, removed, keys.length, ops.name), 'deleteMany', removed);
  return removed;
}
