/**
 * The write path, the one owner of "write, count, publish": `set`,
 * `setMany`, `delete`, `deleteMany`, `clear` and the loader's store all go
 * through it.
 *
 * - Ordered: writes of one key run one after the other (sequencer.ts), each
 *   through every level, so every level ends with the last write.
 * - Slowest level first: a reader that meets the new value in a fast level
 *   can never meet an older one below it later, and a delete cannot be
 *   undone by a read promoting from a level not yet cleaned (reads that
 *   overlap a write skip promotion: read-guard.ts).
 * - Bad input changes nothing: a level that rejects the value or an
 *   argument (`SerializationError`, `InvalidArgumentError`) fails the call
 *   with that error before any faster level is written (a slower level that
 *   had already taken it loses the key again).
 * - A failing level does not stop the others: the write fills the healthy
 *   levels (for at most `degradedTtl`) and is recorded for repair when the
 *   level returns (recovery.ts). A level that answers "not stored" loses
 *   its older copy, and the faster levels get `degradedTtl` too. `set`
 *   resolves false then; only a write that no level took throws
 *   `MultiLevelWriteError` (and is not repaired).
 * - Publishes leave the write path: a write that stored something queues
 *   its keys (outbox.ts) and returns.
 * @module
 */
import { parseTtl, readEntry, type InvalidationKind, type InvalidationOrigin, type SetManyEntry } from '@cache/core';
import type { CacheContext } from './context.js';
import { MultiLevelWriteError, type LevelFailure, type WriteOperation } from './errors.js';
import type { Level } from './level.js';
import { LoadedStores } from './overtaken.js';
import { isBadInput } from './recovery.js';
import { KeyedSequencer } from './sequencer.js';
import { storedEntry, type StoredEntry } from './stored-entry.js';

/** A validated batch entry: the envelope and its physical TTL. */
export interface StoredBatchEntry<V> {
  key: string;
  value: StoredEntry<V>;
  ttl: number;
}

/** What one pass over the levels did. */
interface Pass<V> {
  /** Levels that took the write. */
  took: number;
  /** Levels that were failing or failed: recorded for repair. */
  missed: Level<V>[];
  /** Levels that answered "not stored": their copy is removed. */
  refused: Level<V>[];
  failures: LevelFailure[];
}

/**
 * Validates a batch (every entry before any write) and builds its envelopes:
 * logical expiry `now + ttl`, physical TTL `ttl + grace`.
 * @throws InvalidArgumentError for the first bad key, value or ttl
 */
export function prepareBatch<V>(entries: readonly SetManyEntry<V>[], batchTtl: number, grace: number, now: number, tier: string): StoredBatchEntry<V>[] {
  return entries.map((raw, i) => {
    const entry = readEntry<V>(raw, i, tier);
    const ttl = parseTtl(entry.ttl) ?? batchTtl;
    return { key: entry.key, value: storedEntry(entry.value, now + ttl, now + ttl + grace), ttl: ttl + grace };
  });
}

const SKIPPED = 'failing: skipped until it recovers';

/** Writes, counts and publishes for one cache. */
export class WritePath<V> {
  readonly #ctx: CacheContext<V>;
  readonly #sequencer = new KeyedSequencer();
  readonly #publish: (kind: InvalidationKind, keys: readonly string[], origin: InvalidationOrigin) => void;
  /** Loaded values stored into shared levels, while another instance's write may overtake them (undefined: no bus or no shared level). */
  readonly #loaded: LoadedStores | undefined;

  /**
   * @param coherent whether other instances write the shared levels and tell
   * this one (a bus): loaded values stored there are then watched (overtaken.ts)
   */
  constructor(ctx: CacheContext<V>, publish: (kind: InvalidationKind, keys: readonly string[], origin: InvalidationOrigin) => void, coherent = false) {
    this.#ctx = ctx;
    this.#publish = publish;
    this.#loaded = coherent && ctx.levels.some((level) => level.shared) ? new LoadedStores(() => ctx.clock.now()) : undefined;
    ctx.recovery.hooks = {
      repaired: (keys) => publish('set', keys, 'cache'),
      rejected: (key) => this.#removeAndPublish([key]),
    };
  }

  /** Resolves once every write in flight now has settled. */
  idle(): Promise<void> {
    return this.#sequencer.idle();
  }

