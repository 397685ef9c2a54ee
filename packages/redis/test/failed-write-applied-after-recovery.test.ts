/**
 * Regression (issue 9, item 1): a `set` / `increment` that rejected while
 * Redis was down or hung was applied once Redis came back — ioredis re-sent
 * its offline queue on reconnect, and a SIGSTOPped server executed what was
 * already in its socket buffer on SIGCONT. A call reported as failed must
 * never take effect later.
 */
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { whilePaused } from '@cache/test-support';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisCache } from '../src/index.js';
import { useFaultedServer } from './faulted-server.js';
import { sleep, uniquePrefix } from './helpers.js';

const TIMEOUT = 300;

const { own, closeAfter } = useFaultedServer();

const failure = (error: unknown) => (isCacheError(error) ? error.code : String(error));

async function settle(call: Promise<unknown>): Promise<{ ok: boolean; code?: string }> {
  try {
    await call;
    return { ok: true };
  } catch (error) {
    return { ok: false, code: failure(error) };
  }
}

describe('a write reported as failed never takes effect later', () => {
  it('Redis killed: writes that failed while it was down are not applied when it restarts', async () => {
    const prefix = uniquePrefix('amo-dead');
    const cache = closeAfter(new RedisCache({
      url: own.server.url,
      prefix,
      commandTimeout: TIMEOUT,
      circuitBreaker: false,
      // one reconnect attempt well after the calls failed: it finds the server back
      redis: { retryStrategy: () => 1200 },
    }));
    await cache.set('warm', 1);
    const disconnected = new Promise<void>((resolve) => cache.on('disconnect', resolve));
    await own.server.kill();
    await disconnected;
    const outcomes = await Promise.all([settle(cache.set('k', 'late')), settle(cache.increment('n', 5)), settle(cache.delete('warm'))]);
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      expect([ErrorCode.Timeout, ErrorCode.Connection]).toContain(outcome.code);
    }
    await own.server.restart();
    const raw = closeAfter(new Redis(own.server.url));
    await raw.set(`${prefix}:warm`, 'restored'); // the restarted server is empty: a late delete would remove this
    const connected = new Promise<void>((resolve) => cache.on('connect', resolve));
    await connected;
    await sleep(200);
    expect(await raw.exists(`${prefix}:k`, `${prefix}:n`)).toBe(0);
    expect(await raw.get(`${prefix}:warm`)).toBe('restored');
  });

  it('a client the user passes (its own offline queue and resend on): failed writes are not applied after a restart', async () => {
    const prefix = uniquePrefix('amo-user');
    // ioredis defaults: offline queue on, unanswered commands re-sent on reconnect, 20 retries per request
    const client = new Redis(own.server.url, { retryStrategy: () => 1200 });
    client.on('error', () => {});
    const cache = closeAfter(new RedisCache({ client, prefix, commandTimeout: TIMEOUT, circuitBreaker: false }));
    await cache.set('warm', 1);
    const disconnected = new Promise<void>((resolve) => cache.on('disconnect', resolve));
    await own.server.kill();
    await disconnected;
    const outcomes = await Promise.all([settle(cache.set('k', 'late')), settle(cache.increment('n', 5))]);
    for (const outcome of outcomes) expect(outcome).toEqual({ ok: false, code: ErrorCode.Timeout });
    await own.server.restart();
    const raw = closeAfter(new Redis(own.server.url));
    await new Promise<void>((resolve) => client.once('ready', resolve));
    await sleep(200); // the client has re-sent its queue by now: the server refused it (deadline passed)
    expect(await raw.exists(`${prefix}:k`, `${prefix}:n`)).toBe(0);
    client.disconnect();
  });

  it('Redis hung (SIGSTOP): writes that timed out are not executed when it continues (SIGCONT)', async () => {
    const prefix = uniquePrefix('amo-hung');
    const cache = closeAfter(new RedisCache({ url: own.server.url, prefix, commandTimeout: TIMEOUT, circuitBreaker: false }));
    const raw = closeAfter(new Redis(own.server.url));
    await cache.set('warm', 1);
    await raw.set(`${prefix}:kept`, 'v');
    const outcomes = await whilePaused(own.server, () =>
      Promise.all([
        settle(cache.set('k', 'late')),
        settle(cache.increment('n', 5)),
        settle(cache.delete('kept')),
        settle(cache.setMany([{ key: 'm1', value: 1 }, { key: 'm2', value: 2 }])),
      ]),
    );
    for (const outcome of outcomes) expect(outcome).toEqual({ ok: false, code: ErrorCode.Timeout });
    await sleep(300); // the continued server works through its socket buffers
    expect(await raw.exists(`${prefix}:k`, `${prefix}:n`, `${prefix}:m1`, `${prefix}:m2`)).toBe(0);
    expect(await raw.get(`${prefix}:kept`)).toBe('v');
    expect(await cache.set('after', 2)).toBe(true);
  });
});
