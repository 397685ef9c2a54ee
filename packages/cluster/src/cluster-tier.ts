/**
 * The machinery of a RedisClusterCache: @cache/redis's tier core (client,
 * failure policy, fence, codec, namespace, counters, life) over an ioredis
 * `Cluster`, plus the one thing a cluster adds — waiting until the client
 * knows the slot map. The cluster's multi-key, clear and info files take it
 * as their first argument.
 * @module
 */
import type { Cluster } from 'ioredis';
import { RedisTierCore } from '@cache/redis/internal';

/** A RedisClusterCache's internals. Not exported from the package. */
export class ClusterTier<V> extends RedisTierCore<V, Cluster> {
  #ready: Promise<void> | undefined;

  /**
   * Waits (under the failure policy: offline bound, timeout) until the
   * cluster client is ready and knows the slot map. Free when it already is.
   */
  whenReady(operation: string): Promise<void> | void {
    const client = this.client;
    if (client.status === 'ready' && client.slots.length > 0) return;
    this.#ready ??= new Promise<void>((resolve, reject) => {
      if (client.status === 'end') {
        reject(new Error('Connection is closed.'));
        return;
      }
      const done = (error?: Error) => {
        client.off('ready', onReady);
        client.off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onEnd = () => done(new Error('Connection is closed.'));
      client.on('ready', onReady);
      client.on('end', onEnd);
      if (client.status === 'wait') client.connect().catch(() => {});
    }).finally(() => {
      this.#ready = undefined;
    });
    const ready = this.#ready;
    return this.policy.call(operation, undefined, () => ready);
  }
}
