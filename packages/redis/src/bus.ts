/**
 * The invalidation bus on Redis pub/sub: how instances sharing a Redis keep
 * their in-process tiers coherent. One channel per namespace
 * (`<channelPrefix>:<namespace>`), JSON messages, and a subscriber connection
 * of its own (a connection in subscriber mode cannot run other commands).
 *
 * Ordering: every message carries a hybrid-logical-clock version
 * (core's `VersionClock`). Per namespace the bus remembers the newest version
 * applied for each key (bounded by `maxTrackedKeys`, oldest forgotten first)
 * and for `clear`, and drops keys whose message is older, so a late message
 * cannot undo a newer write, local or remote.
 * @module
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import {
  ClosedError,
  ConnectionError,
  InvalidArgumentError,
  VersionClock,
  describeValue,
  type BusStatus,
  type InvalidationBus,
  type InvalidationKind,
  type InvalidationMessage,
} from '@cache/core';
import { applyVersion, parseWire, validateMessage, type Namespace, type Wire } from './bus-messages.js';
import { settleWithin } from './failure/call-policy.js';
import { translateError } from './failure/translate.js';
import { addressOf, closeClient, whenConnected } from './connection.js';
import { resolveBusOptions, type RedisBusOptions } from './bus-options.js';

/** Counters of a bus. */
export interface BusCounters {
  /** Messages this instance published. */
  readonly published: number;
  /** Messages from other instances delivered to handlers. */
  readonly delivered: number;
  /** Messages (or all their keys) dropped because a newer version was already applied. */
  readonly stale: number;
  /** Messages that could not be parsed. */
  readonly malformed: number;
}


