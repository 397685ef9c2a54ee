/**
 * The behaviour every {@link LoadLock} must show, proven by one suite for
 * each implementation (in-process, Redis…).
 *
 * ```ts
 * import { describe, it } from 'node:test'; // or vitest, jest, mocha…
 * import { describeLockConformance, MemoryLoadLock } from '@cache/core/testing';
 * describeLockConformance({ name: 'memory', create: ({ clock }) => new MemoryLoadLock({ clock }) }, { describe, it });
 * ```
 *
 * Under vitest, `@cache/core/testing/vitest` has the same function without
 * the second argument.
 * @module
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { ErrorCode, isCacheError } from '../errors.js';
import type { LoadLock } from '../lock.js';
import { FakeClock } from './fake-clock.js';
import type { TestRunner } from './runner.js';

/** How the suite makes the lock under test. */
export interface LockConformanceHarness {
  /** Shown in test names. */
  name: string;
  /** A lock; with `time: 'fake'` it must read time from `clock`. Each case uses fresh random keys. */
  create(context: { clock: Clock }): LoadLock | Promise<LoadLock>;
  /** Disposes of a lock after a case. @default nothing */
  destroy?(lock: LoadLock): Promise<void>;
  /** `fake`: leases expire by the suite's FakeClock. `real`: the suite polls until the backend expires them. @default 'fake' */
  time?: 'fake' | 'real';
  /** The lease TTL the expiry cases use, ms. @default 1000 with fake time, 100 with real time */
  ttl?: number;
}

/** What a lock case gets to work with. */
export interface LockConformanceContext {
  /** The lock under test. */
  lock: LoadLock;
  /** A key no other case uses. */
  key: string;
  /** The lease TTL of the expiry cases, ms. */
  ttl: number;
  /** Waits until `check()` is true (real time: polls for up to 5 s; fake time: advances the clock by `ttl` first). */
  afterTtl: (check: () => Promise<boolean>) => Promise<boolean>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const invalid = (error: unknown) => {
  assert.ok(isCacheError(error, ErrorCode.InvalidArgument), `expected an InvalidArgumentError, got ${String(error)}`);
  return true;
};

/** One behaviour of the lock contract. */
export interface LockConformanceCase {
  /** A spec sentence. */
  name: string;
  /** Throws (node:assert) when the lock fails the case. */
  run: (context: LockConformanceContext) => Promise<void>;
}

/** The lock cases, as plain async functions that throw on failure. */
export const lockConformanceCases: readonly LockConformanceCase[] = [
  {
    name: 'one holder at a time; release lets the next one in',
    async run({ lock, key, ttl }) {
      const first = await lock.acquire(key, ttl * 100);
      assert.ok(first, 'the first acquire gets a lease');
      assert.equal(first.key, key);
      assert.equal(await lock.acquire(key, ttl * 100), undefined, 'a second acquire while held gets nothing');
      await first.release();
      const second = await lock.acquire(key, ttl * 100);
      assert.ok(second, 'after release the lock can be taken again');
      await second.release();
    },
  },
  {
    name: 'many concurrent acquires: exactly one lease',
    async run({ lock, key, ttl }) {
      const leases = await Promise.all(Array.from({ length: 50 }, () => lock.acquire(key, ttl * 100)));
      const held = leases.filter((lease) => lease !== undefined);
      assert.equal(held.length, 1);
      await held[0]!.release();
    },
  },
  {
    name: 'keys are independent',
    async run({ lock, key, ttl }) {
      const a = await lock.acquire(key, ttl * 100);
      const b = await lock.acquire(`${key}:other`, ttl * 100);
      assert.ok(a && b);
      await Promise.all([a.release(), b.release()]);
    },
  },
  {
    name: 'a lease expires by itself after its ttl',
    async run({ lock, key, ttl, afterTtl }) {
      const crashed = await lock.acquire(key, ttl);
      assert.ok(crashed);
      let next: Awaited<ReturnType<LoadLock['acquire']>>;
      assert.ok(await afterTtl(async () => (next = await lock.acquire(key, ttl * 100)) !== undefined), 'the lock is free once the ttl passed');
      await next!.release();
    },
  },
  {
    name: 'releasing an expired lease does not remove the next holder',
    async run({ lock, key, ttl, afterTtl }) {
      const old = await lock.acquire(key, ttl);
      assert.ok(old);
      let current: Awaited<ReturnType<LoadLock['acquire']>>;
      assert.ok(await afterTtl(async () => (current = await lock.acquire(key, ttl * 100)) !== undefined));
      await old.release(); // not the holder any more
      assert.equal(await lock.acquire(key, ttl * 100), undefined, 'the current holder still holds the lock');
      await current!.release();
      assert.ok(await lock.acquire(key, ttl * 100), 'its own release frees it');
    },
  },
  {
    name: 'release twice does nothing the second time',
    async run({ lock, key, ttl }) {
      const first = await lock.acquire(key, ttl * 100);
      assert.ok(first);
      await first.release();
      const second = await lock.acquire(key, ttl * 100);
      assert.ok(second);
      await first.release();
      assert.equal(await lock.acquire(key, ttl * 100), undefined);
      await second.release();
    },
  },
  {
    name: 'bad arguments reject with InvalidArgumentError',
    async run({ lock, key }) {
      await assert.rejects(lock.acquire('', 1000), invalid);
      await assert.rejects(lock.acquire(42 as unknown as string, 1000), invalid);
      for (const ttl of [0, -1, Number.NaN, Infinity, '1s']) await assert.rejects(lock.acquire(key, ttl as number), invalid);
      const lease = await lock.acquire(key, 1000);
      assert.ok(lease, 'the rejected calls took nothing');
      await lease.release();
    },
  },
];

/** Runs one case against a fresh lock from `harness`; throws when the lock fails it. */
export async function runLockConformanceCase(harness: LockConformanceHarness, testCase: LockConformanceCase): Promise<void> {
  const fake = (harness.time ?? 'fake') === 'fake';
  const ttl = harness.ttl ?? (fake ? 1000 : 100);
  const clock = new FakeClock();
  const lock = await harness.create({ clock });
  const afterTtl = async (check: () => Promise<boolean>) => {
    if (fake) {
      clock.advance(ttl);
      return check();
    }
    const deadline = Date.now() + 5000 + ttl;
    for (;;) {
      if (await check()) return true;
      if (Date.now() > deadline) return false;
      await sleep(Math.max(10, ttl / 4));
    }
  };
  try {
    await testCase.run({ lock, key: `lock-case-${randomUUID()}`, ttl, afterTtl });
  } finally {
    await harness.destroy?.(lock);
  }
}

/**
 * Registers the lock cases with your test runner (its `describe` and `it`),
 * under one `describe` named after the harness.
 */
export function describeLockConformance(harness: LockConformanceHarness, { describe, it }: TestRunner): void {
  describe(`${harness.name} conforms to the @cache load-lock contract`, () => {
    for (const testCase of lockConformanceCases) it(testCase.name, () => runLockConformanceCase(harness, testCase));
  });
}
