import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../clock.js';
import { assertLockArguments, type LoadLock, type LockLease } from '../lock.js';

/** Options of {@link MemoryLoadLock}. */
export interface MemoryLoadLockOptions {
  /** Time source for lease expiry. @default systemClock */
  clock?: Clock;
}

/**
 * The reference {@link LoadLock}: leases in a Map, expiring by `clock`.
 * Shared by the instances of one process (pass the same object to each);
 * for tests and single-process setups, not across processes.
 */
export class MemoryLoadLock implements LoadLock {
  readonly #holders = new Map<string, { token: string; expiresAt: number }>();
  readonly #clock: Clock;
  /** Leases granted so far. */
  granted = 0;

  constructor(options: MemoryLoadLockOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  acquire(key: string, ttlMs: number): Promise<LockLease | undefined> {
    try {
      assertLockArguments(key, ttlMs, 'memory-load-lock');
    } catch (error) {
      return Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
    const now = this.#clock.now();
    const held = this.#holders.get(key);
    if (held !== undefined && held.expiresAt > now) return Promise.resolve(undefined);
    const token = randomUUID();
    this.#holders.set(key, { token, expiresAt: now + ttlMs });
    this.granted++;
    const holders = this.#holders;
    const lease: LockLease = {
      key,
      release: () => {
        if (holders.get(key)?.token === token) holders.delete(key);
        return Promise.resolve();
      },
    };
    return Promise.resolve(lease);
  }

  /** Whether a live lease exists for `key`. */
  isHeld(key: string): boolean {
    const held = this.#holders.get(key);
    return held !== undefined && held.expiresAt > this.#clock.now();
  }
}