  /**
   * Writes `value` for `ttl` (+ `grace`) ms. Resolves true when every level
   * took it, false when a level was failing (repaired when it returns) or
   * could not store it.
   * @throws the level's SerializationError/InvalidArgumentError (nothing changed); MultiLevelWriteError when no level took it
   */
  set(key: string, value: V, ttl: number, grace: number, origin: InvalidationOrigin = 'write'): Promise<boolean> {
    return this.#sequencer.run([key], async () => {
      const now = this.#ctx.clock.now();
      const lifetime = ttl + grace; // Infinity stays Infinity
      const stored = storedEntry(value, now + ttl, now + lifetime);
      const pass = await this.#eachLevel('set', [key], key, (level, degraded) => {
        const t = this.#ttl(level, lifetime, degraded);
        return level.face.set(key, level.envelope(stored, t, now), { ttl: t });
      });
      return this.#settle('set', [key], key, pass, (level) => this.#ctx.recovery.record(level, key, stored), 1, origin);
    });
  }

  /** Stores a value the loader produced (see `set`); one that another instance's write may overtake is watched (overtaken.ts). */
  storeLoaded(key: string, value: V, ttl: number, grace: number): Promise<boolean> {
    this.#loaded?.began(key);
    return this.set(key, value, ttl, grace, 'cache');
  }

  /**
   * Another instance wrote `keys` (undefined: cleared): loaded values stored
   * here that its write may have overtaken at a shared level are removed
   * from every level, after their store, and the delete is published.
   */
  overtaken(keys: readonly string[] | undefined): void {
    const found = this.#loaded?.overtaken(keys) ?? [];
    if (found.length === 0) return;
    this.#ctx.counters.overtakenLoads += found.length;
    this.#removeAndPublish(found);
  }

  /** Messages from other instances may be missed until the next `overtaken(undefined)`: loaded values stored meanwhile stay watched. */
  missing(): void {
    this.#loaded?.missing();
  }

  /** Removes `keys` from every level, in their write order, then publishes the delete. */
  #removeAndPublish(keys: readonly string[]): void {
    void this.#sequencer.run(keys, () => this.#removeEverywhere(keys)).then(() => this.#publish('delete', keys, 'cache'));
  }

  /** Writes a validated batch, one `setMany` per level; resolves like `set`. */
  setMany(entries: readonly StoredBatchEntry<V>[]): Promise<boolean> {
    if (entries.length === 0) return Promise.resolve(true);
    const keys = entries.map((e) => e.key);
    return this.#sequencer.run(keys, async () => {
      const now = this.#ctx.clock.now();
      const pass = await this.#eachLevel('setMany', keys, undefined, (level, degraded) =>
        level.face.setMany(
          entries.map((e): SetManyEntry<StoredEntry<V>> => {
            const t = this.#ttl(level, e.ttl, degraded);
            return { key: e.key, value: level.envelope(e.value, t, now), ttl: t };
          }),
        ),
      );
      const record = (level: Level<V>) => {
        for (const e of entries) this.#ctx.recovery.record(level, e.key, e.value);
      };
      return this.#settle('setMany', keys, undefined, pass, record, entries.length);
    });
  }

  /** Deletes `key` everywhere (a failing level when it returns); true when some level held it. */
  delete(key: string): Promise<boolean> {
    return this.#sequencer.run([key], async () => {
      let removed = false;
      const pass = await this.#eachLevel('delete', [key], key, async (level) => {
        if (await level.face.delete(key)) removed = true;
        return true;
      });
      await this.#settle('delete', [key], key, pass, (level) => this.#ctx.recovery.record(level, key, null), 0);
      if (removed) this.#ctx.counters.deletes++;
      return removed;
    });
  }

  /** Deletes `keys` everywhere; resolves the largest count a level reports (faster levels hold subsets). */
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.#sequencer.run(keys, async () => {
      let removed = 0;
      const pass = await this.#eachLevel('deleteMany', keys, undefined, async (level) => {
        removed = Math.max(removed, await level.face.deleteMany(keys));
        return true;
      });
      const record = (level: Level<V>) => {
        for (const key of keys) this.#ctx.recovery.record(level, key, null);
      };
      await this.#settle('deleteMany', keys, undefined, pass, record, 0);
      this.#ctx.counters.deletes += removed;
      return removed;
    });
  }

  /** Clears every level; a failing level is cleared when it returns. */
  async clear(): Promise<void> {
    const pass = await this.#eachLevel('clear', undefined, undefined, async (level) => {
      await level.face.clear();
      return true;
    });
    await this.#settle('clear', undefined, undefined, pass, (level) => this.#ctx.recovery.recordClear(level), 0);
  }

  /** A level's TTL for a write living `lifetime` ms: its cap, and `degradedTtl` when a slower level missed the write. */
  #ttl(level: Level<V>, lifetime: number, degraded: boolean): number {
    const ttl = level.cap(lifetime);
    return degraded && ttl > this.#ctx.degradedTtl ? this.#ctx.degradedTtl : ttl;
  }

  /**
   * Runs `apply` on every level, slowest first: failing levels are skipped,
   * a level that throws is marked failing, and the levels faster than one
   * that missed the write get degraded TTLs.
   * Bad input stops the pass and is thrown (undoing slower levels' writes).
   */
  async #eachLevel(
    operation: WriteOperation,
    keys: readonly string[] | undefined,
    key: string | undefined,
    apply: (level: Level<V>, degraded: boolean) => boolean | Promise<boolean>,
  ): Promise<Pass<V>> {
    const ctx = this.#ctx;
    const touch = () => (keys === undefined ? ctx.guards.touchAll() : ctx.guards.touch(keys));
    touch();
    const pass: Pass<V> = { took: 0, missed: [], refused: [], failures: [] };
    const written: Level<V>[] = [];
    let degraded = false; // set at the first level that misses the write: the faster ones then keep it briefly
    try {
      for (let i = ctx.levels.length - 1; i >= 0; i--) {
        const level = ctx.levels[i]!;
        if (level.failing) {
          pass.missed.push(level);
          pass.failures.push({ level: level.name, cause: SKIPPED });
          degraded = true;
          continue;
        }
        try {
          if (await apply(level, degraded)) {
            pass.took++;
            written.push(level);
          } else {
            level.fail('write', key);
            pass.refused.push(level);
            pass.failures.push({ level: level.name, cause: undefined });
            degraded = true; // a faster level must not keep for long what this one lacks
          }
        } catch (error) {
          if (isBadInput(error)) {
            if (keys !== undefined && operation !== 'delete' && operation !== 'deleteMany') await this.#remove(keys, written);
            throw error;
          }
          level.fail('write', key, error); // marks it failing
          pass.missed.push(level);
          pass.failures.push({ level: level.name, cause: error });
          degraded = true;
        }
      }
    } finally {
      touch();
    }
    return pass;
  }

  /** After a pass: throw when no level took it; else record repairs, drop refused copies, count, publish. */
  async #settle(
    operation: WriteOperation,
    keys: readonly string[] | undefined,
    key: string | undefined,
    pass: Pass<V>,
    record: (level: Level<V>) => void,
    sets: number,
    origin: InvalidationOrigin = 'write',
  ): Promise<boolean> {
    if (pass.took === 0) {
      throw new MultiLevelWriteError(operation, pass.failures.reverse(), { ...(key === undefined ? {} : { key }), tier: this.#ctx.name });
    }
    for (const level of pass.missed) record(level);
    if (pass.refused.length > 0 && keys !== undefined) await this.#remove(keys, pass.refused);
    this.#ctx.counters.sets += sets;
    const kind: InvalidationKind = operation === 'set' || operation === 'setMany' ? 'set' : operation === 'clear' ? 'clear' : 'delete';
    this.#publish(kind, keys ?? [], origin);
    return pass.missed.length === 0 && pass.refused.length === 0;
  }

  /** Best effort: deletes `keys` from `levels`, counting failures. */
  async #remove(keys: readonly string[], levels: readonly Level<V>[]): Promise<void> {
    this.#ctx.guards.touch(keys);
    await Promise.all(
      levels.map(async (level) => {
        try {
          await level.face.deleteMany(keys);
        } catch (error) {
          level.fail('cleanup', keys.length === 1 ? keys[0] : undefined, error);
        }
      }),
    );
  }

  /** Removes `keys` from every healthy level and records their delete for the failing ones. */
  async #removeEverywhere(keys: readonly string[]): Promise<void> {
    const healthy = this.#ctx.levels.filter((level) => !level.failing);
    for (const level of this.#ctx.levels) if (level.failing) for (const key of keys) this.#ctx.recovery.record(level, key, null);
    await this.#remove(keys, healthy);
  }
}
