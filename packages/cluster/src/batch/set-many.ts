/**
 * `setMany` on a cluster: SET … PX per entry, one pipeline per node, all
 * nodes in parallel; partial failures reported per key.
 * @module
 */
import type { Cluster } from 'ioredis';
import {
  InvalidArgumentError,
  describeValue,
  parseTtl,
  readEntry,
  ttlOf,
  type CacheError,
  type SetManyEntry,
  type SetOptions,
} from '@cache/core';
import type { FencedCommands } from '@cache/redis/internal';
import { ClusterBatchError } from '../batch-error.js';
import type { ClusterTier } from '../cluster-tier.js';
import { planSlots } from './plan.js';
import { runUnits } from './run.js';

/** Redis PX argument: whole milliseconds, at least 1. */
function toPx(ttl: number): number {
  return Math.max(1, Math.ceil(ttl));
}

/** RedisClusterCache.setMany: true when every entry was written. */
export async function setMany<V>(t: ClusterTier<V>, entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
  t.assertOpen();
  if (!Array.isArray(entries)) {
    throw new InvalidArgumentError('entries', `entries must be an array of { key, value, ttl? } (got ${describeValue(entries)})`, { tier: t.name });
  }
  const batchTtl = ttlOf(options, 'setMany') ?? t.options.defaultTtl;
  const ttls = new Array<number>(entries.length);
  const checked = new Array<{ key: string; value: V }>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = readEntry<V>(entries[i], i, t.name); // each entry read once: a getter cannot answer twice differently
    checked[i] = entry;
    ttls[i] = entry.ttl === undefined ? batchTtl : parseTtl(entry.ttl, 'ttl')!;
  }
  if (entries.length === 0) return true;
  const payloads = checked.map((entry) => t.codec.encode(entry.value, entry.key));
  const rkeys = t.ns.keys(checked.map((entry) => entry.key));
  try {
    await t.whenReady('setMany');
  } catch (error) {
    return t.failed(error, 'setMany', false);
  }
  // every SET is fenced: a node refuses it once the call's deadline has passed (at most once)
  const setOn = (client: FencedCommands, i: number): Promise<unknown> => {
    const ttl = ttls[i]!;
    const deadline = t.fence.deadline();
    return ttl === Infinity
      ? client.cacheFencedWrite(rkeys[i]!, deadline, 'SET', payloads[i]!)
      : client.cacheFencedWrite(rkeys[i]!, deadline, 'SET', payloads[i]!, 'PX', toPx(ttl));
  };
  const addSet = (pipeline: ReturnType<Cluster['pipeline']>, i: number): void => {
    void setOn(pipeline as unknown as FencedCommands, i); // a pipeline has the same commands (queued, not sent)
  };
  const failures = new Map<string, CacheError>();
  let written = 0;
  await Promise.all(
    planSlots(t.writer, rkeys, undefined, true).map(async (units) => {
      const outcomes = await runUnits(t, 'setMany', units, (client, unit) => setOn(client, unit.indices[0]!), (p, unit) => addSet(p, unit.indices[0]!));
      units.forEach((unit, u) => {
        const [error] = outcomes[u]!;
        const key = checked[unit.indices[0]!]!.key;
        if (error) failures.set(key, t.policy.translate(error, 'setMany', key));
        else written++;
      });
    }),
  );
  if (written > 0) t.stats.recordSets(written);
  if (failures.size > 0) return t.failed(new ClusterBatchError('setMany', failures, written, entries.length, t.name), 'setMany', false);
  return true;
}
