/**
 * Regression (found by bench:outage): a `RedisLoadLock.acquire` that
 * rejected with TimeoutError while Redis was hung (SIGSTOP) was executed
 * when Redis continued: the lock key then sat there for the whole ttl with
 * no holder, and every instance waited for it (requests timed out for ~10 s
 * after SIGCONT). A failed acquire must never take the lock later.
 */
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { whilePaused } from '@cache/test-support';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisCache, RedisLoadLock } from '../src/index.js';
import { useFaultedServer } from './faulted-server.js';
import { sleep, uniquePrefix } from './helpers.js';

const { own, closeAfter } = useFaultedServer();

describe('a lock acquire reported as failed', () => {
  it('does not take the lock when the hung server continues', async () => {
    const prefix = uniquePrefix('lock-hung');
    const cache = closeAfter(new RedisCache({ url: own.server.url, prefix, commandTimeout: 300, circuitBreaker: false }));
    await cache.ready();
    const lock = new RedisLoadLock({ cache });
    const raw = closeAfter(new Redis(own.server.url));
    const lease = await lock.acquire('warm', 10_000); // the connection works, and the fence is calibrated
    await lease!.release();

    const failed = await whilePaused(own.server, () => lock.acquire('k', 10_000).then(() => 'acquired', (error: unknown) => (isCacheError(error) ? error.code : String(error))));
    expect(failed).toBe(ErrorCode.Timeout);
    await sleep(300); // the continued server works through its socket buffer
    expect(await raw.pttl(lock.lockKey('k'))).toBe(-2); // no such key: nobody holds the lock
    const later = await lock.acquire('k', 10_000);
    expect(later).toBeDefined();
    await later!.release();
    await lock.close();
  });
});
