/**
 * The bus's two connections: a publisher (the user's client, or one the bus
 * makes from `url`/`redis`) and a subscriber of its own (a connection in
 * subscriber mode cannot run other commands): the client's `duplicate()`,
 * or on a Cluster a ClusterSubscriber (cluster-subscriber.ts).
 * @module
 */
import { Redis, type Cluster } from 'ioredis';
import { closeClient, ioredisSettings, whenConnected } from '../tier/connection.js';
import { ClusterSubscriber } from './cluster-subscriber.js';
import type { HeartbeatTarget } from './heartbeat.js';
import type { RedisBusOptions } from './options.js';

/** The longest wait between the bus's reconnect attempts, in ms. */
const BUS_MAX_RECONNECT_DELAY = 1000;

/** The bus's subscriber connection. */
export type BusSubscriber = Redis | ClusterSubscriber;

/** The publisher and subscriber connections of a bus. */
export interface BusConnections {
  readonly publisher: Redis | Cluster;
  readonly subscriber: BusSubscriber;
  /** Whether the bus made the publisher (and so closes it). */
  readonly ownsPublisher: boolean;
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
    // no offline queue: a publish never waits for a connection (it fails fast)
    const settings = ioredisSettings({ connectTimeout, maxReconnectDelay: BUS_MAX_RECONNECT_DELAY }, options.redis, { enableOfflineQueue: false });
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

/**
 * The subscriber as the heartbeat sees it: pinged while ready; a hung one is
 * dropped at once (its socket destroyed: a hung peer never answers the FIN
 * of a polite close), which reports 'close' and reconnects.
 */
export function heartbeatTarget(subscriber: BusSubscriber): HeartbeatTarget {
  if (subscriber instanceof ClusterSubscriber) {
    return { live: () => subscriber.status === 'ready', ping: () => subscriber.ping(), hung: () => subscriber.drop() };
  }
  return { live: () => subscriber.status === 'ready', ping: () => subscriber.ping(), hung: () => subscriber.stream?.destroy() };
}

function noop(): void {}

/**
 * Where a publish goes. On a Cluster, ioredis sends a command without a key
 * to any node, so two publishes of one bus could reach subscribers out of
 * order; the bus sticks to one ready master (`current` while it stays ready
 * and in the cluster) so its messages arrive in the order it sent them.
 * Falls back to the Cluster itself when no master connection is ready.
 */
export function publishTarget(publisher: Redis | Cluster, current: Redis | undefined): Redis | Cluster {
  if (!publisher.isCluster) return publisher;
  const masters = (publisher as Cluster).nodes('master');
  if (current !== undefined && current.status === 'ready' && masters.includes(current)) return current;
  return masters.find((node) => node.status === 'ready') ?? publisher;
}
