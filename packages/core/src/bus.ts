/**
 * The invalidation bus: how instances that share a remote tier keep their
 * in-process tiers coherent. A Redis pub/sub implementation lives in
 * `@cache/redis`, an in-process reference (`MemoryBus`) in
 * `@cache/core/testing`; the tiered cache only sees this interface, and
 * `describeBusConformance` proves an implementation keeps it.
 * @module
 */
import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';

/** What changed. */
export type InvalidationKind = 'set' | 'delete' | 'clear';

/** Who changed it (see {@link InvalidationMessage.origin}). */
export type InvalidationOrigin = 'write' | 'cache';

/** One message on the bus. */
export interface InvalidationMessage {
  /** The publishing instance; an instance ignores its own messages. */
  readonly instanceId: string;
  /** The cache namespace the keys belong to (e.g. the tiered cache's name). */
  readonly namespace: string;
  /**
   * Orders messages: a bus does not deliver a key whose version is lower
   * than the newest it has applied for the same key (or namespace, for
   * `clear`), its own publishes included, so a late message cannot undo a
   * newer write. `VersionFilter` is the one implementation of that rule.
   */
  readonly version: number;
  /** What happened. */
  readonly kind: InvalidationKind;
  /** The keys concerned; empty for `clear`. */
  readonly keys: readonly string[];
  /**
   * Who changed the keys: `'write'`, the application (a set, delete or
   * clear); `'cache'`, the cache's own bookkeeping (a loaded value stored,
   * a repair, a removal of a value it could no longer trust). A receiver
   * that watches its own stores for overtaking writes (see
   * `@cache/multilevel`) reacts to writes only, so two instances' bookkeeping
   * never answers each other. Absent means `'write'`.
   */
  readonly origin?: InvalidationOrigin;
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
   * Rejects with InvalidArgumentError (sending nothing) when the message is
   * malformed (see {@link assertPublication}), with ClosedError after close().
   */
  publish(message: Publication): Promise<void>;
  /**
   * Calls `handler` for messages of `namespace` from other instances, never
   * for this instance's own, and never a key older than the version already
   * applied for it (see {@link InvalidationMessage.version}). Rejects with
   * InvalidArgumentError for an empty namespace or a handler that is not a
   * function, with ClosedError after close().
   * @returns a function that removes the handler (calling it again does nothing)
   */
  subscribe(namespace: string, handler: (message: InvalidationMessage) => void): Promise<() => void>;
  /** Reports when the bus loses or regains its subscription (messages may have been missed in between). */
  onStatus(listener: (status: BusStatus) => void): () => void;
  /** Stops listening and closes the bus's own connections; calling it again resolves too. */
  close(): Promise<void>;
}

/** What a caller publishes; the bus adds `instanceId` and `version`. */
export interface Publication {
  /** The cache namespace, a non-empty string. */
  readonly namespace: string;
  /** What happened. */
  readonly kind: InvalidationKind;
  /** Non-empty key strings; empty for `clear`. */
  readonly keys: readonly string[];
  /**
   * Who changed the keys: `'write'`, the application (a set, delete or
   * clear); `'cache'`, the cache's own bookkeeping (a loaded value stored,
   * a repair, a removal of a value it could no longer trust). A receiver
   * that watches its own stores for overtaking writes (see
   * `@cache/multilevel`) reacts to writes only, so two instances' bookkeeping
   * never answers each other. Absent means `'write'`.
   */
  readonly origin?: InvalidationOrigin;
}

const KINDS: ReadonlySet<unknown> = new Set<InvalidationKind>(['set', 'delete', 'clear']);

/** Whether `kind` is one of the message kinds (for parsing what arrives on a wire). */
export function isInvalidationKind(kind: unknown): kind is InvalidationKind {
  return KINDS.has(kind);
}

/** Throws InvalidArgumentError unless `namespace` is a non-empty string. */
export function assertNamespace(namespace: unknown, tier?: string): asserts namespace is string {
  if (typeof namespace !== 'string' || namespace === '') {
    throw new InvalidArgumentError('namespace', `namespace must be a non-empty string (got ${describeValue(namespace)})`, { tier });
  }
}

/**
 * The checks every bus runs on `publish()` before anything else: an object
 * with a non-empty `namespace`, a known `kind` and `keys` an array of
 * non-empty strings. @throws InvalidArgumentError naming the bad field
 * @returns the message's fields
 */
export function assertPublication(message: unknown, tier?: string): Publication {
  if (typeof message !== 'object' || message === null) {
    throw new InvalidArgumentError('message', `message must be { namespace, kind, keys } (got ${describeValue(message)})`, { tier });
  }
  const { namespace, kind, keys, origin } = message as Publication;
  assertNamespace(namespace, tier);
  if (!isInvalidationKind(kind)) throw new InvalidArgumentError('kind', `kind must be 'set', 'delete' or 'clear' (got ${describeValue(kind)})`, { tier });
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && k !== '')) {
    throw new InvalidArgumentError('keys', 'keys must be an array of non-empty strings', { tier });
  }
  if (origin !== undefined && origin !== 'write' && origin !== 'cache') {
    throw new InvalidArgumentError('origin', `origin must be 'write', 'cache' or left out (got ${describeValue(origin)})`, { tier });
  }
  return origin === undefined ? { namespace, kind, keys } : { namespace, kind, keys, origin };
}

/** The checks every bus runs on `subscribe()`. @throws InvalidArgumentError naming the bad argument */
export function assertSubscription(namespace: unknown, handler: unknown, tier?: string): void {
  assertNamespace(namespace, tier);
  if (typeof handler !== 'function') throw new InvalidArgumentError('handler', `handler must be a function (got ${describeValue(handler)})`, { tier });
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
