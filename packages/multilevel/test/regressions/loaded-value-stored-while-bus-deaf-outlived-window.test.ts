/**
 * Regression: a loaded value stored while this instance could not hear the
 * bus (its subscription lost, or not yet made) stayed in Redis after the
 * subscription came back, although another instance's newer write had been
 * overtaken by it and that write's message was the one missed. The overtaken
 * loads were watched for 10 s only (overtaken.ts), so an outage of the
 * subscriber longer than that (a hung connection until the heartbeat noticed,
 * a Cluster node that moved) left Redis one version behind until the key's
 * next write or its TTL; loads stored before the first subscription were not
 * watched at all.
 *
 * Real Redis and bus; B's bus is wrapped so the test decides when B hears it.
 */
import { afterAll, expect, it } from 'vitest';
import type { BusStatus, InvalidationBus } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';
import { MultiLevelCache } from '../../src/index.js';
import { deferred, eventually, memory, redisUrl, uniquePrefix } from '../helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** A real bus whose listener this test deafens, whose status it reports, and whose first subscription it can hold back. */
function deafenable(bus: InvalidationBus, subscribeGate: Promise<void>) {
  const listeners = new Set<(status: BusStatus) => void>();
  let deaf = false;
  return {
    instanceId: bus.instanceId,
    publish: (message) => bus.publish(message),
    subscribe: async (namespace, handler) => {
      await subscribeGate;
      return bus.subscribe(namespace, (message) => {
        if (!deaf) handler(message);
      });
    },
    onStatus: (listener) => {
      listeners.add(listener);
      const off = bus.onStatus(listener);
      return () => {
        listeners.delete(listener);
        off();
      };
    },
    close: () => bus.close(),
    /** Messages are dropped and the cache is told its subscription is lost. */
    lose() {
      deaf = true;
      for (const listener of listeners) listener('unsubscribed');
    },
    /** Messages arrive again and the cache is told its subscription holds. */
    regain() {
      deaf = false;
      for (const listener of listeners) listener('subscribed');
    },
  } satisfies InvalidationBus & Record<string, unknown>;
}

function instance(namespace: string, prefix: string, options: { clock?: FakeClock; subscribeGate?: Promise<void> } = {}) {
  const real = new RedisInvalidationBus({ url: redisUrl() });
  const bus = deafenable(real, options.subscribeGate ?? Promise.resolve());
  const cache = new MultiLevelCache<number>({
    name: namespace,
    levels: [
      { name: 'memory', tier: memory(options.clock) },
      { name: 'redis', tier: new RedisCache({ url: redisUrl(), prefix }) },
    ],
    bus,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  cleanup.push(() => cache.close(), () => real.close());
  return { cache, bus };
}

/** Instances A and B of one namespace over one Redis prefix, subscribed; B's clock is the test's. */
async function twoInstances() {
  const namespace = uniquePrefix('ns');
  const prefix = uniquePrefix('shared');
  const clock = new FakeClock(Date.now());
  const a = instance(namespace, prefix);
  const b = instance(namespace, prefix, { clock });
  await Promise.all([a.cache.ready(), b.cache.ready()]);
  return { a, b, clock };
}

it('a loaded value stored while the subscription was lost, longer ago than the overtake window, is removed when it holds again', async () => {
  const { a, b, clock } = await twoInstances();

  b.bus.lose();
  // B misses and loads version 1; meanwhile A writes version 2 (Redis too); B stores 1 after it, and A's message is lost
  expect(await b.cache.getOrSet('k', async () => (await a.cache.set('k', 2), 1))).toBe(1);
  clock.advance(60_000); // the subscriber stays lost for a minute
  b.bus.regain();

  const served = async () => [await a.cache.get('k'), await b.cache.get('k')];
  expect(await eventually(async () => (await served()).every((v) => v !== 1), 5000)).toBe(true);
  expect(b.cache.multilevelStats().overtakenLoads).toBe(1);
  expect(await b.cache.getOrSet('k', () => 2)).toBe(2);
});

it('a loaded value stored before the first subscription is removed when the subscription holds', async () => {
  const namespace = uniquePrefix('ns');
  const prefix = uniquePrefix('shared');
  const a = instance(namespace, prefix);
  await a.cache.ready();
  const subscribed = deferred<void>();
  const b = instance(namespace, prefix, { subscribeGate: subscribed.promise });

  // B serves before its subscription holds: it loads 1 while A writes 2, and A's message goes nowhere
  expect(await b.cache.getOrSet('k', async () => (await a.cache.set('k', 2), 1))).toBe(1);
  subscribed.resolve();
  await b.cache.ready();

  const served = async () => [await a.cache.get('k'), await b.cache.get('k')];
  expect(await eventually(async () => (await served()).every((v) => v !== 1), 5000)).toBe(true);
  expect(b.cache.multilevelStats().overtakenLoads).toBe(1);
});

it('a lost subscription does not keep loads watched once it holds again: later loads expire from the watch as usual', async () => {
  const { a, b, clock } = await twoInstances();
  b.bus.lose();
  b.bus.regain();
  // B loads and stores; 11 s later (past the window, subscription holding) A writes the key
  expect(await b.cache.getOrSet('k', () => 1)).toBe(1);
  clock.advance(11_000);
  await a.cache.set('k', 2);
  expect(await eventually(async () => (await b.cache.get('k')) === 2, 5000)).toBe(true);
  expect(b.cache.multilevelStats().overtakenLoads).toBe(0); // a write long after the store overtook nothing
});
