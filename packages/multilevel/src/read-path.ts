/**
 * The read path: the first level holding a fresh value wins; the value is
 * promoted to the faster levels with a TTL no longer than what remains at
 * the level that had it. A level that throws counts an error and reads as a
 * miss. Logically expired envelopes (within grace) are reported as `stale`
 * for `getOrSet`, never returned by plain reads.
 * @module
 */
import type { CacheEntry, Clock, SetManyEntry } from '@cache/core';
import type { CacheContext } from './context.js';
import type { Level } from './level.js';
import { isStoredEntry, logicalRemaining, physicalRemaining, type StoredEntry } from './stored-entry.js';

/** What a walk down the levels found. */
export interface Found<V> {
  /** The first fresh envelope, if any. */
  fresh: StoredEntry<V> | undefined;
  /** The first logically expired envelope met before it (still within its physical TTL). */
  stale: StoredEntry<V> | undefined;
}

/**
 * The envelope under `key` in a synchronous level, fresh or not (getOrSet
 * keeps a stale one for grace), or undefined. A failure or a value this
 * package did not write reads as undefined (reported). No await, no
 * allocation.
 */
export function readSync<V>(level: Level<V>, key: string): StoredEntry<V> | undefined {
  let stored: StoredEntry<V> | undefined;
  try {
    stored = level.sync!.get(key);
  } catch (error) {
    level.fail('read', key, error);
    return undefined;
  }
  if (stored === undefined) return undefined;
  if (!isStoredEntry(stored)) {
    level.fail('read', key); // not written by a tiered cache: a miss
    return undefined;
  }
  return stored;
}

/**
 * The L1 hit path: whether `stored` (from `readSync` of the first level) is
 * fresh; if so, counts the read and the hit. One clock read only when the
 * entry has an expiry. A miss counts nothing here: the slow path (`find`)
 * that follows counts the read.
 */
export function countL1Hit<V>(ctx: CacheContext<V>, level: Level<V>, stored: StoredEntry<V>): boolean {
  if (stored.e !== undefined && stored.e <= ctx.clock.now()) return false;
  ctx.counters.gets++;
  level.hits++;
  return true;
}

/**
 * A level's envelope and how long a promoted copy of it may live. A
 * synchronous face reports its remaining TTL for free; a remote level is read
 * with one plain `get`, the envelope's physical expiry standing in for a TTL
 * query (a `getEntry` on Redis is a GET + PTTL transaction, twice the cost).
 */
function readLevel<V>(level: Level<V>, key: string, clock: Clock): CacheEntry<StoredEntry<V>> | undefined | Promise<CacheEntry<StoredEntry<V>> | undefined> {
  if (level.sync !== undefined) return level.sync.getEntry(key);
  return Promise.resolve(level.tier.get(key)).then((stored) =>
    stored === undefined ? undefined : { value: stored, remainingTtl: isStoredEntry(stored) ? physicalRemaining(stored, clock.now()) : 0 },
  );
}

/**
 * Walks the levels from `start` (skipping failing ones) and promotes a fresh
 * hit. This and `countL1Hit` are where reads are counted: with `count`, one
 * read, and a hit at the level that answered or a miss (a lock waiter's
 * re-reads pass false: its call already counted its read).
 */
export async function find<V>(ctx: CacheContext<V>, key: string, start: number, count: boolean): Promise<Found<V>> {
  const token = ctx.guards.begin(key);
  if (count) ctx.counters.gets++;
  try {
    let stale: StoredEntry<V> | undefined;
    for (let i = start; i < ctx.levels.length; i++) {
      const level = ctx.levels[i]!;
      if (level.failing) continue;
      let entry: CacheEntry<StoredEntry<V>> | undefined;
      try {
        entry = await readLevel(level, key, ctx.clock);
      } catch (error) {
        level.fail('read', key, error);
        continue;
      }
      if (entry === undefined) continue;
      const stored = entry.value;
      if (!isStoredEntry(stored)) {
        level.fail('read', key); // not written by a tiered cache: treated as a miss
        continue;
      }
      if (logicalRemaining(stored, ctx.clock.now()) > 0) {
        if (count) level.hits++;
        if (i > 0) await promote(ctx, key, stored, entry.remainingTtl, i, token);
        return { fresh: stored, stale };
      }
      stale ??= stored;
    }
    if (count) ctx.counters.misses++;
    return { fresh: undefined, stale };
  } finally {
    ctx.guards.end(key);
  }
}

/** Copies `stored` to the levels above `upTo`, each for at most `remainingTtl` (and its own cap). */
export async function promote<V>(ctx: CacheContext<V>, key: string, stored: StoredEntry<V>, remainingTtl: number, upTo: number, token: number): Promise<void> {
  let pending: Promise<void>[] | undefined;
  for (let j = 0; j < upTo; j++) {
    if (!ctx.guards.valid(key, token)) return;
    const level = ctx.levels[j]!;
    const ttl = level.cap(remainingTtl);
    if (!(ttl > 0) || level.failing) continue;
    if (level.sync !== undefined) {
      try {
        if (level.sync.set(key, stored, { ttl })) level.promotions++;
        else level.fail('promote', key);
      } catch (error) {
        level.fail('promote', key, error);
      }
    } else {
      (pending ??= []).push(
        Promise.resolve()
          .then(() => level.tier.set(key, level.envelope(stored, ttl, ctx.clock.now()), { ttl })) // a sync tier given as async may return or throw synchronously
          .then(
          (ok) => void (ok ? level.promotions++ : level.fail('promote', key)),
          (error: unknown) => level.fail('promote', key, error),
        ),
      );
    }
  }
  if (pending !== undefined) await Promise.all(pending);
}

