/**
 * Stampede protection across processes: before a `getOrSet` that missed on
 * every level runs its loader, it takes core's `LoadLock` for the key. The
 * holder loads; the others wait for its value to appear in the shared
 * levels (re-reading them every poll interval, and at once when the bus
 * announces a write of the key), retrying the lock meanwhile so a holder
 * that died is replaced once its lease expires. Whatever happens, a waiter
 * loads by itself after `lockWait`, and a lock that fails means "load
 * without it": the lock can delay a load, never prevent it.
 *
 * A holder re-reads the levels after acquiring (double-checked): the
 * previous holder may have stored and released between this instance's
 * miss and its acquire.
 * @module
 */
import { ClosedError, type LoadLock, type LockLease } from '@cache/core';
import type { LocalLevels } from './coherence.js';
import type { CacheContext } from './context.js';
import type { ResolvedOptions } from './resolve-options.js';
import { find } from './read-path.js';
import type { StoredEntry } from './stored-entry.js';

/** The lock and its timings, from the cache's options. */
export interface LockSettings {
  lock: LoadLock;
  /** Lease, ms. */
  ttl: number;
  /** Longest wait for another holder, ms. */
  wait: number;
  /** Pause between re-reads, ms. */
  poll: number;
  /** Wakes waiters when the bus announces their key. */
  waiters: LockWaiters;
}

/** The lock settings of a cache's options, or undefined without a lock. */
export function lockSettings(o: ResolvedOptions): LockSettings | undefined {
  return o.lock === undefined ? undefined : { lock: o.lock, ttl: o.lockTtl, wait: o.lockWait, poll: o.lockPollInterval, waiters: new LockWaiters() };
}

/** A bus message about a key also wakes this instance's lock waiters for it (the holder's value may be there now). */
export function withWaiters(local: LocalLevels, lock: LockSettings | undefined): LocalLevels {
  if (lock === undefined) return local;
  return {
    invalidate: (keys) => {
      local.invalidate(keys);
      lock.waiters.wake(keys);
    },
    clear: () => local.clear(),
  };
}

/** What coordination decided. */
export type Coordination<V> =
  /** The value appeared (another instance loaded it): answer with it. `waited`: after waiting for another holder. */
  | { readonly found: StoredEntry<V>; readonly lease?: undefined; readonly waited: boolean }
  /** Load; with `lease`, release it afterwards. Without: the lock failed or the wait ran out. */
  | { readonly found?: undefined; readonly lease: LockLease | undefined };

/** Waiters per key, woken early by a bus message for the key. */
export class LockWaiters {
  readonly #waiting = new Map<string, Set<() => void>>();

  /** Resolves after `ms`, or earlier when `wake` names `key` or `signal` aborts. */
  pause(key: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      let set = this.#waiting.get(key);
      if (set === undefined) this.#waiting.set(key, (set = new Set()));
      const waiting = set;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiting.delete(done);
        if (waiting.size === 0 && this.#waiting.get(key) === waiting) this.#waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      waiting.add(done);
      signal.addEventListener('abort', done);
      if (signal.aborted) done();
    });
  }

  /** Wakes the waiters of `keys` (a write of them was announced). */
  wake(keys: readonly string[]): void {
    if (this.#waiting.size === 0) return;
    for (const key of keys) {
      const set = this.#waiting.get(key);
      if (set !== undefined) for (const done of [...set]) done();
    }
  }

  /** Keys with waiters. */
  get size(): number {
    return this.#waiting.size;
  }
}

type Attempt = { lease: LockLease | undefined; failed: false } | { lease: undefined; failed: true };

/**
 * Decides who loads `key` after a miss on every level: this instance (with
 * the lease, or without the lock when it failed or the wait ran out), or
 * nobody because another instance's value appeared.
 * @throws ClosedError when the cache closes while waiting
 */
export async function coordinate<V>(ctx: CacheContext<V>, settings: LockSettings, key: string, closing: AbortSignal): Promise<Coordination<V>> {
  const counters = ctx.counters;
  const attempt = async (): Promise<Attempt> => {
    try {
      return { lease: await settings.lock.acquire(key, settings.ttl), failed: false };
    } catch (error) {
      counters.lockErrors++;
      ctx.report('lock', 'lock', key, error);
      return { lease: undefined, failed: true };
    }
  };
  /** The double check after acquiring: the previous holder may have stored meanwhile. */
  const holding = async (lease: LockLease, waited: boolean): Promise<Coordination<V>> => {
    const found = await find(ctx, key, ctx.firstRemote, false);
    if (found.fresh === undefined) return { lease };
    await release(ctx, lease);
    return { found: found.fresh, waited };
  };
  const unlocked = (): Coordination<V> => {
    counters.unlockedLoads++;
    return { lease: undefined };
  };

  let outcome = await attempt();
  if (outcome.failed) return unlocked();
  if (outcome.lease !== undefined) return holding(outcome.lease, false);

  counters.lockWaits++;
  const deadline = performance.now() + settings.wait;
  for (;;) {
    const left = deadline - performance.now();
    if (left > 0) await settings.waiters.pause(key, Math.min(settings.poll, left), closing);
    if (closing.aborted) throw new ClosedError(`the tiered cache ${JSON.stringify(ctx.name)} was closed while waiting for another instance to load ${JSON.stringify(key)}`, { key, tier: ctx.name });
    const found = await find(ctx, key, ctx.firstRemote, false);
    if (found.fresh !== undefined) return { found: found.fresh, waited: true };
    if (performance.now() >= deadline) return unlocked();
    outcome = await attempt();
    if (outcome.failed) return unlocked();
    if (outcome.lease !== undefined) return holding(outcome.lease, true);
  }
}

/** Releases a lease; a failure is reported (the lease expires by itself). */
export async function release<V>(ctx: CacheContext<V>, lease: LockLease): Promise<void> {
  try {
    await lease.release();
  } catch (error) {
    ctx.counters.lockErrors++;
    ctx.report('lock', 'lock', lease.key, error);
  }
}