/** Redis pub/sub implementation of core's `InvalidationBus`. */
export class RedisInvalidationBus implements InvalidationBus {
  readonly instanceId: string;
  readonly #publisher: Redis | Cluster;
  readonly #subscriber: Redis | Cluster;
  readonly #ownsPublisher: boolean;
  readonly #prefix: string;
  readonly #timeout: number;
  readonly #connectTimeout: number;
  readonly #maxTracked: number;
  readonly #clock: VersionClock;
  readonly #namespaces = new Map<string, Namespace>();
  readonly #byChannel = new Map<string, Namespace>();
  readonly #statusListeners = new Set<(status: BusStatus) => void>();
  #subscribed = false;
  #closed = false;
  /** Whether the publisher has been connected once: before that, publish() waits for it. */
  #publisherConnected = false;
  #closing: Promise<void> | undefined;
  #counters = { published: 0, delivered: 0, stale: 0, malformed: 0 };

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: RedisBusOptions = {}) {
    const { prefix, instanceId, maxTracked, timeout, connectTimeout } = resolveBusOptions(options);
    this.#timeout = timeout;
    this.#connectTimeout = connectTimeout;
    this.instanceId = instanceId;
    this.#prefix = prefix;
    this.#maxTracked = maxTracked;
    this.#clock = new VersionClock(options.now);

    // no offline queue: a publish never waits for a connection (it fails fast), and no
    // ioredis commandTimeout: every call is bounded by the package's one deadline (settleWithin)
    const settings: RedisOptions = {
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (times: number) => Math.min(times * 50, 1000),
      connectTimeout: this.#connectTimeout,
      ...options.redis,
      enableOfflineQueue: false,
      commandTimeout: undefined,
    };
    if (options.client !== undefined) {
      this.#publisher = options.client;
      this.#ownsPublisher = false;
      this.#subscriber = options.client.isCluster
        ? (options.client as Cluster).duplicate() // the Cluster's own subscriber connection re-subscribes on node changes
        : (options.client as Redis).duplicate({ autoResubscribe: false, enableOfflineQueue: false, commandTimeout: undefined, maxRetriesPerRequest: 0 });
    } else {
      this.#publisher = options.url === undefined ? new Redis(settings) : new Redis(options.url, settings);
      this.#ownsPublisher = true;
      this.#subscriber = this.#publisher.duplicate({ autoResubscribe: false });
      this.#publisher.on('error', noop); // failures surface as publish() rejections
    }
    this.#publisherConnected = this.#publisher.status === 'ready';
    if (!this.#publisherConnected) this.#publisher.once('ready', () => (this.#publisherConnected = true));
    this.#subscriber.on('error', noop); // failures surface through onStatus
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel.toString(), message));
    this.#subscriber.on('close', () => this.#setStatus(false));
    this.#subscriber.on('ready', () => this.#resubscribe());
  }

  /** Counters of published, delivered, stale and malformed messages. */
  get counters(): BusCounters {
    return { ...this.#counters };
  }

  /**
   * Publishes a message. Never queues: a bus that has not connected yet waits
   * for its first connection within the call's deadline; after that, while the
   * publisher is disconnected it rejects at once with ConnectionError. Every
   * call settles within `timeout` (TimeoutError when Redis hangs); a call that
   * rejected is never sent later. A tiered cache calls it off its request path.
   */
  async publish(message: { namespace: string; kind: InvalidationKind; keys: readonly string[] }): Promise<void> {
    this.#assertOpen();
    const { namespace, kind, keys } = validateMessage(message);
    const version = this.#clock.next();
    const local = this.#namespaces.get(namespace);
    if (local !== undefined) applyVersion(local, version, kind, keys, this.#maxTracked);
    const publisher = this.#publisher;
    const deadline = performance.now() + this.#timeout;
    if (publisher.status !== 'ready' && !this.#publisherConnected && publisher.status !== 'end') {
      await whenConnected(publisher, this.#timeout, 'bus');
    }
    if (publisher.status !== 'ready') {
      throw new ConnectionError(`publish failed: the bus is not connected to Redis at ${addressOf(publisher)} (${publisher.status})`, { tier: 'bus' });
    }
    const wire: Wire = { i: this.instanceId, n: namespace, v: version, k: kind, keys: [...keys] };
    try {
      await this.#timed(publisher.publish(this.#channel(namespace), JSON.stringify(wire)), deadline - performance.now());
    } catch (error) {
      throw translateError(error, 'publish', undefined, 'bus', this.#timeout);
    }
    this.#counters.published++;
  }

  /**
   * Resolves once both connections (publisher and subscriber) are ready.
   * Rejects within `connectTimeout` with a ConnectionError naming the
   * address when Redis cannot be reached, and with ClosedError after close().
   */
  async ready(): Promise<void> {
    this.#assertOpen();
    await Promise.all([whenConnected(this.#publisher, this.#connectTimeout, 'bus'), whenConnected(this.#subscriber, this.#connectTimeout, 'bus')]);
  }

  async subscribe(namespace: string, handler: (message: InvalidationMessage) => void): Promise<() => void> {
    this.#assertOpen();
    if (typeof namespace !== 'string' || namespace === '') {
      throw new InvalidArgumentError('namespace', `namespace must be a non-empty string (got ${describeValue(namespace)})`);
    }
    if (typeof handler !== 'function') throw new InvalidArgumentError('handler', 'handler must be a function');
    let ns = this.#namespaces.get(namespace);
    if (ns === undefined) {
      ns = { channel: this.#channel(namespace), handlers: new Set(), clearVersion: 0, keyVersions: new Map() };
      this.#namespaces.set(namespace, ns);
      this.#byChannel.set(ns.channel, ns);
    }
    ns.handlers.add(handler);
    if (ns.handlers.size === 1) {
      try {
        await whenConnected(this.#subscriber, this.#connectTimeout, 'bus');
        await this.#timed(this.#subscriber.subscribe(ns.channel));
      } catch (error) {
        ns.handlers.delete(handler);
        if (ns.handlers.size < 1) this.#forget(namespace, ns);
        throw translateError(error, 'subscribe', undefined, 'bus', this.#timeout);
      }
      if (this.#subscriber.status === 'ready') this.#setStatus(true);
    }
    const target = ns;
    return () => {
      if (!target.handlers.delete(handler) || target.handlers.size > 0) return;
      this.#forget(namespace, target);
      if (!this.#closed) this.#subscriber.unsubscribe(target.channel).catch(noop);
    };
  }

  onStatus(listener: (status: BusStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Whether the subscriber connection currently holds its subscriptions. */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#closing = (async () => {
      this.#namespaces.clear();
      this.#byChannel.clear();
      this.#statusListeners.clear();
      const own = this.#ownsPublisher ? [this.#subscriber, this.#publisher] : [this.#subscriber];
      await Promise.all(own.map((client) => closeClient(client, this.#timeout)));
    })();
    return this.#closing;
  }

  /** The package's one deadline around a bus command. */
  #timed<T>(command: Promise<T>, ms = this.#timeout): Promise<T> {
    return settleWithin(command, Math.max(0, ms), () => new Error('Command timed out'));
  }

  #channel(namespace: string): string {
    return `${this.#prefix}:${namespace}`;
  }

  #forget(namespace: string, ns: Namespace): void {
    this.#namespaces.delete(namespace);
    this.#byChannel.delete(ns.channel);
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError('the invalidation bus is closed', { tier: 'bus' });
  }

  #receive(channel: string, payload: Buffer): void {
    const ns = this.#byChannel.get(channel);
    if (ns === undefined) return;
    const wire = parseWire(payload);
    if (wire === undefined) {
      this.#counters.malformed++;
      return;
    }
    if (wire.i === this.instanceId) return;
    this.#clock.observe(wire.v);
    const keys = applyVersion(ns, wire.v, wire.k, wire.keys, this.#maxTracked);
    if (keys === undefined) {
      this.#counters.stale++;
      return;
    }
    const message: InvalidationMessage = Object.freeze({ instanceId: wire.i, namespace: wire.n, version: wire.v, kind: wire.k, keys: Object.freeze(keys) });
    this.#counters.delivered++;
    for (const handler of ns.handlers) {
      try {
        handler(message);
      } catch {
        // a handler's bug must not stop delivery to the others
      }
    }
  }

  #resubscribe(): void {
    const channels = [...this.#byChannel.keys()];
    if (channels.length === 0 || this.#closed) return;
    this.#timed(this.#subscriber.subscribe(...channels)).then(
      () => this.#setStatus(true),
      () => {
        // the connection dropped again; the next 'ready' retries
      },
    );
  }

  #setStatus(subscribed: boolean): void {
    if (subscribed === this.#subscribed || this.#closed) return;
    this.#subscribed = subscribed;
    const status: BusStatus = subscribed ? 'subscribed' : 'unsubscribed';
    for (const listener of this.#statusListeners) {
      try {
        listener(status);
      } catch {
        // a listener's bug must not break the bus
      }
    }
  }
}

function noop(): void {}
