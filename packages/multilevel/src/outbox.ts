/**
 * The publish queue: invalidation messages leave the write path. A write
 * adds its keys here (synchronously, coalesced per key) and returns; the
 * queue sends them in the background, one message in flight at a time
 * (keys that arrive meanwhile ride together in the next one).
 *
 * Behind a breaker: a publish that fails puts its keys back and the queue
 * pauses for `retryInterval` (or until the bus reports its subscription
 * back, see `resume()`), so a dead bus costs one failed attempt per
 * interval, never one per write. Nothing is lost while the bus is down: the
 * keys are replayed when it returns, or, past `maxPending` keys, turned
 * into one `clear` message (every other instance drops its local levels).
 *
 * Each key keeps the kind of its latest change and whether any of its
 * queued changes was an application write (origin `'write'`) rather than
 * the cache's own bookkeeping (`'cache'`): a write must reach the other
 * instances as one, even when a store of the cache's rides with it.
 * @module
 */
import { TimeoutError, type InvalidationKind, type InvalidationOrigin } from '@cache/core';
import { settleWithin } from '@cache/core/remote';

/** Keys per message. */
const BATCH = 1000;
/** A publish not settled by then counts as failed (a hung bus must not stall the queue for good), ms. */
export const SEND_DEADLINE = 5000;

/** How the queue reaches the bus and reports. */
export interface OutboxHooks {
  send(kind: InvalidationKind, keys: readonly string[], origin: InvalidationOrigin): Promise<void>;
  /** A publish failed (the keys stay queued). */
  failed(error: unknown): void;
  /** The queue overflowed and became a `clear`. */
  flushed(): void;
}

/** A queued change of a key: bit 0 set for a delete (else a set), bit 1 set when only the cache changed it (origin `'cache'`). */
type Change = number;
const DELETE = 1;
const CACHE = 2;
/** The order a drain sends its batches in: deletes first, writes before the cache's own changes. */
const SEND_ORDER: readonly Change[] = [DELETE, 0, DELETE | CACHE, CACHE];

export class Outbox {
  /** Pending keys and their change, in arrival order. */
  readonly #keys = new Map<string, Change>();
  #clear = false;
  #sending: Promise<void> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #hooks: OutboxHooks;
  readonly #retryInterval: number;
  readonly #maxPending: number;

  readonly #sendDeadline: number;

  constructor(hooks: OutboxHooks, retryInterval: number, maxPending: number, sendDeadline = SEND_DEADLINE) {
    this.#hooks = hooks;
    this.#retryInterval = retryInterval;
    this.#maxPending = maxPending;
    this.#sendDeadline = sendDeadline;
  }

  /** Keys (and a pending clear, as 1) waiting to be published. */
  get pending(): number {
    return this.#keys.size + (this.#clear ? 1 : 0);
  }

  /** Queues a change; returns at once. */
  add(kind: InvalidationKind, keys: readonly string[], origin: InvalidationOrigin = 'write'): void {
    if (this.#closed) return;
    if (kind === 'clear') {
      this.#keys.clear(); // the clear drops them anyway
      this.#clear = true;
    } else {
      const change = (kind === 'delete' ? DELETE : 0) | (origin === 'cache' ? CACHE : 0);
      for (const key of keys) {
        const queued = this.#keys.get(key);
        // a write queued before stays a write
        this.#keys.set(key, queued === undefined ? change : change & (queued | DELETE));
      }
      if (this.#keys.size > this.#maxPending) {
        this.#keys.clear();
        this.#clear = true;
        this.#hooks.flushed();
      }
    }
    this.#kick();
  }

  /** The bus is back (its subscription holds again): send what waits now. */
  resume(): void {
    if (this.#retry === undefined) return;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#kick();
  }

  /** Sends what waits (within `ms`), then accepts nothing more. */
  async close(ms: number): Promise<void> {
    this.resume();
    if (this.#sending !== undefined) {
      await settleWithin(this.#sending, ms, () => new TimeoutError('close: a publish still in flight', ms, { tier: 'bus' })).catch(() => {});
    }
    this.#closed = true;
    clearTimeout(this.#retry);
  }

  #kick(): void {
    if (this.#sending !== undefined || this.#retry !== undefined || this.#closed || this.pending === 0) return;
    // a microtask later: the keys of writes finishing in this tick ride along
    this.#sending = Promise.resolve().then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    try {
      while (this.pending > 0 && !this.#closed) {
        if (this.#clear) {
          this.#clear = false;
          await this.#send('clear', [], () => (this.#clear = true), 'write');
          continue;
        }
        const batches: string[][] = [[], [], [], []]; // by change
        let size = 0;
        for (const [key, change] of this.#keys) {
          batches[change]!.push(key);
          this.#keys.delete(key);
          if (++size >= BATCH) break;
        }
        const undo = () => batches.forEach((keys, change) => this.#putBack(change, keys));
        for (const change of SEND_ORDER) {
          const keys = batches[change]!;
          if (keys.length > 0) await this.#send(change & DELETE ? 'delete' : 'set', keys, undo, change & CACHE ? 'cache' : 'write');
        }
      }
      this.#sending = undefined;
    } catch (error) {
      this.#sending = undefined;
      this.#hooks.failed(error);
      if (!this.#closed) {
        this.#retry = setTimeout(() => {
          this.#retry = undefined;
          this.#kick();
        }, this.#retryInterval).unref();
      }
    }
  }

  async #send(kind: InvalidationKind, keys: readonly string[], undo: () => void, origin: InvalidationOrigin): Promise<void> {
    const ms = this.#sendDeadline;
    try {
      // a late failure after the deadline is nobody's business (settleWithin drops it)
      const sending = Promise.resolve().then(() => this.#hooks.send(kind, keys, origin));
      await settleWithin(sending, ms, () => new TimeoutError(`the bus did not settle a publish within ${ms} ms`, ms, { tier: 'bus' }));
    } catch (error) {
      undo();
      throw error;
    }
  }

  /** A failed message's keys go back, unless a newer change of the key (or a clear) is queued; a write it carried stays a write. */
  #putBack(change: Change, keys: readonly string[]): void {
    if (this.#clear) return;
    for (const key of keys) {
      const queued = this.#keys.get(key);
      this.#keys.set(key, queued === undefined ? change : queued & (change | DELETE));
    }
  }
}
