/**
 * Issue 9, item 14: a loader that never settles hung its key forever: later
 * callers passing their own `hardTimeout` joined the hung flight and waited
 * forever, and `close()` settled none of them.
 */
import { describe, expect, it } from 'vitest';
import { ClosedError, TimeoutError } from '@cache/core';
import { MultiLevelCache } from '../../src/index.js';
import { memory } from '../helpers.js';

const NEVER = () => new Promise<string>(() => {});
/** Rejects when `promise` has not settled within `ms`: the test fails instead of hanging. */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)));
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

describe('a loader that never settles', () => {
  it('a caller joining its flight still gets its own hard timeout', async () => {
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: memory() }] });
    const first = cache.getOrSet('k', NEVER);
    first.catch(() => {});
    const started = performance.now();
    const joiner = cache.getOrSet('k', NEVER, { hardTimeout: 50 });
    await expect(settlesWithin(joiner, 2_000)).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    await cache.close();
  });

  it('close() fails every waiting caller with ClosedError', async () => {
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: memory() }] });
    const waiting = [cache.getOrSet('k', NEVER), cache.getOrSet('k', NEVER), cache.getOrSet('other', NEVER)];
    for (const call of waiting) call.catch(() => {});
    await settlesWithin(cache.close(), 2_000);
    for (const call of waiting) await expect(settlesWithin(call, 2_000)).rejects.toBeInstanceOf(ClosedError);
  });
});
