/**
 * The reference {@link InvalidationBus}: endpoints of one in-process hub
 * deliver to each other synchronously. It keeps the whole contract the way
 * a networked bus must (versions from a {@link VersionClock} per endpoint,
 * ordering by core's {@link VersionFilter}, typed errors, close), so it is
 * what `describeBusConformance` is proven against, and a stand-in for a
 * real bus in tests of code that uses one (e.g. a tiered cache). Test hooks
 * (`deliver`, `disconnect`/`reconnect`, `failSubscribe`) forge messages and
 * faults.
 *
 * ```ts
 * const hub = new MemoryBusHub();
 * const a = hub.endpoint('a');
 * const b = hub.endpoint('b');
 * await b.subscribe('users', (message) => console.log(message.keys)); // ['1']
 * await a.publish({ namespace: 'users', kind: 'delete', keys: ['1'] });
 * ```
 * @module
 */
import type { BusStatus, InvalidationBus, InvalidationMessage, Publication } from '../bus.js';
import { VersionClock, assertPublication, assertSubscription } from '../bus.js';
import { ClosedError, ConnectionError } from '../errors.js';
import { DEFAULT_MAX_TRACKED_KEYS, VersionFilter } from '../version-filter.js';

/** Options of a {@link MemoryBus} endpoint. */
export interface MemoryBusOptions {
  /** Wall clock (ms) its versions come from. @default Date.now */
  now?: () => number;
  /** Key versions remembered per namespace. @default DEFAULT_MAX_TRACKED_KEYS (10000) */
  maxTrackedKeys?: number;
  /**
   * Makes the ordering of a namespace it subscribes to. Only for proving
   * that a test catches a bus that orders wrongly (a subclass of
   * VersionFilter that lets old versions through).
   * @default a VersionFilter of `maxTrackedKeys`
   */
  versionFilter?: (namespace: string) => VersionFilter;
}

/** One channel space: the endpoints made by a hub see each other's messages, and nothing of another hub. */
export class MemoryBusHub {
  /** The open endpoints. */
  readonly endpoints = new Set<MemoryBus>();
  #made = 0;

  /** A new endpoint. @param instanceId @default `memory-bus-<n>` */
  endpoint(instanceId: string = `memory-bus-${++this.#made}`, options: MemoryBusOptions = {}): MemoryBus {
    const bus = new MemoryBus(this, instanceId, options);
    this.endpoints.add(bus);
    return bus;
  }
}

interface Subscription {
  readonly handlers: Set<(message: InvalidationMessage) => void>;
  readonly filter: VersionFilter;
}

/** An endpoint of a {@link MemoryBusHub}; make it with `hub.endpoint()`. */
export class MemoryBus implements InvalidationBus {
  /** This endpoint's version clock (tests forge versions with `clock.next()`). */
  readonly clock: VersionClock;
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #statusListeners = new Set<(status: BusStatus) => void>();
  readonly #newFilter: (namespace: string) => VersionFilter;
  #connected = true;
  #closed = false;
  /** Test hook: this many next subscribe() calls reject with ConnectionError. */
  failSubscribe = 0;

  /** @internal use {@link MemoryBusHub.endpoint} */
  constructor(
    /** The hub it belongs to. */
    readonly hub: MemoryBusHub,
    /** This endpoint's id, stamped on its messages. */
    readonly instanceId: string,
    options: MemoryBusOptions = {},
  ) {
    this.clock = new VersionClock(options.now);
    const maxTracked = options.maxTrackedKeys ?? DEFAULT_MAX_TRACKED_KEYS;
    this.#newFilter = options.versionFilter ?? (() => new VersionFilter(maxTracked));
  }

  /** Whether it holds its subscriptions (false while disconnected, and before any). */
  get subscribed(): boolean {
    return this.#connected && this.#subscriptions.size > 0 && !this.#closed;
  }

  /** Delivers the message to the other endpoints (synchronously). @throws InvalidArgumentError, ClosedError */
  async publish(message: Publication): Promise<void> {
    this.#assertOpen();
    const { namespace, kind, keys, origin } = assertPublication(message, 'memory-bus');
    const version = this.clock.next();
    this.#subscriptions.get(namespace)?.filter.apply(version, kind, keys, origin); // a late message must not undo this write
    this.deliver({ instanceId: this.instanceId, namespace, version, kind, keys: [...keys], ...(origin === undefined ? {} : { origin }) });
  }

  /** Test hook: delivers `message` to every other endpoint as the wire would (each receiver's ordering applies). */
  deliver(message: InvalidationMessage): void {
    for (const bus of this.hub.endpoints) if (bus.instanceId !== message.instanceId) bus.#receive(message);
  }

  /** Calls `handler` for messages of `namespace` from other endpoints. @returns a function that removes it */
  async subscribe(namespace: string, handler: (message: InvalidationMessage) => void): Promise<() => void> {
    this.#assertOpen();
    assertSubscription(namespace, handler, 'memory-bus');
    if (this.failSubscribe > 0) {
      this.failSubscribe--;
      throw new ConnectionError('subscribe failed (MemoryBus.failSubscribe)', { tier: 'memory-bus' });
    }
    const wasSubscribed = this.subscribed;
    let subscription = this.#subscriptions.get(namespace);
    if (subscription === undefined) {
      subscription = { handlers: new Set(), filter: this.#newFilter(namespace) };
      this.#subscriptions.set(namespace, subscription);
    }
    subscription.handlers.add(handler);
    if (!wasSubscribed && this.subscribed) this.#emit('subscribed');
    const target = subscription;
    return () => {
      if (target.handlers.delete(handler) && target.handlers.size === 0 && this.#subscriptions.get(namespace) === target) this.#subscriptions.delete(namespace);
    };
  }

  /** Tells `listener` when the subscription is lost and regained. @returns a function that removes it */
  onStatus(listener: (status: BusStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Test hook: loses the subscription (reports 'unsubscribed'; messages meanwhile are missed). */
  disconnect(): void {
    if (!this.#connected) return;
    const was = this.subscribed;
    this.#connected = false;
    if (was) this.#emit('unsubscribed');
  }

  /** Test hook: regains the subscription (reports 'subscribed' when it has any). */
  reconnect(): void {
    if (this.#connected) return;
    this.#connected = true;
    if (this.subscribed) this.#emit('subscribed');
  }

  /** Leaves the hub; publish() and subscribe() then reject with ClosedError. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#subscriptions.clear();
    this.#statusListeners.clear();
    this.hub.endpoints.delete(this);
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError('the invalidation bus is closed', { tier: 'memory-bus' });
  }

  #receive(message: InvalidationMessage): void {
    const subscription = this.#subscriptions.get(message.namespace);
    if (subscription === undefined || !this.#connected || this.#closed) return;
    this.clock.observe(message.version);
    const keys = subscription.filter.apply(message.version, message.kind, message.keys, message.origin);
    if (keys === undefined) return;
    const delivered: InvalidationMessage = Object.freeze({ ...message, keys: Object.freeze([...keys]) });
    for (const handler of subscription.handlers) {
      try {
        handler(delivered);
      } catch {
        // a handler's bug must not stop delivery to the others
      }
    }
  }

  #emit(status: BusStatus): void {
    for (const listener of this.#statusListeners) {
      try {
        listener(status);
      } catch {
        // a listener's bug must not break the bus
      }
    }
  }
}
