/**
 * The single-key commands of RedisCache: the contract's get, getEntry, set,
 * delete and has, and the seed's increment, expire and ttl. Each runs one
 * command (or one MULTI) under the failure policy; the hot ones (get, set)
 * take the policy's split enter/timed/succeeded path, which costs no
 * closure per call.
 * @module
 */
import { InvalidArgumentError, assertKey, assertValue, describeValue, parseTtl, ttlOf, type CacheEntry, type Duration, type SetOptions } from '@cache/core';
import type { RedisClient } from './connection.js';
import type { CallToken } from '@cache/core/remote';
import { toPx, type RedisTierCore } from './tier-core.js';

type Tier<V> = RedisTierCore<V, RedisClient>;

/** RedisCache.get */
export async function get<V>(t: Tier<V>, key: string): Promise<V | undefined> {
  t.assertOpen();
  assertKey(key, t.name);
  let raw: Buffer | null;
  let token: CallToken | -1 = -1;
  try {
    token = t.policy.enter('get', key);
    raw = await t.policy.timed(t.client.getBuffer(t.ns.key(key)));
  } catch (error) {
    return t.failed(token === -1 ? error : t.policy.rejected(token, error, 'get', key), 'get', undefined);
  }
  t.policy.succeeded(token);
  if (raw === null) {
    t.stats.recordMisses(1);
    return undefined;
  }
  return t.decodeHit(raw, key, 'get');
}

/** RedisCache.getEntry */
export async function getEntry<V>(t: Tier<V>, key: string): Promise<CacheEntry<V> | undefined> {
  t.assertOpen();
  assertKey(key, t.name);
  const rkey = t.ns.key(key);
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await t.policy.call('getEntry', key, () => t.client.multi().getBuffer(rkey).pttl(rkey).exec());
    t.assertExec(replies, 'getEntry', key);
  } catch (error) {
    return t.failed(error, 'getEntry', undefined);
  }
  const raw = replies![0]![1] as Buffer | null;
  const pttl = replies![1]![1] as number;
  if (raw === null || pttl === -2) {
    t.stats.recordMisses(1);
    return undefined;
  }
  const value = t.decodeHit(raw, key, 'getEntry');
  if (value === undefined) return undefined;
  return { value, remainingTtl: pttl < 0 ? Infinity : pttl };
}

/** RedisCache.set */
export async function set<V>(t: Tier<V>, key: string, value: V, options?: SetOptions): Promise<boolean> {
  t.assertOpen();
  assertKey(key, t.name);
  assertValue(value, key, t.name);
  const ttl = ttlOf(options) ?? t.options.defaultTtl;
  const payload = t.codec.encode(value, key);
  const rkey = t.ns.key(key);
  let token: CallToken | -1 = -1;
  try {
    token = t.policy.enter('set', key);
    const deadline = t.fence.deadline();
    await t.policy.timed(
      ttl === Infinity ? t.writer.cacheFencedWrite(rkey, deadline, 'SET', payload) : t.writer.cacheFencedWrite(rkey, deadline, 'SET', payload, 'PX', toPx(ttl)),
    );
  } catch (error) {
    return t.failed(token === -1 ? error : t.policy.rejected(token, error, 'set', key), 'set', false);
  }
  t.policy.succeeded(token);
  t.stats.recordSets(1);
  return true;
}

/** RedisCache.delete */
export async function del(t: Tier<unknown>, key: string): Promise<boolean> {
  t.assertOpen();
  assertKey(key, t.name);
  let removed: number;
  try {
    removed = (await t.policy.call('delete', key, () => t.writer.cacheFencedWrite(t.ns.key(key), t.fence.deadline(), 'UNLINK'))) as number;
  } catch (error) {
    return t.failed(error, 'delete', false);
  }
  if (removed > 0) t.stats.recordDeletes(removed);
  return removed > 0;
}

/** RedisCache.has */
export async function has(t: Tier<unknown>, key: string): Promise<boolean> {
  t.assertOpen();
  assertKey(key, t.name);
  try {
    return (await t.policy.call('has', key, () => t.client.exists(t.ns.key(key)))) > 0;
  } catch (error) {
    return t.failed(error, 'has', false);
  }
}

/** RedisCache.increment */
export async function increment(t: Tier<unknown>, key: string, by = 1): Promise<number | undefined> {
  t.assertOpen();
  assertKey(key, t.name);
  if (typeof by !== 'number' || !Number.isFinite(by) || (Number.isInteger(by) && !Number.isSafeInteger(by))) {
    throw new InvalidArgumentError('by', `by must be a finite number, and a whole one within ±Number.MAX_SAFE_INTEGER (got ${describeValue(by)}); Redis refuses integers past 64 bits and a double cannot hold them exactly`, {
      key,
      tier: t.name,
    });
  }
  const rkey = t.ns.key(key);
  try {
    const command = Number.isInteger(by) ? 'INCRBY' : 'INCRBYFLOAT';
    return Number(await t.policy.call('increment', key, () => t.writer.cacheFencedIncrement(rkey, t.fence.deadline(), command, by)));
  } catch (error) {
    return t.failed(error, 'increment', undefined);
  }
}

/** RedisCache.expire */
export async function expire(t: Tier<unknown>, key: string, ttl: Duration): Promise<boolean> {
  t.assertOpen();
  assertKey(key, t.name);
  const ms = parseTtl(ttl);
  if (ms === undefined) throw new InvalidArgumentError('ttl', 'ttl is required; pass Infinity to remove the expiry', { key, tier: t.name });
  const rkey = t.ns.key(key);
  try {
    if (ms === Infinity) {
      await t.policy.call('expire', key, () => t.writer.cacheFencedWrite(rkey, t.fence.deadline(), 'PERSIST'));
      return (await t.policy.call('expire', key, () => t.client.exists(rkey))) === 1;
    }
    return (await t.policy.call('expire', key, () => t.writer.cacheFencedWrite(rkey, t.fence.deadline(), 'PEXPIRE', toPx(ms)))) === 1;
  } catch (error) {
    return t.failed(error, 'expire', false);
  }
}

/** RedisCache.ttl */
export async function ttl(t: Tier<unknown>, key: string): Promise<number | undefined> {
  t.assertOpen();
  assertKey(key, t.name);
  let pttl: number;
  try {
    pttl = await t.policy.call('ttl', key, () => t.client.pttl(t.ns.key(key)));
  } catch (error) {
    return t.failed(error, 'ttl', undefined);
  }
  if (pttl === -2) return undefined;
  return pttl === -1 ? Infinity : pttl;
}
