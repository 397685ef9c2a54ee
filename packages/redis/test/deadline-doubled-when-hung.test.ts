/**
 * Regression (issue 9, item 2): with Redis hung (SIGSTOP), calls took up to
 * 2× commandTimeout — an auto-pipelined command's ioredis timer started only
 * when its pipeline was sent, after the previous pipeline had timed out.
 * Every call must settle within commandTimeout (+ a margin for a noisy
 * machine) from the moment it is made, on a connection the tier owns and on
 * a client the user passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { whilePaused } from '@cache/test-support';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisCache } from '../src/index.js';
import { sleep, uniquePrefix } from './helpers.js';

const TIMEOUT = 300;
const MARGIN = 250;

const own = useOwnRedisServer();
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  own.server.resume();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function settleTimes(calls: (() => Promise<unknown>)[], gapMs: number): Promise<{ ms: number; code: string }[]> {
  const runs: Promise<{ ms: number; code: string }>[] = [];
  for (const call of calls) {
    const start = performance.now();
    runs.push(
      call().then(
        () => ({ ms: performance.now() - start, code: 'ok' }),
        (error: unknown) => ({ ms: performance.now() - start, code: isCacheError(error) ? error.code : String(error) }),
      ),
    );
    await sleep(gapMs); // the next call lands in a later auto-pipeline, queued behind the hung one
  }
  return Promise.all(runs);
}

describe('every call settles within commandTimeout while Redis is hung', () => {
  it.each(['owned connection', 'user client'])('%s: calls queued behind a hung pipeline do not wait twice', async (kind) => {
    const prefix = uniquePrefix('hung');
    let cache: RedisCache;
    if (kind === 'owned connection') {
      cache = new RedisCache({ url: own.server.url, prefix, commandTimeout: TIMEOUT, circuitBreaker: false });
    } else {
      const client = new Redis(own.server.url, { enableAutoPipelining: true, commandTimeout: TIMEOUT, maxRetriesPerRequest: 0 });
      opened.push({ close: async () => client.disconnect() });
      cache = new RedisCache({ client, prefix, commandTimeout: TIMEOUT, circuitBreaker: false });
    }
    opened.push(cache);
    await cache.set('warm', 1);
    const results = await whilePaused(own.server, () =>
      settleTimes(
        Array.from({ length: 12 }, (_, i) => () => (i % 2 === 0 ? cache.get(`k${i}`) : cache.set(`k${i}`, i))),
        TIMEOUT / 6,
      ),
    );
    for (const result of results) {
      expect(result.code).toBe(ErrorCode.Timeout);
      expect(result.ms).toBeLessThanOrEqual(TIMEOUT + MARGIN);
    }
  });
});
