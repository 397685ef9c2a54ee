/**
 * Regression: a bus whose subscriber connection hung (the server SIGSTOPped,
 * or a network path that drops packets without a reset) kept reporting
 * 'subscribed' and heard nothing: no 'close', no error, so a tiered cache
 * kept serving in-process copies that other instances had invalidated. The
 * heartbeat (a PING every `heartbeat`, answered within `commandTimeout`)
 * must report 'unsubscribed', and 'subscribed' once the path works again,
 * with what is published afterwards delivered.
 */
import { expect, it } from 'vitest';
import type { BusStatus } from '@cache/core';
import { RedisInvalidationBus, type RedisBusOptions } from '../src/index.js';
import { useFaultedServer } from './faulted-server.js';
import { sleep } from './helpers.js';
import { startTcpRelay, type TcpRelay } from './tcp-relay.js';

const HEARTBEAT = 200;
const TIMEOUT = 300;
const { own, closeAfter } = useFaultedServer();

/** Polls `check` until true; fails naming `what` after `ms` (generous: the machine is loaded). */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function bus(options: RedisBusOptions): RedisInvalidationBus {
  return closeAfter(new RedisInvalidationBus({ commandTimeout: TIMEOUT, heartbeat: HEARTBEAT, redis: { retryStrategy: () => 100 }, ...options }));
}

it("reports 'unsubscribed' when only its own path to Redis drops packets, and recovers when it works again", async () => {
  const relay: TcpRelay = closeAfter(await startTcpRelay(own.server.port));
  const publisher = bus({ url: own.server.url, instanceId: 'publisher' });
  const listener = bus({ url: relay.url, instanceId: 'listener' });
  await Promise.all([publisher.ready(), listener.ready()]);
  const received: string[] = [];
  await listener.subscribe('ns', (message) => received.push(...message.keys));
  const statuses: BusStatus[] = [];
  listener.onStatus((status) => statuses.push(status));

  relay.freeze();
  // the publisher's path works: this message is lost to the listener, which must say so
  await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['lost'] });
  await until(() => statuses.includes('unsubscribed'), "'unsubscribed' while the path drops packets");
  expect(listener.subscribed).toBe(false);

  relay.thaw();
  await until(() => statuses.at(-1) === 'subscribed', "'subscribed' once the path works again");
  await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['after'] });
  await until(() => received.includes('after'), 'the message published after the recovery');
}, 60_000);

it("reports 'unsubscribed' while the server hangs (SIGSTOP) and 'subscribed' after it continues", async () => {
  const listener = bus({ url: own.server.url });
  await listener.ready();
  await listener.subscribe('ns', () => {});
  const statuses: BusStatus[] = [];
  listener.onStatus((status) => statuses.push(status));
  own.server.pause();
  try {
    await until(() => statuses.includes('unsubscribed'), "'unsubscribed' while the server hangs");
    await sleep(3 * HEARTBEAT);
    expect(statuses).toEqual(['unsubscribed']); // no false recovery while it still hangs
  } finally {
    own.server.resume();
  }
  await until(() => statuses.at(-1) === 'subscribed', "'subscribed' after SIGCONT");
}, 60_000);

it('keeps the subscription while the server answers (no false alarm over many beats)', async () => {
  const listener = bus({ url: own.server.url });
  await listener.ready();
  await listener.subscribe('ns', () => {});
  const statuses: BusStatus[] = [];
  listener.onStatus((status) => statuses.push(status));
  await sleep(10 * HEARTBEAT);
  expect(statuses).toEqual([]);
  expect(listener.subscribed).toBe(true);
});

it('refuses a bad heartbeat with a typed error naming the option', () => {
  expect(() => new RedisInvalidationBus({ url: own.server.url, heartbeat: -1 })).toThrow(/heartbeat/);
  expect(() => new RedisInvalidationBus({ url: own.server.url, heartbeat: 'soon' as never })).toThrow(/heartbeat/);
});
