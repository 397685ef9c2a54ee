/**
 * The bus's two connections: a publisher (the user's client, or one the bus
 * makes from `url`/`redis`) and a subscriber of its own (a connection in
 * subscriber mode cannot run other commands): the client's `duplicate()`,
 * or on a Cluster a ClusterSubscriber (cluster-subscriber.ts).
 * @module
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { closeClient, whenConnected } from '../connection.js';
import { ClusterSubscriber } from './cluster-subscriber.js';
import type { RedisBusOptions } from './options.js';

/** The bus's subscriber connection. */
export type BusSubscriber = Redis | ClusterSubscriber;

/** The publisher and subscriber connections of a bus. */
export interface BusConnections {
  readonly publisher: Redis | Cluster;
  readonly subscriber: BusSubscriber;
  /** Whether the bus made the publisher (and so closes it). */
  readonly ownsPublisher: boolean;
}

/**
 * The ioredis settings of a publisher the bus makes. No offline queue: a
 * publish never waits for a connection (it fails fast), and no ioredis
 * commandTimeout: every call is bounded by the package's one deadline
 * (settleWithin).
 */
export function busConnectionSettings(options: RedisBusOptions, connectTimeout: number): RedisOptions {
  return {
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, 1000),
    connectTimeout,
    ...options.redis,
    enableOfflineQueue: false,
    commandTimeout: undefined,
  };
}

/** Makes the bus's connections; errors surface through publish() rejections and onStatus, never as 'error' events. */
export function openBusConnections(options: RedisBusOptions, connectTimeout: number, instanceId: string): BusConnections {
  let connections: BusConnections;
  if (options.client !== undefined) {
    const client = options.client;
    const subscriber = client.isCluster
      ? new ClusterSubscriber(client as Cluster, `cache-bus(subscriber):${instanceId}`, connectTimeout)
      : (client as Redis).duplicate({ autoResubscribe: false, enableOfflineQueue: false, commandTimeout: undefined, maxRetriesPerRequest: 0 });
    connections = { publisher: client, subscriber, ownsPublisher: false };
  } else {
    const settings = busConnectionSettings(options, connectTimeout);
    const publisher = options.url === undefined ? new Redis(settings) : new Redis(options.url, settings);
    publisher.on('error', noop); // failures surface as publish() rejections
    connections = { publisher, subscriber: publisher.duplicate({ autoResubscribe: false }), ownsPublisher: true };
  }
  connections.subscriber.on('error', noop); // failures surface through onStatus
  return connections;
}

/** Resolves once the subscriber is connected; rejects within `timeoutMs` with a ConnectionError naming the address. */
export function subscriberReady(subscriber: BusSubscriber, timeoutMs: number): Promise<void> {
  return subscriber instanceof ClusterSubscriber ? subscriber.whenReady(timeoutMs) : whenConnected(subscriber, timeoutMs, 'bus');
}

/** Closes the subscriber within `timeoutMs`; never rejects. */
export function closeSubscriber(subscriber: BusSubscriber, timeoutMs: number): Promise<void> {
  return subscriber instanceof ClusterSubscriber ? subscriber.close(timeoutMs) : closeClient(subscriber, timeoutMs);
}

function noop(): void {}
