/**
 * The multi-key commands of RedisCache: one MGET, one fenced script of SETs,
 * one fenced script of UNLINKs. (`@cache/cluster` replaces all three: a cluster splits keys by
 * hash slot.)
 * @module
 */
import { InvalidArgumentError, assertKeys, describeValue, parseTtl, readEntry, ttlOf, type SetManyEntry, type SetOptions } from '@cache/core';
import type { RedisClient } from './connection.js';
import type { CallToken } from '@cache/core/remote';
import { toPx, type RedisTierCore } from './tier-core.js';

type Tier<V> = RedisTierCore<V, RedisClient>;
type Payload = Buffer | string;

/** RedisCache.getMany */
export async function getMany<V>(t: Tier<V>, keys: readonly string[]): Promise<(V | undefined)[]> {
  t.assertOpen();
  assertKeys(keys, t.name);
  if (keys.length === 0) return [];
  let raws: (Buffer | null)[];
  let token: CallToken | -1 = -1;
  try {
    token = t.policy.enter('getMany', undefined);
    raws = await t.policy.timed(t.client.mgetBuffer(t.ns.keys(keys)));
  } catch (error) {
    return t.failed(token === -1 ? error : t.policy.rejected(token, error, 'getMany', undefined), 'getMany', keys.map(() => undefined));
  }
  t.policy.succeeded(token);
  const out = new Array<V | undefined>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const raw = raws[i];
    if (raw === null || raw === undefined) {
      t.stats.recordMisses(1);
      out[i] = undefined;
    } else {
      out[i] = t.decodeHit(raw, keys[i]!, 'getMany', true);
    }
  }
  return out;
}

/** RedisCache.setMany: every entry in one fenced script (atomic), `SET … PX` per entry. */
export async function setMany<V>(t: Tier<V>, entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
  t.assertOpen();
  if (!Array.isArray(entries)) {
    throw new InvalidArgumentError('entries', `entries must be an array of { key, value, ttl? } (got ${describeValue(entries)})`, { tier: t.name });
  }
  const batchTtl = ttlOf(options, 'setMany') ?? t.options.defaultTtl;
  const prepared: { key: string; value: V; ttl: number }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = readEntry<V>(entries[i], i, t.name);
    prepared.push({ key: entry.key, value: entry.value, ttl: entry.ttl === undefined ? batchTtl : parseTtl(entry.ttl, 'ttl')! });
  }
  if (prepared.length === 0) return true;
  const payloads: Payload[] = prepared.map((entry) => t.codec.encode(entry.value, entry.key));
  const args: (Payload | number)[] = [prepared.length];
  for (const { key } of prepared) args.push(t.ns.key(key));
  const deadlineAt = args.length;
  args.push(0);
  for (let i = 0; i < prepared.length; i++) {
    const ttl = prepared[i]!.ttl;
    args.push(payloads[i]!, ttl === Infinity ? 0 : toPx(ttl));
  }
  try {
    await t.policy.call('setMany', undefined, () => {
      args[deadlineAt] = t.fence.deadline();
      return t.writer.cacheFencedSetMany(...args);
    });
  } catch (error) {
    return t.failed(error, 'setMany', false);
  }
  t.stats.recordSets(prepared.length);
  return true;
}

/** RedisCache.deleteMany */
export async function deleteMany(t: Tier<unknown>, keys: readonly string[]): Promise<number> {
  t.assertOpen();
  assertKeys(keys, t.name);
  if (keys.length === 0) return 0;
  let removed: number;
  try {
    removed = await t.policy.call('deleteMany', undefined, () => t.writer.cacheFencedUnlink(keys.length, ...t.ns.keys(keys), t.fence.deadline()));
  } catch (error) {
    return t.failed(error, 'deleteMany', 0);
  }
  if (removed > 0) t.stats.recordDeletes(removed);
  return removed;
}
