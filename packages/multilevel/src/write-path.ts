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
import { MultiLevelWriteError, type LevelFailure, type WriteOperation } from './errors.js';
import type { Level } from './level.js';
import { storedEntry, type StoredEntry } from './stored-entry.js';

const face = <V>(level: Level<V>) => level.sync ?? level.tier;

function failed<V>(failures: LevelFailure[], level: Level<V>, cause: unknown): void {
  level.errors++;
  failures.push({ level: level.name, cause });
}

/**
 * Runs `write` on every level, slowest first, stopping at the first level
 * that fails (throws or answers false); then, when one failed, removes
 * `keys` from every level (so no faster level keeps what a slower one lacks)
 * and throws `MultiLevelWriteError`.
 */
async function writeSlowestFirst<V>(
  ctx: CacheContext<V>,
  keys: readonly string[],
  operation: WriteOperation,
  write: (level: Level<V>) => boolean | Promise<boolean>,
  key?: string,
): Promise<void> {
  ctx.guards.touch(keys);
  const failures: LevelFailure[] = [];
  for (let i = ctx.levels.length - 1; i >= 0 && failures.length === 0; i--) {
    const level = ctx.levels[i]!;
    try {
      if (!(await write(level))) failed(failures, level, undefined);
    } catch (error) {
      failed(failures, level, error);
    }
  }
  ctx.guards.touch(keys);
  if (failures.length > 0) {
    await removeEverywhere(ctx, keys);
    throw new MultiLevelWriteError(operation, failures, { ...(key === undefined ? {} : { key }), tier: ctx.name });
  }
}

/** Writes `stored` to every level (slowest first) for `physicalTtl` ms, each level capped by its `maxTtl`. */
export async function writeAll<V>(ctx: CacheContext<V>, key: string, stored: StoredEntry<V>, physicalTtl: number): Promise<void> {
  await writeSlowestFirst(ctx, [key], 'set', (level) => face(level).set(key, stored, { ttl: level.cap(physicalTtl) }), key);
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
  await writeSlowestFirst(ctx, keys, 'setMany', (level) =>
    face(level).setMany(entries.map((e): SetManyEntry<StoredEntry<V>> => ({ key: e.key, value: e.value, ttl: level.cap(e.ttl) }))),
  );
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

/**
 * Runs `remove` on every level, slowest first, going on past failures (a
 * delete must reach every level it can); throws `MultiLevelWriteError`
 * naming the levels that failed. Resolves the largest count a level reports:
 * faster levels hold subsets of what the slower ones hold, so that is the
 * number of keys removed.
 */
async function deleteSlowestFirst<V>(
  ctx: CacheContext<V>,
  keys: readonly string[],
  operation: WriteOperation,
  remove: (level: Level<V>) => number | Promise<number>,
  key?: string,
): Promise<number> {
  ctx.guards.touch(keys);
  const failures: LevelFailure[] = [];
  let removed = 0;
  for (let i = ctx.levels.length - 1; i >= 0; i--) {
    const level = ctx.levels[i]!;
    try {
      removed = Math.max(removed, await remove(level));
    } catch (error) {
      failed(failures, level, error);
    }
  }
  ctx.guards.touch(keys);
  if (failures.length > 0) throw new MultiLevelWriteError(operation, failures, { ...(key === undefined ? {} : { key }), tier: ctx.name });
  return removed;
}

/** Deletes `key` from every level, slowest first; true when some level held it. */
export async function deleteAll<V>(ctx: CacheContext<V>, key: string): Promise<boolean> {
  return (await deleteSlowestFirst(ctx, [key], 'delete', async (level) => ((await face(level).delete(key)) ? 1 : 0), key)) > 0;
}

/** Deletes `keys` from every level, slowest first; resolves how many keys were removed (see deleteSlowestFirst). */
export async function deleteManyAll<V>(ctx: CacheContext<V>, keys: readonly string[]): Promise<number> {
  return deleteSlowestFirst(ctx, keys, 'deleteMany', (level) => face(level).deleteMany(keys));
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
