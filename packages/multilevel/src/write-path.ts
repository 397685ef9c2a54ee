/**
 * The write path. Writes go through every level, slowest first: a reader
 * that meets the new value in a fast level can never meet an older one below
 * it later (once the fast copy expires), because the slower levels had the
 * new value before the faster ones did. Deletes and clears also go slowest
 * first, so a concurrent read cannot re-promote the old value from a level
 * not yet cleaned into one already cleaned (and reads that overlap a write
 * skip promotion: see read-guard.ts).
 *
 * A write succeeds only when every level wrote. When one fails, the faster
 * levels are not written, the keys are deleted from every level (best
 * effort), and a `MultiLevelWriteError` names the failed levels.
 * @module
 */
import { assertKey, assertValue, parseTtl, type SetManyEntry } from '@cache/core';
import type { CacheContext } from './context.js';
import { MultiLevelWriteError, type LevelFailure } from './errors.js';
import type { Level } from './level.js';
import { storedEntry, type StoredEntry } from './stored-entry.js';

const face = <V>(level: Level<V>) => level.sync ?? level.tier;

function failed<V>(failures: LevelFailure[], level: Level<V>, cause: unknown): void {
  level.errors++;
  failures.push({ level: level.name, cause });
}

/** Writes `stored` to every level (slowest first) for `physicalTtl` ms, each level capped by its `maxTtl`. */
export async function writeAll<V>(ctx: CacheContext<V>, key: string, stored: StoredEntry<V>, physicalTtl: number): Promise<void> {
  const keys = [key];
  ctx.guards.touch(keys);
  const failures: LevelFailure[] = [];
  for (let i = ctx.levels.length - 1; i >= 0; i--) {
    const level = ctx.levels[i]!;
    try {
      if (!(await face(level).set(key, stored, { ttl: level.cap(physicalTtl) }))) failed(failures, level, undefined);
    } catch (error) {
      failed(failures, level, error);
    }
    if (failures.length > 0) break;
  }
  ctx.guards.touch(keys);
  if (failures.length > 0) {
    await removeEverywhere(ctx, keys);
    throw new MultiLevelWriteError('set', failures, { key, tier: ctx.name });
  }
}

/** A validated batch entry: the envelope and its physical TTL. */
export interface StoredBatchEntry<V> {
  key: string;
  value: StoredEntry<V>;
  ttl: number;
}

/**
 * Validates a batch (every entry before any write) and builds its envelopes:
 * logical expiry `now + ttl`, physical TTL `ttl + grace`.
 * @throws InvalidArgumentError for the first bad key, value or ttl
 */
export function prepareBatch<V>(entries: readonly SetManyEntry<V>[], batchTtl: number, grace: number, now: number, tier: string): StoredBatchEntry<V>[] {
  return entries.map((entry) => {
    assertKey(entry?.key, tier);
    assertValue(entry.value, entry.key, tier);
    const ttl = parseTtl(entry.ttl) ?? batchTtl;
    return { key: entry.key, value: storedEntry(entry.value, now + ttl, now + ttl + grace), ttl: ttl + grace };
  });
}

/** Writes a batch to every level, slowest first, one `setMany` per level. */
export async function writeManyAll<V>(ctx: CacheContext<V>, entries: readonly StoredBatchEntry<V>[]): Promise<void> {
  if (entries.length === 0) return;
  const keys = entries.map((e) => e.key);
  ctx.guards.touch(keys);
  const failures: LevelFailure[] = [];
  for (let i = ctx.levels.length - 1; i >= 0; i--) {
    const level = ctx.levels[i]!;
    const capped: SetManyEntry<StoredEntry<V>>[] = entries.map((e) => ({ key: e.key, value: e.value, ttl: level.cap(e.ttl) }));
    try {
      if (!(await face(level).setMany(capped))) failed(failures, level, undefined);
    } catch (error) {
      failed(failures, level, error);
    }
    if (failures.length > 0) break;
  }
  ctx.guards.touch(keys);
  if (failures.length > 0) {
    await removeEverywhere(ctx, keys);
    throw new MultiLevelWriteError('setMany', failures, { tier: ctx.name });
  }
}

/** Best effort: deletes `keys` from every level, ignoring (but counting) failures. */
export async function removeEverywhere<V>(ctx: CacheContext<V>, keys: readonly string[]): Promise<void> {
  ctx.guards.touch(keys);
  await Promise.all(
    ctx.levels.map(async (level) => {
      try {
        await face(level).deleteMany(keys);
      } catch (error) {
        level.fail('cleanup', keys.length === 1 ? keys[0] : undefined, error);
      }
    }),
  );
}

/** Deletes `key` from every level, slowest first; true when some level held it. */
export async function deleteAll<V>(ctx: CacheContext<V>, key: string): Promise<boolean> {
  const keys = [key];
  ctx.guards.touch(keys);
  const failures: LevelFailure[] = [];
  let removed = false;
  for (let i = ctx.levels.length - 1; i >= 0; i--) {
    const level = ctx.levels[i]!;
    try {
      if (await face(level).delete(key)) removed = true;
    } catch (error) {
      failed(failures, level, error);
    }
  }
  ctx.guards.touch(keys);
  if (failures.length > 0) throw new MultiLevelWriteError('delete', failures, { key, tier: ctx.name });
  return removed;
}

/**
 * Deletes `keys` from every level, slowest first. Resolves the largest count
 * a level reports: faster levels hold subsets of what the slower ones hold,
 * so that is the number of keys removed.
 */
export async function deleteManyAll<V>(ctx: CacheContext<V>, keys: readonly string[]): Promise<number> {
  ctx.guards.touch(keys);
  const failures: LevelFailure[] = [];
  let removed = 0;
  for (let i = ctx.levels.length - 1; i >= 0; i--) {
    const level = ctx.levels[i]!;
    try {
      removed = Math.max(removed, await face(level).deleteMany(keys));
    } catch (error) {
      failed(failures, level, error);
    }
  }
  ctx.guards.touch(keys);
  if (failures.length > 0) throw new MultiLevelWriteError('deleteMany', failures, { tier: ctx.name });
  return removed;
}

/** Clears every level (slowest first), or only the given ones. */
export async function clearAll<V>(ctx: CacheContext<V>, levels: readonly Level<V>[] = ctx.levels): Promise<void> {
  ctx.guards.touchAll();
  const failures: LevelFailure[] = [];
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    try {
      await face(level).clear();
    } catch (error) {
      failed(failures, level, error);
    }
  }
  ctx.guards.touchAll();
  if (failures.length > 0) throw new MultiLevelWriteError('clear', failures, { tier: ctx.name });
}
