/**
 * Regression: a bus over a Cluster client subscribed through the Cluster's
 * `duplicate()`, whose subscriber moved to another node by itself when its
 * node died and re-subscribed silently: the bus never reported
 * 'unsubscribed', so a tiered cache never learned it had missed messages.
 *
 * On a cluster of this file's own: the node the bus subscribes on (found
 * with PUBSUB NUMSUB) is SIGKILLed; the bus must report 'unsubscribed',
 * then 'subscribed', and receive what is published after that.
 */
import { Cluster, Redis } from 'ioredis';
import { expect, it } from 'vitest';
import type { BusStatus, InvalidationMessage } from '@cache/core';
import { RedisInvalidationBus } from '@cache/redis';
import { uniquePrefix, until, useOwnCluster } from './helpers.js';

// every wait below is `until`'s 30 s, generous: a failover takes ~2-3 s with the test cluster's 1 s node timeout, and the machine is loaded.
const own = useOwnCluster();

/** Ports of the live nodes where `channel` has a subscriber. */
async function subscribedNodes(channel: string): Promise<number[]> {
  const ports: number[] = [];
  for (const node of own.handle.nodes.filter((entry) => entry.pid !== undefined)) {
    const admin = new Redis({ host: node.host, port: node.port, retryStrategy: () => null });
    admin.on('error', () => {});
    try {
      const [, count] = (await admin.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
      if (count > 0) ports.push(node.port);
    } catch {
      // a node going away counts as not subscribed
    } finally {
      admin.disconnect();
    }
  }
  return ports;
}

it("reports 'unsubscribed' then 'subscribed' when the node it subscribes on is killed, and receives later messages", async () => {
  const channelPrefix = uniquePrefix('bus');
  const channel = `${channelPrefix}:users`;
  const clients = [new Cluster(own.handle.startupNodes.slice()), new Cluster(own.handle.startupNodes.slice())];
  const publisher = new RedisInvalidationBus({ client: clients[0]!, channelPrefix, instanceId: 'publisher' });
  const subscriber = new RedisInvalidationBus({ client: clients[1]!, channelPrefix, instanceId: 'subscriber' });
  try {
    await Promise.all([publisher.ready(), subscriber.ready()]);
    const received: InvalidationMessage[] = [];
    await subscriber.subscribe('users', (message) => received.push(message));
    const statuses: BusStatus[] = [];
    subscriber.onStatus((status) => statuses.push(status));
    let ports: number[] = [];
    await until(async () => (ports = await subscribedNodes(channel)).length === 1, 'the node the bus subscribes on');

    await own.handle.killNode(ports[0]!);
    await until(() => statuses.includes('unsubscribed') && statuses.at(-1) === 'subscribed', "'unsubscribed', then 'subscribed'");
    expect(subscriber.subscribed).toBe(true);

    // the publisher's cluster client may still route to the dead node until it sees the failover: retry until a publish is accepted
    await until(
      () => publisher.publish({ namespace: 'users', kind: 'delete', keys: ['after'] }).then(() => true, () => false),
      'a publish accepted by the cluster',
    );
    await until(() => received.some((message) => message.keys.includes('after')), 'the message published after the resubscription');
  } finally {
    await Promise.all([publisher.close(), subscriber.close()]);
    await Promise.all(clients.map((client) => client.quit().catch(() => {})));
  }
}, 90_000);
