import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import '@cache/test-support/vitest-context';
import { ConnectionError, type CacheEntry, type Clock, type SetManyEntry, type SetOptions } from '@cache/core';
import { MapTier } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { RedisCache, type RedisCacheOptions } from '@cache/redis';

/** The URL of the redis-server the global setup started for this project. */
export const redisUrl = (): string => inject('redisUrl');

/** A prefix no other test uses. */
export const uniquePrefix = (label = 't'): string => `${label}-${randomUUID().slice(0, 8)}`;

/** A MemoryCache for a level (the cache needs no types: it holds envelopes). */
export const memory = (clock?: Clock, maxEntries = 1000) => new MemoryCache({ maxEntries, ...(clock ? { clock } : {}) });

/** A RedisCache on the project's server under a fresh prefix. */
export const redis = (options: RedisCacheOptions = {}): RedisCache => new RedisCache({ url: redisUrl(), prefix: uniquePrefix(), ...options });

type Op = 'get' | 'set' | 'delete' | 'clear' | 'has';

/**
 * A Map-backed tier (core's reference tier) that can be told to fail, for
 * the paths a healthy tier never takes. `failing` names the operations that
 * throw a ConnectionError; `refuse` makes writes resolve false.
 */
export class FlakyTier extends MapTier<unknown> {
  readonly failing = new Set<Op>();
  refuse = false;
  readonly writes: string[] = [];
  /** While set, reads wait for it (to hold a read in flight). */
  hold: Promise<void> | undefined;

  #fail(op: Op): void {
    if (this.failing.has(op)) throw new ConnectionError(`${this.name} is down`, { tier: this.name });
  }
  /** The raw envelope under `key`, without stats. */
  peekRaw(key: string): unknown {
    return this.entries.get(key)?.value;
  }
  override async getEntry(key: string): Promise<CacheEntry<unknown> | undefined> {
    this.#fail('get');
    const entry = await super.getEntry(key);
    if (this.hold !== undefined) await this.hold;
    return entry;
  }
  override async getMany(keys: readonly string[]): Promise<unknown[]> {
    this.#fail('get');
    const values = await super.getMany(keys);
    if (this.hold !== undefined) await this.hold;
    return values;
  }
  override async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    this.#fail('set');
    if (this.refuse) return false;
    this.writes.push(key);
    return super.set(key, value, options);
  }
  override async setMany(entries: readonly SetManyEntry<unknown>[], options?: SetOptions): Promise<boolean> {
    this.#fail('set');
    if (this.refuse) return false;
    return super.setMany(entries, options);
  }
  override async delete(key: string): Promise<boolean> {
    this.#fail('delete');
    return super.delete(key);
  }
  override async deleteMany(keys: readonly string[]): Promise<number> {
    this.#fail('delete');
    return super.deleteMany(keys);
  }
  override async has(key: string): Promise<boolean> {
    this.#fail('has');
    return super.has(key);
  }
  override async clear(): Promise<void> {
    this.#fail('clear');
    return super.clear();
  }
}

/** Polls `check` until it is true or `withinMs` passes; resolves whether it became true. */
export async function eventually(check: () => boolean | Promise<boolean>, withinMs = 5000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise with its resolve/reject exposed. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
