/**
 * The bus's two connections: a publisher (the user's client, or one the bus
 * makes from `url`/`redis`) and a subscriber of its own (a connection in
 * subscriber mode cannot run other commands), made with `duplicate()`.
 * @module
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import type { RedisBusOptions } from './options.js';

/** The publisher and subscriber connections of a bus. */
export interface BusConnections {
  readonly publisher: Redis | Cluster;
  readonly subscriber: Redis | Cluster;
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
export function openBusConnections(options: RedisBusOptions, connectTimeout: number): BusConnections {
  let connections: BusConnections;
  if (options.client !== undefined) {
    const client = options.client;
    const subscriber = client.isCluster
      ? (client as Cluster).duplicate() // the Cluster's own subscriber connection re-subscribes on node changes
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

function noop(): void {}
