/**
 * Status fan-out of the bus: whether the subscriber connection holds its
 * subscriptions, and the `onStatus` listeners told when that changes. A
 * listener's bug never breaks the bus or the other listeners.
 * @module
 */
import type { BusStatus } from '@cache/core';

/** The subscription state and the listeners of `onStatus`. */
export class BusStatusFanOut {
  readonly #listeners = new Set<(status: BusStatus) => void>();
  #subscribed = false;
  #closed = false;

  /** Whether the subscriptions hold now. */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  /** Adds a listener. @returns a function that removes it */
  listen(listener: (status: BusStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records the state; tells the listeners when it changed (never after close). */
  set(subscribed: boolean): void {
    if (subscribed === this.#subscribed || this.#closed) return;
    this.#subscribed = subscribed;
    const status: BusStatus = subscribed ? 'subscribed' : 'unsubscribed';
    for (const listener of this.#listeners) {
      try {
        listener(status);
      } catch {
        // a listener's bug must not break the bus
      }
    }
  }

  /** Drops the listeners; nothing is reported after this. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }
}
