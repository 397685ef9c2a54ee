import { type Clock, systemClock } from '../clock.js';
import { ClosedError } from '../errors.js';
import { CounterStatsRecorder } from '../stats.js';
import type { CacheEntry, CacheStatsSnapshot, CacheTier, SetManyEntry, SetOptions } from '../index.js';
import { assertKey, assertKeys, assertValue, parseTtl, readEntry, ttlOf } from '../validate.js';
import { parseDuration } from '../duration.js';

/** Options of {@link MapTier}. */
export interface MapTierOptions {
  /** Tier name. @default 'map' */
  name?: string;
  /** TTL for writes without one; unset means entries never expire. */
  defaultTtl?: number | string;
  /** Time source. @default systemClock */
  clock?: Clock;
}

/**
 * A small, unbounded, Map-backed async tier: the reference implementation of
 * the contract, used by core's own tests and handy as a stand-in data source
 * in tests of the tiered cache. Not meant for production (no size bound).
 */
export class MapTier<V = unknown> implements CacheTier<V> {
  readonly name: string;
  protected readonly entries = new Map<string, { value: V; expiresAt: number }>();
  protected readonly clock: Clock;
  protected readonly recorder: CounterStatsRecorder;
  readonly #defaultTtl: number;
  #closed = false;

  constructor(options: MapTierOptions = {}) {
    this.name = options.name ?? 'map';
    this.clock = options.clock ?? systemClock;
    this.recorder = new CounterStatsRecorder(this.clock);
    this.#defaultTtl =
      options.defaultTtl === undefined ? Infinity : parseDuration(options.defaultTtl, 'defaultTtl', { allowZero: false, allowInfinity: true });
  }

  protected expiresAt(ttl: number | undefined): number {
    return this.clock.now() + (ttl ?? this.#defaultTtl);
  }

  #live(key: string): { value: V; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      this.recorder.recordEviction('expired');
      return undefined;
    }
    return entry;
  }

  #open(): void {
    if (this.#closed) throw new ClosedError(`${this.name} tier is closed`, { tier: this.name });
  }

  async get(key: string): Promise<V | undefined> {
    return (await this.getEntry(key))?.value;
  }

  async getEntry(key: string): Promise<CacheEntry<V> | undefined> {
    this.#open();
    assertKey(key, this.name);
    const entry = this.#live(key);
    if (entry === undefined) {
      this.recorder.recordMisses(1);
      return undefined;
    }
    this.recorder.recordHits(1);
    return { value: entry.value, remainingTtl: entry.expiresAt - this.clock.now() };
  }

  async set(key: string, value: V, options?: SetOptions): Promise<boolean> {
    this.#open();
    assertKey(key, this.name);
    assertValue(value, key, this.name);
    const ttl = ttlOf(options);
    this.entries.set(key, { value, expiresAt: this.expiresAt(ttl) });
    this.recorder.recordSets(1);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    this.#open();
    assertKey(key, this.name);
    const existed = this.#live(key) !== undefined;
    if (existed) {
      this.entries.delete(key);
      this.recorder.recordDeletes(1);
    }
    return existed;
  }

  async has(key: string): Promise<boolean> {
    this.#open();
    assertKey(key, this.name);
    return this.#live(key) !== undefined;
  }

  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    this.#open();
    assertKeys(keys, this.name);
    const out: (V | undefined)[] = [];
    for (const key of keys) out.push(await this.get(key));
    return out;
  }

  async setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
    this.#open();
    const batchTtl = ttlOf(options, 'setMany');
    const checked = entries.map((raw, i) => {
      const entry = readEntry<V>(raw, i, this.name);
      return { key: entry.key, value: entry.value, ttl: entry.ttl === undefined ? batchTtl : parseTtl(entry.ttl) };
    });
    for (const entry of checked) {
      this.entries.set(entry.key, { value: entry.value, expiresAt: this.expiresAt(entry.ttl) });
    }
    this.recorder.recordSets(checked.length);
    return true;
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#open();
    assertKeys(keys, this.name);
    let removed = 0;
    for (const key of keys) if (await this.delete(key)) removed++;
    return removed;
  }

  async clear(): Promise<void> {
    this.#open();
    this.entries.clear();
  }

  stats(): CacheStatsSnapshot {
    return this.recorder.snapshot(this.entries.size, 0);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.entries.clear();
  }
}
