/**
 * The invalidation bus on Redis pub/sub: how instances sharing a Redis keep
 * their in-process tiers coherent. One channel per namespace
 * (`<channelPrefix>:<namespace>`, namespaces.ts), JSON messages (wire.ts),
 * and a subscriber connection of its own (connections.ts).
 *
 * Ordering: every message carries a hybrid-logical-clock version (core's
 * `VersionClock`); per namespace, core's `VersionFilter` drops keys whose
 * message is older than what was applied, local publishes included, so a
 * late message cannot undo a newer write, local or remote.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import {
  ClosedError,
  ConnectionError,
  VersionClock,
  assertPublication,
  assertSubscription,
  type BusStatus,
  type InvalidationBus,
  type InvalidationMessage,
  type Publication,
} from '@cache/core';
import { settleWithin } from '@cache/core/remote';
import { translateError } from '../failure/translate.js';
import { addressOf, closeClient, whenConnected } from '../tier/connection.js';
import { closeSubscriber, heartbeatTarget, openBusConnections, publishTarget, subscriberReady, type BusSubscriber } from './connections.js';
import { Heartbeat } from './heartbeat.js';
import { fanOut, Namespaces, type Namespace } from './namespaces.js';
import { resolveBusOptions, type RedisBusOptions } from './options.js';
import { BusStatusFanOut } from './status.js';
import { encodeWire, parseWire } from './wire.js';

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
  /** This instance's id, stamped on its messages. */
  readonly instanceId: string;
  readonly #publisher: Redis | Cluster;
  readonly #subscriber: BusSubscriber;
  readonly #ownsPublisher: boolean;
  readonly #timeout: number;
  readonly #connectTimeout: number;
  readonly #clock: VersionClock;
  readonly #namespaces: Namespaces;
  readonly #status = new BusStatusFanOut();
  readonly #heartbeat: Heartbeat | undefined;
  #closed = false;
  /** Whether the publisher has been connected once: before that, publish() waits for it. */
  #publisherConnected = false;
  /** On a Cluster, the master connection this bus publishes through (see publishTarget). */
  #publishNode: Redis | undefined;
  #closing: Promise<void> | undefined;
  #counters = { published: 0, delivered: 0, stale: 0, malformed: 0 };

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: RedisBusOptions = {}) {
    const { prefix, instanceId, maxTracked, timeout, connectTimeout, heartbeat } = resolveBusOptions(options);
    this.#timeout = timeout;
    this.#connectTimeout = connectTimeout;
    this.instanceId = instanceId;
    this.#namespaces = new Namespaces(prefix, maxTracked);
    this.#clock = new VersionClock(options.now);
    const { publisher, subscriber, ownsPublisher } = openBusConnections(options, connectTimeout, instanceId);
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#ownsPublisher = ownsPublisher;
    this.#publisherConnected = publisher.status === 'ready';
    if (!this.#publisherConnected) publisher.once('ready', () => (this.#publisherConnected = true));
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel.toString(), message));
    subscriber.on('close', () => this.#status.set(false));
    subscriber.on('ready', () => this.#resubscribe());
    if (heartbeat > 0) this.#heartbeat = new Heartbeat(heartbeatTarget(subscriber), heartbeat, timeout);
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
  async publish(message: Publication): Promise<void> {
    this.#assertOpen();
    const publication = assertPublication(message, 'bus');
    const version = this.#clock.next();
    this.#namespaces.get(publication.namespace)?.filter.apply(version, publication.kind, publication.keys, publication.origin);
    const publisher = this.#publisher;
    const deadline = performance.now() + this.#timeout;
    if (publisher.status !== 'ready' && !this.#publisherConnected && publisher.status !== 'end') {
      await whenConnected(publisher, this.#timeout, 'bus');
    }
    if (publisher.status !== 'ready') {
      throw new ConnectionError(`publish failed: the bus is not connected to Redis at ${addressOf(publisher)} (${publisher.status})`, { tier: 'bus' });
    }
    const channel = this.#namespaces.channel(publication.namespace);
    const target = publishTarget(publisher, this.#publishNode);
    if (target !== publisher) this.#publishNode = target as Redis;
    try {
      await this.#timed(target.publish(channel, encodeWire(this.instanceId, version, publication)), deadline - performance.now());
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
    await Promise.all([whenConnected(this.#publisher, this.#connectTimeout, 'bus'), subscriberReady(this.#subscriber, this.#connectTimeout)]);
  }

  /**
   * Calls `handler` for messages of `namespace` from other instances; the
   * first handler of a namespace subscribes its channel (waiting at most
   * `connectTimeout` for the subscriber connection, then `commandTimeout`).
   * @returns a function that removes the handler
   */
  async subscribe(namespace: string, handler: (message: InvalidationMessage) => void): Promise<() => void> {
    this.#assertOpen();
    assertSubscription(namespace, handler, 'bus');
    const ns = this.#namespaces.open(namespace);
    ns.handlers.add(handler);
    if (ns.handlers.size === 1) {
      try {
        await subscriberReady(this.#subscriber, this.#connectTimeout);
        await this.#timed(this.#subscriber.subscribe(ns.channel));
      } catch (error) {
        this.#remove(ns, handler, false);
        throw translateError(error, 'subscribe', undefined, 'bus', this.#timeout);
      }
      if (this.#subscriber.status === 'ready') this.#status.set(true);
    }
    return () => this.#remove(ns, handler);
  }

  /** Tells `listener` when the subscription is lost ('unsubscribed') and regained ('subscribed'). @returns a function that removes it */
  onStatus(listener: (status: BusStatus) => void): () => void {
    return this.#status.listen(listener);
  }

  /** Whether the subscriber connection currently holds its subscriptions. */
  get subscribed(): boolean {
    return this.#status.subscribed;
  }

  /** Stops listening and closes the bus's own connections (not a `client` you gave); calling it again returns the same promise. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#heartbeat?.stop();
    this.#closing = (async () => {
      this.#namespaces.clear();
      this.#status.close();
      await Promise.all([closeSubscriber(this.#subscriber, this.#timeout), this.#ownsPublisher ? closeClient(this.#publisher, this.#timeout) : undefined]);
    })();
    return this.#closing;
  }

  /** The package's one deadline around a bus command. */
  #timed<T>(command: Promise<T>, ms = this.#timeout): Promise<T> {
    return settleWithin(command, Math.max(0, ms), () => new Error('Command timed out'));
  }

  /** Removes a handler; the last one of a namespace forgets it and (when `unsubscribe`) unsubscribes its channel. */
  #remove(ns: Namespace, handler: (message: InvalidationMessage) => void, unsubscribe = true): void {
    if (!ns.handlers.delete(handler) || ns.handlers.size > 0) return;
    this.#namespaces.forget(ns);
    if (unsubscribe && !this.#closed) this.#subscriber.unsubscribe(ns.channel).catch(noop);
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError('the invalidation bus is closed', { tier: 'bus' });
  }

  #receive(channel: string, payload: Buffer): void {
    const ns = this.#namespaces.byChannel(channel);
    if (ns === undefined) return;
    const wire = parseWire(payload);
    if (wire === undefined) {
      this.#counters.malformed++;
      return;
    }
    if (wire.i === this.instanceId) return;
    this.#clock.observe(wire.v);
    const origin = wire.o === 'c' ? 'cache' : 'write';
    const keys = ns.filter.apply(wire.v, wire.k, wire.keys, origin);
    if (keys === undefined) {
      this.#counters.stale++;
      return;
    }
    this.#counters.delivered++;
    const message = { instanceId: wire.i, namespace: wire.n, version: wire.v, kind: wire.k, keys: Object.freeze(keys) };
    fanOut(ns, Object.freeze(origin === 'cache' ? { ...message, origin } : message));
  }

  #resubscribe(): void {
    const channels = this.#namespaces.channels();
    if (channels.length === 0 || this.#closed) return;
    this.#timed(this.#subscriber.subscribe(...channels)).then(
      () => this.#status.set(true),
      () => {
        // the connection dropped again; the next 'ready' retries
      },
    );
  }
}

function noop(): void {}
