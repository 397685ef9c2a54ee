/**
 * `clearPrefix` on a cluster: a SCAN sees one node only, so every master is
 * scanned (in parallel) and what it holds is UNLINKed per slot.
 * @module
 */
import type { Redis } from 'ioredis';
import { ConnectionError, InvalidArgumentError, InvalidOptionError, describeValue, type CacheError } from '@cache/core';
import { DEFAULT_SCAN_COUNT, defineFencedCommands, type FencedCommands } from '@cache/redis/internal';
import { ClusterBatchError } from './batch-error.js';
import { masterConnections } from './nodes.js';
import { keySlot } from './slot.js';
import type { ClusterTier } from './cluster-tier.js';

/** RedisClusterCache.clearPrefix: resolves how many keys were removed from every master. */
export async function clearPrefix(t: ClusterTier<unknown>, keyPrefix = ''): Promise<number> {
  t.assertOpen();
  if (typeof keyPrefix !== 'string') {
    throw new InvalidArgumentError('keyPrefix', `keyPrefix must be a string (got ${describeValue(keyPrefix)})`, { tier: t.name });
  }
  if (t.prefix === '') {
    throw new InvalidOptionError(
      'prefix',
      `${t.name}: clear() needs a prefix so it only removes this tier's keys; set the prefix option, or run FLUSHDB on every master to wipe the cluster on purpose`,
      { tier: t.name },
    );
  }
  const match = t.ns.matchPattern(keyPrefix);
  let masters: Map<string, Redis | undefined>;
  try {
    await t.whenReady('clear');
    masters = masterConnections(t.writer);
  } catch (error) {
    return t.failed(error, 'clear', 0);
  }
  const failures = new Map<string, CacheError>();
  let removed = 0;
  await Promise.all(
    [...masters].map(async ([address, node]) => {
      try {
        if (node === undefined) throw new ConnectionError(`clear failed: no connection to master ${address}`, { tier: t.name });
        const count = await clearNode(t, node, match);
        removed += count;
      } catch (error) {
        failures.set(address, t.policy.translate(error, 'clear', undefined));
      }
    }),
  );
  if (removed > 0) t.stats.recordDeletes(removed);
  if (failures.size > 0) return t.failed(new ClusterBatchError('clear', failures, removed, masters.size, t.name), 'clear', removed);
  return removed;
}

/** SCAN one master for `match` and UNLINK what it finds, per slot. */
async function clearNode(t: ClusterTier<unknown>, node: Redis, match: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, batch] = await t.policy.call('clear', undefined, () => node.scanBuffer(cursor, 'MATCH', match, 'COUNT', DEFAULT_SCAN_COUNT));
    cursor = next.toString();
    if (batch.length === 0) continue;
    const bySlot = new Map<number, Buffer[]>();
    for (const key of batch) {
      const slot = keySlot(key);
      const keys = bySlot.get(slot);
      if (keys === undefined) bySlot.set(slot, [key]);
      else keys.push(key);
    }
    const replies = await t.policy.call('clear', undefined, () => {
      const pipeline = defineFencedCommands(node).pipeline();
      const fenced = pipeline as unknown as FencedCommands; // a pipeline has the same commands (queued, not sent)
      const deadline = t.fence.deadline();
      for (const keys of bySlot.values()) void fenced.cacheFencedUnlink(keys.length, ...keys, deadline);
      return pipeline.exec();
    });
    for (const [error, count] of replies ?? []) {
      if (error) throw error;
      removed += count as number;
    }
  } while (cursor !== '0');
  return removed;
}
