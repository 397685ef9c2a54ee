/**
 * `@cache/core/remote`, the kit every remote tier uses, on its own (the
 * Redis tier runs it against real servers in packages/redis): the deadline,
 * the call policy with another client's vocabulary, error translation and
 * the write fence's clock.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, TimeoutError } from '../src/index.js';
import { FakeClock } from '../src/testing/index.js';
import { CallPolicy, DEADLINE_MESSAGE, type CallPolicySettings, FENCE_GUARD, WriteFence, isOutage, settleWithin, translateError, type ErrorVocabulary } from '../src/remote/index.js';

const MEMCACHED: ErrorVocabulary = { backend: 'memcached', outage: ['SERVER_ERROR out of memory'], timeout: [] };
const never = new Promise<never>(() => {});

describe('settleWithin', () => {
  it('settles like the promise when it is in time', async () => {
    await expect(settleWithin(Promise.resolve(1), 1000, () => new Error('late'))).resolves.toBe(1);
    await expect(settleWithin(Promise.reject(new Error('no')), 1000, () => new Error('late'))).rejects.toThrow('no');
  });

  it('rejects with onTimeout() at the deadline and drops a later answer or failure', async () => {
    let late!: (value: number) => void;
    let fail!: (error: Error) => void;
    const answered = settleWithin(new Promise<number>((resolve) => (late = resolve)), 5, () => new TimeoutError('too slow', 5));
    const failed = settleWithin(new Promise<number>((_, reject) => (fail = reject)), 5, () => new TimeoutError('too slow', 5));
    // Both get a handler at once: the second deadline may pass while the first is awaited, and Bun fails a
    // test on a rejection that had no handler when it happened.
    const outcomes = await Promise.allSettled([answered, failed]);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof TimeoutError)).toEqual([true, true]);
    late(1);
    fail(new Error('late failure')); // handled by settleWithin: no unhandled rejection
    await expect(settleWithin(never, 1, () => new Error('timed out'))).rejects.toThrow('timed out');
  });
});

describe('CallPolicy with another client', () => {
  /** A memcached-like client: one failure opens the breaker, one call may wait while it connects. */
  const settings: Omit<CallPolicySettings, 'onCircuit'> = {
    tier: 'mc',
    commandTimeout: 50,
    offlineQueue: 1,
    circuitBreaker: { failureThreshold: 1, resetTimeout: 1000 },
    vocabulary: MEMCACHED,
    clock: new FakeClock(),
  };
  function setup() {
    const client = { status: 'ready' };
    const states: string[] = [];
    return { client, states, policy: new CallPolicy(client, { ...settings, onCircuit: (state) => states.push(state) }) };
  }

  it('names the backend in its errors and opens the breaker on an outage of its vocabulary', async () => {
    const { policy, states } = setup();
    const failure = await policy.call('get', 'k', () => Promise.reject(new Error('SERVER_ERROR out of memory'))).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: ErrorCode.Connection, message: 'get "k" failed: memcached is unreachable (SERVER_ERROR out of memory)', tier: 'mc', key: 'k' });
    expect(states).toEqual(['open']);
    expect(() => policy.enter('get', 'k')).toThrow(/circuit is open after repeated memcached failures/);
  });

  it('times a call out with its deadline and counts it in flight until then', async () => {
    const { policy } = setup();
    const pending = policy.call('get', 'k', () => never);
    expect(policy.inFlight).toBe(1);
    const drained = policy.drained();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Timeout });
    await drained;
    expect(policy.inFlight).toBe(0);
  });

  it('bounds the calls waiting while the client is not ready', () => {
    const { client, policy } = setup();
    client.status = 'connecting';
    expect(policy.enter('get', 'a')).toBe(1);
    expect(() => policy.enter('get', 'b')).toThrow('get failed: memcached is not connected (connecting) and the offline queue (1) is full');
  });
});

describe('translateError', () => {
  it('reads the deadline marker and prefixes of the vocabulary as timeouts, E… codes as outages, the rest as backend errors', () => {
    const timeout = translateError(new Error(DEADLINE_MESSAGE), 'set', 'k', 'mc', 50, MEMCACHED);
    expect(timeout).toMatchObject({ code: ErrorCode.Timeout, message: 'set "k" did not complete within 50 ms; check the memcached server or raise commandTimeout' });
    const refused = translateError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'get', undefined, 'mc', 50, MEMCACHED);
    expect(refused.code).toBe(ErrorCode.Connection);
    const other = translateError(new Error('CLIENT_ERROR bad data chunk'), 'get', undefined, 'mc', 50, MEMCACHED);
    expect(other.code).toBe(ErrorCode.Backend);
    expect([timeout, refused, other].map(isOutage)).toEqual([true, true, false]);
    expect(translateError(other, 'x', undefined, 'y', 1, MEMCACHED)).toBe(other);
  });
});

describe('WriteFence', () => {
  it('puts a write’s deadline in the server’s clock, before the tier’s own deadline', async () => {
    const fence = new WriteFence(1000);
    const ahead = 60_000;
    // A loaded machine can stall between calibrate's two clock reads; the fence then trusts the
    // server's time less, by half the round trip. `stall` bounds that round trip.
    const start = Date.now();
    await fence.calibrate(() => Promise.resolve(Date.now() + ahead));
    const stall = Date.now() - start;
    const deadline = fence.deadline() - Date.now();
    expect(deadline).toBeGreaterThan(ahead + 500 - stall);
    expect(deadline).toBeLessThanOrEqual(ahead + 1000 - FENCE_GUARD);
    await fence.calibrate(() => Promise.reject(new Error('TIME failed'))); // keeps the last offset
    expect(fence.deadline() - Date.now()).toBeGreaterThan(ahead + 500 - stall);
  });
});
