/**
 * The invalidation bus: how instances that share a remote tier keep their
 * in-process tiers coherent. A Redis pub/sub implementation lives in
 * `@cache/redis`; the tiered cache only sees this interface.
 * @module
 */

/** What changed. */
export type InvalidationKind = 'set' | 'delete' | 'clear';

/** One message on the bus. */
export interface InvalidationMessage {
  /** The publishing instance; an instance ignores its own messages. */
  readonly instanceId: string;
  /** The cache namespace the keys belong to (e.g. the tiered cache's name). */
  readonly namespace: string;
  /**
   * Orders messages: a receiver ignores a message whose version is lower
   * than the newest it has applied for the same key (or namespace, for
   * `clear`), so a late message cannot undo a newer write.
   */
  readonly version: number;
  /** What happened. */
  readonly kind: InvalidationKind;
  /** The keys concerned; empty for `clear`. */
  readonly keys: readonly string[];
}

/** Subscription state changes a bus reports. */
export type BusStatus = 'subscribed' | 'unsubscribed';

/** Publish/subscribe of invalidation messages. */
export interface InvalidationBus {
  /** This instance's id, stamped on every message it publishes. */
  readonly instanceId: string;
  /**
   * Publishes a message. The bus stamps `instanceId` and a version (which
   * must be monotonic per instance and comparable across instances).
   */
  publish(message: { namespace: string; kind: InvalidationKind; keys: readonly string[] }): Promise<void>;
  /**
   * Calls `handler` for messages of `namespace` from other instances.
   * @returns a function that removes the handler
   */
  subscribe(namespace: string, handler: (message: InvalidationMessage) => void): Promise<() => void>;
  /** Reports when the bus loses or regains its subscription (messages may have been missed in between). */
  onStatus(listener: (status: BusStatus) => void): () => void;
  /** Stops listening and closes the bus's own connections. */
  close(): Promise<void>;
}

/**
 * A hybrid logical clock for bus versions: wall-clock milliseconds scaled by
 * 1024 plus a counter, never going backwards within an instance and roughly
 * comparable across instances. `observe()` moves it past a received version.
 */
export class VersionClock {
  #last = 0;
  readonly #now: () => number;
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }
  /** The next version, strictly greater than every version returned or observed. */
  next(): number {
    const wall = Math.floor(this.#now()) * 1024;
    this.#last = wall > this.#last ? wall : this.#last + 1;
    return this.#last;
  }
  /** Records a version seen from another instance. */
  observe(version: number): void {
    if (version > this.#last) this.#last = version;
  }
}
