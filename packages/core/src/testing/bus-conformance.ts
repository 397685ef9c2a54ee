/**
 * The bus conformance suite: the {@link InvalidationBus} contract proven
 * for every implementation (the in-process MemoryBus, Redis pub/sub on a
 * server and on a cluster, and any later one).
 *
 * ```ts
 * import { describe, it } from 'node:test'; // or vitest, jest, mocha…
 * import { describeBusConformance, MemoryBusHub } from '@cache/core/testing';
 * describeBusConformance({
 *   name: 'memory',
 *   open: () => {
 *     const hub = new MemoryBusHub();
 *     return { create: ({ now }) => hub.endpoint(undefined, { now }) };
 *   },
 * }, { describe, it });
 * ```
 *
 * Under vitest, `@cache/core/testing/vitest` has the same function without
 * the second argument.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { InvalidationBus, InvalidationMessage } from '../bus.js';
import { busConformanceCases, type BusConformanceCase, type BusConformanceContext, type Received } from './bus-conformance-cases.js';
import type { TestRunner } from './runner.js';

/** One channel space, opened for one case: the buses it makes see each other's messages. */
export interface BusSpace {
  /** A new bus in this space, with its own instance id; its versions must come from `now` (a wall clock in ms). */
  create(options: { now: () => number }): InvalidationBus | Promise<InvalidationBus>;
  /** Disposes of the space after its buses are closed. @default nothing */
  close?(): Promise<void>;
}

/** How the suite gets the buses under test. */
export interface BusConformanceHarness {
  /** Shown in test names. */
  name: string;
  /** Opens a fresh channel space for one case. */
  open(): BusSpace | Promise<BusSpace>;
  /**
   * Makes `bus` lose its subscription (e.g. kills its subscriber connection)
   * and returns; the bus must report 'unsubscribed', regain it by itself and
   * report 'subscribed'. Unset: the case that needs it is not registered.
   */
  interrupt?(bus: InvalidationBus): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` holds, polling for up to 10 s. @throws Error naming `what` */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Runs one case in a fresh channel space from `harness`; throws when the bus fails it. */
export async function runBusConformanceCase(harness: BusConformanceHarness, testCase: BusConformanceCase): Promise<void> {
  const space = await harness.open();
  const buses: InvalidationBus[] = [];
  const namespace = `bus-case-${randomUUID()}`;
  let markers = 0;
  const record = async (bus: InvalidationBus, ns = namespace): Promise<Received> => {
    const messages: InvalidationMessage[] = [];
    const off = await bus.subscribe(ns, (message) => messages.push(message));
    return { messages, off };
  };
  const context: BusConformanceContext = {
    namespace,
    async bus(now = Date.now) {
      const bus = await space.create({ now });
      buses.push(bus);
      return bus;
    },
    record,
    until,
    async settle(from, at, ns = namespace) {
      const marker = `marker-${++markers}`;
      await from.publish({ namespace: ns, kind: 'set', keys: [marker] });
      await until(() => at.messages.some((m) => m.keys.includes(marker)), `the marker ${marker}`);
      return marker;
    },
    interrupt(bus) {
      if (harness.interrupt === undefined) throw new Error(`the harness ${harness.name} cannot interrupt a bus`);
      return harness.interrupt(bus);
    },
  };
  try {
    await testCase.run(context);
  } finally {
    await Promise.all(buses.map((bus) => bus.close()));
    await space.close?.();
  }
}

/**
 * Registers the bus cases with your test runner (its `describe` and `it`),
 * under one `describe` named after the harness.
 */
export function describeBusConformance(harness: BusConformanceHarness, { describe, it }: TestRunner): void {
  describe(`${harness.name} conforms to the @cache invalidation-bus contract`, () => {
    for (const testCase of busConformanceCases) {
      if (testCase.needs === 'interrupt' && harness.interrupt === undefined) continue;
      it(testCase.name, () => runBusConformanceCase(harness, testCase));
    }
  });
}