/**
 * `getMany`: each level is asked only for the keys still missing; hits are
 * promoted in one `setMany` per faster level. Synchronous levels are read
 * per key with their remaining TTL; an asynchronous level's hits are
 * promoted until the envelope's physical expiry.
 */
export async function findMany<V>(ctx: CacheContext<V>, keys: readonly string[]): Promise<(V | undefined)[]> {
  ctx.counters.gets += keys.length;
  if (keys.length === 0) return [];
  const tokens = new Map<string, number>();
  for (const key of keys) if (!tokens.has(key)) tokens.set(key, ctx.guards.begin(key));
  try {
    return await walkMany(ctx, keys, tokens);
  } finally {
    for (const key of tokens.keys()) ctx.guards.end(key);
  }
}

async function walkMany<V>(ctx: CacheContext<V>, keys: readonly string[], tokens: Map<string, number>): Promise<(V | undefined)[]> {
  const out = new Array<V | undefined>(keys.length).fill(undefined);
  let pending: number[] = keys.map((_, i) => i);
  for (let i = 0; i < ctx.levels.length && pending.length > 0; i++) {
    const level = ctx.levels[i]!;
    if (level.failing) continue;
    const now = ctx.clock.now();
    const missing: number[] = [];
    const promotions: SetManyEntry<StoredEntry<V>>[] = [];
    const take = (index: number, stored: unknown, remainingTtl: number) => {
      if (!isStoredEntry(stored)) {
        if (stored !== undefined) level.fail('read', keys[index]);
        missing.push(index);
        return;
      }
      if (logicalRemaining(stored, now) <= 0) {
        missing.push(index);
        return;
      }
      level.hits++;
      out[index] = (stored as StoredEntry<V>).v;
      if (i > 0 && remainingTtl > 0) promotions.push({ key: keys[index]!, value: stored as StoredEntry<V>, ttl: remainingTtl });
    };
    try {
      if (level.sync !== undefined) {
        for (const index of pending) {
          let entry: CacheEntry<StoredEntry<V>> | undefined;
          try {
            entry = level.sync.getEntry(keys[index]!);
          } catch (error) {
            level.fail('read', keys[index], error);
          }
          take(index, entry?.value, entry?.remainingTtl ?? 0);
        }
      } else {
        const values = await level.tier.getMany(pending.map((index) => keys[index]!));
        pending.forEach((index, k) => {
          const stored = values[k];
          take(index, stored, isStoredEntry(stored) ? physicalRemaining(stored, now) : 0);
        });
      }
    } catch (error) {
      level.fail('read', undefined, error);
      continue; // every pending key stays pending for the next level
    }
    if (promotions.length > 0) await promoteMany(ctx, promotions, i, tokens);
    pending = missing;
  }
  ctx.counters.misses += pending.length;
  return out;
}

async function promoteMany<V>(ctx: CacheContext<V>, found: SetManyEntry<StoredEntry<V>>[], upTo: number, tokens: Map<string, number>): Promise<void> {
  const writes: Promise<void>[] = [];
  for (let j = 0; j < upTo; j++) {
    const entries = found.filter((e) => ctx.guards.valid(e.key, tokens.get(e.key)!));
    if (entries.length === 0) return;
    const level = ctx.levels[j]!;
    if (level.failing) continue;
    const now = ctx.clock.now();
    const capped = level.maxTtl === Infinity && level.sync !== undefined ? entries : entries.map((e) => {
      const ttl = level.cap(e.ttl as number);
      return { key: e.key, value: level.envelope(e.value, ttl, now), ttl };
    });
    const count = capped.length;
    if (level.sync !== undefined) {
      try {
        if (level.sync.setMany(capped)) level.promotions += count;
        else level.fail('promote', undefined);
      } catch (error) {
        level.fail('promote', undefined, error);
      }
    } else {
      writes.push(
        Promise.resolve()
          .then(() => level.tier.setMany(capped))
          .then(
          (ok) => void (ok ? (level.promotions += count) : level.fail('promote', undefined)),
          (error: unknown) => level.fail('promote', undefined, error),
        ),
      );
    }
  }
  await Promise.all(writes);
}

/**
 * Whether some level holds a fresh value: `has()` first (no stats), then the
 * envelope through the synchronous face's `peek()` when it has one (core's
 * `SyncCacheTier.peek`: MemoryCache), else `get()`.
 */
export async function hasFresh<V>(ctx: CacheContext<V>, key: string): Promise<boolean> {
  for (const level of ctx.levels) {
    if (level.failing) continue;
    try {
      const face = level.sync ?? level.tier;
      if (!(await face.has(key))) continue;
      const stored = level.sync?.peek !== undefined ? level.sync.peek(key) : await face.get(key);
      if (isStoredEntry(stored) && logicalRemaining(stored, ctx.clock.now()) > 0) return true;
    } catch (error) {
      level.fail('read', key, error);
    }
  }
  return false;
}
