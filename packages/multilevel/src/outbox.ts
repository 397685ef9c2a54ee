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
 * @module
 */
import { TimeoutError, type InvalidationKind } from '@cache/core';
import { settleWithin } from '@cache/core/remote';

/** Keys per message. */
const BATCH = 1000;
/** A publish not settled by then counts as failed (a hung bus must not stall the queue for good), ms. */
export const SEND_DEADLINE = 5000;

/** How the queue reaches the bus and reports. */
export interface OutboxHooks {
  send(kind: InvalidationKind, keys: readonly string[]): Promise<void>;
  /** A publish failed (the keys stay queued). */
  failed(error: unknown): void;
  /** The queue overflowed and became a `clear`. */
  flushed(): void;
}

export class Outbox {
  /** Pending keys and the kind of their latest change, in arrival order. */
  readonly #keys = new Map<string, InvalidationKind>();
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
  add(kind: InvalidationKind, keys: readonly string[]): void {
    if (this.#closed) return;
    if (kind === 'clear') {
      this.#keys.clear(); // the clear drops them anyway
      this.#clear = true;
    } else {
      for (const key of keys) this.#keys.set(key, kind);
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
          await this.#send('clear', [], () => (this.#clear = true));
          continue;
        }
        const batch: Record<InvalidationKind, string[]> = { set: [], delete: [], clear: [] };
        for (const [key, kind] of this.#keys) {
          batch[kind].push(key);
          this.#keys.delete(key);
          if (batch.set.length + batch.delete.length >= BATCH) break;
        }
        const undo = () => {
          this.#putBack('delete', batch.delete);
          this.#putBack('set', batch.set);
        };
        if (batch.delete.length > 0) await this.#send('delete', batch.delete, undo);
        if (batch.set.length > 0) await this.#send('set', batch.set, undo);
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

  async #send(kind: InvalidationKind, keys: readonly string[], undo: () => void): Promise<void> {
    const ms = this.#sendDeadline;
    try {
      // a late failure after the deadline is nobody's business (settleWithin drops it)
      const sending = Promise.resolve().then(() => this.#hooks.send(kind, keys));
      await settleWithin(sending, ms, () => new TimeoutError(`the bus did not settle a publish within ${ms} ms`, ms, { tier: 'bus' }));
    } catch (error) {
      undo();
      throw error;
    }
  }

  /** A failed message's keys go back, unless a newer change of the key (or a clear) is queued. */
  #putBack(kind: InvalidationKind, keys: readonly string[]): void {
    if (this.#clear) return;
    for (const key of keys) if (!this.#keys.has(key)) this.#keys.set(key, kind);
  }
}
