/**
 * Auto-recovery of failing levels (after FusionCache's auto-recovery). A
 * level whose operation fails for another reason than bad input is marked
 * failing: reads skip it and writes record what it missed here instead of
 * sending it (per key, last write wins, deletes and clears included,
 * bounded by `maxRepairs`). Every `recoveryInterval` (an unref'd timer) a
 * probe tries the level: it replays the recorded writes (on a shared level
 * as deletes, since other instances may hold newer values; elsewhere as
 * rewrites, or deletes when the value expired); once none is left the level is used
 * again. The repaired keys are published, so every instance's local levels
 * drop what they held and read the repaired level: after recovery the
 * shared level and every L1 agree.
 * @module
 */
import { ErrorCode, isCacheError } from '@cache/core';
import type { CacheContext } from './context.js';
import type { Level } from './level.js';
import type { StoredEntry } from './stored-entry.js';

/** The key a probe of a level with nothing to repair asks `has()` about. */
const PROBE_KEY = '__multilevel_probe__';
/** Repairs sent together. */
const CHUNK = 100;

/** Whether `error` rejects the input (the value or an argument), as opposed to a level that is down. */
export function isBadInput(error: unknown): boolean {
  return isCacheError(error, ErrorCode.Serialization) || isCacheError(error, ErrorCode.InvalidArgument);
}

/** What recovery tells the rest of the cache. */
export interface RecoveryHooks {
  /** These keys were rewritten or deleted at a level that came back: publish them. */
  repaired(keys: readonly string[]): void;
  /** The level rejected this key's recorded value as bad input: remove the key everywhere. */
  rejected(key: string): void;
}

interface Log<V> {
  /** Per key: the envelope to write, or null to delete. Oldest first. */
  readonly pending: Map<string, StoredEntry<V> | null>;
  /** A clear the level missed (replayed first). */
  clear: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: boolean;
}

/** The repair logs and probes of one cache's levels. */
export class Recovery<V> {
  hooks: RecoveryHooks = { repaired: () => {}, rejected: () => {} };
  readonly #ctx: CacheContext<V>;
  readonly #logs: Log<V>[];
  readonly #interval: number;
  readonly #max: number;
  #closed = false;

  constructor(ctx: CacheContext<V>, interval: number, maxRepairs: number) {
    this.#ctx = ctx;
    this.#interval = interval;
    this.#max = maxRepairs;
    this.#logs = ctx.levels.map(() => ({ pending: new Map(), clear: false, timer: undefined, running: false }));
  }

  /** Recorded repairs over every level. */
  get pending(): number {
    return this.#logs.reduce((sum, log) => sum + log.pending.size + (log.clear ? 1 : 0), 0);
  }

  /** Marks `level` failing and schedules its probe. */
  down(level: Level<V>): void {
    if (this.#closed) return;
    if (!level.failing) {
      level.failing = true;
      this.#ctx.failingLevels++;
    }
    this.#schedule(level);
  }

  /** Records that `level` missed a write of `key` (`null`: a delete). */
  record(level: Level<V>, key: string, stored: StoredEntry<V> | null): void {
    const log = this.#logs[level.index]!;
    log.pending.delete(key); // re-inserted last: the oldest record is the first dropped
    log.pending.set(key, stored);
    if (log.pending.size > this.#max) {
      log.pending.delete(log.pending.keys().next().value!);
      this.#ctx.counters.repairsDropped++;
    }
  }

  /** Records that `level` missed a clear (what it missed before is moot). */
  recordClear(level: Level<V>): void {
    const log = this.#logs[level.index]!;
    log.pending.clear();
    log.clear = true;
  }

  /** Stops probing; recorded repairs are dropped. */
  close(): void {
    this.#closed = true;
    for (const log of this.#logs) clearTimeout(log.timer);
  }

  #schedule(level: Level<V>): void {
    const log = this.#logs[level.index]!;
    if (log.timer !== undefined || log.running || this.#closed) return;
    log.timer = setTimeout(() => {
      log.timer = undefined;
      log.running = true;
      void this.#attempt(level, log).finally(() => (log.running = false));
    }, this.#interval).unref();
  }

  async #attempt(level: Level<V>, log: Log<V>): Promise<void> {
    const repaired: string[] = [];
    try {
      if (log.clear) {
        log.clear = false;
        await this.#call(() => level.face.clear(), () => (log.clear = true));
      }
      if (log.pending.size === 0) await this.#call(() => level.face.has(PROBE_KEY));
      while (log.pending.size > 0 && !this.#closed) await this.#replay(level, log, repaired);
      if (this.#closed) return;
      level.failing = false;
      this.#ctx.failingLevels--;
    } catch (error) {
      level.fail('repair', undefined, error, false);
      log.running = false;
      this.#schedule(level);
    } finally {
      if (repaired.length > 0) this.hooks.repaired(repaired);
    }
  }

  /** Replays one chunk; throws the first "down" failure (its records, and the rest, stay). */
  async #replay(level: Level<V>, log: Log<V>, repaired: string[]): Promise<void> {
    const chunk: [string, StoredEntry<V> | null][] = [];
    for (const record of log.pending) {
      chunk.push(record);
      log.pending.delete(record[0]);
      if (chunk.length === CHUNK) break;
    }
    const results = await Promise.allSettled(chunk.map(([key, stored]) => this.#apply(level, key, stored)));
    let down: unknown;
    results.forEach((result, i) => {
      const [key, stored] = chunk[i]!;
      if (result.status === 'fulfilled') {
        repaired.push(key);
        this.#ctx.counters.repairs++;
      } else if (isBadInput(result.reason)) {
        this.#ctx.counters.repairsDropped++;
        level.fail('repair', key, result.reason, false);
        this.hooks.rejected(key);
      } else {
        down ??= result.reason;
        if (!log.pending.has(key) && !log.clear) log.pending.set(key, stored);
      }
    });
    if (down !== undefined) throw down; // eslint-disable-line @typescript-eslint/only-throw-error
  }

  /**
   * Repairs `key` at `level`. A shared level is repaired by deleting the key:
   * other instances may have written it while the level was away, and their
   * repairs arrive in no particular order, so rewriting this instance's last
   * value could put back an older one (the next read loads it afresh). A
   * level of this instance alone is rewritten with what remains of the
   * value's life, or the key deleted.
   */
  async #apply(level: Level<V>, key: string, stored: StoredEntry<V> | null): Promise<void> {
    const now = this.#ctx.clock.now();
    const end = stored === null ? undefined : (stored.p ?? stored.e);
    const ttl = stored === null || level.shared ? 0 : end === undefined ? Infinity : level.cap(end - now);
    if (stored === null || !(ttl > 0)) {
      await this.#call(() => level.face.delete(key));
      return;
    }
    const stored2 = level.envelope(stored, ttl, now);
    // a level that cannot hold it must not keep the older value either
    if (!(await this.#call(() => level.face.set(key, stored2, { ttl })))) await this.#call(() => level.face.delete(key));
  }

  /** Calls a face (synchronous or not) as a promise; `undo` runs on failure. */
  async #call<R>(call: () => R | Promise<R>, undo?: () => void): Promise<R> {
    try {
      return await call();
    } catch (error) {
      undo?.();
      throw error;
    }
  }
}
