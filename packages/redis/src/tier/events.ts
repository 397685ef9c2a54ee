/**
 * A small typed event emitter. Unlike node:events, an `error` event with no
 * listener is simply dropped: in `miss` mode errors are reported, not thrown.
 * Listener exceptions are caught so they cannot break the cache.
 * @module
 */
import type { CacheError } from '@cache/core';

/** Events of a RedisCache. */
export interface RedisCacheEvents {
  /**
   * An operation failed (both modes: in `throw` mode the caller also got the
   * rejection, in `miss` mode it saw a miss or `false`), or the connection
   * reported an error (`operation` is `'connection'`).
   */
  error: (error: CacheError, operation: string) => void;
  /** The breaker opened after consecutive failures: calls now fail fast. */
  'circuit-open': () => void;
  /** The breaker closed again (a probe succeeded or the connection recovered). */
  'circuit-close': () => void;
  /** The connection is ready (first connect and every reconnect). */
  connect: () => void;
  /** The connection was lost (ioredis reconnects automatically). */
  disconnect: () => void;
}

export class TypedEmitter<Events extends { [K in keyof Events]: (...args: any[]) => void }> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof Events>(event: K, listener: Events[K]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Whether anyone listens to `event`. */
  listening(event: keyof Events): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        (listener as (...a: Parameters<Events[K]>) => void)(...args);
      } catch {
        // a listener's bug must not break a cache operation
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
