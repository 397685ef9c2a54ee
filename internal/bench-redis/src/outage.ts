/**
 * The miss-mode outage measurement: Redis is killed, then 10,000 calls are
 * made at once. Every call must settle within commandTimeout + 50 ms, and
 * the heap after them must be within 10% of the heap before.
 *
 * Two timings: `after-disconnect` fires the calls once the tier has seen the
 * connection drop (the server is down: the acceptance case); `at-crash` fires
 * them right after SIGKILL, before the client has noticed, so they are
 * written to the dead socket (worst case for latency; the socket's write
 * buffer is only released at the next reconnect attempt, so the heap is also
 * read again 1.5 s later).
 */
import { RedisCache } from '@cache/redis';
import type { RedisServerHandle } from '@cache/test-support';
import { sampleValue } from './libraries.js';

export interface OutageResult {
  timing: 'after-disconnect' | 'at-crash';
  calls: number;
  settled: number;
  rejected: number;
  commandTimeoutMs: number;
  maxSettleMs: number;
  p99SettleMs: number;
  elapsedMs: number;
  heapBefore: number;
  heapAfter: number;
  heapChange: number;
  /** at-crash only: heap 1.5 s after the calls settled (after the next reconnect attempt). */
  heapLater?: number;
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) for (let i = 0; i < 3; i++) collect();
};

export async function measureOutage(
  server: RedisServerHandle,
  timing: OutageResult['timing'],
  calls = 10_000,
  commandTimeout = 1000,
): Promise<OutageResult> {
  const cache = new RedisCache({ url: server.url, prefix: 'bench-outage', onError: 'miss', commandTimeout });
  const value = sampleValue(0);
  for (let i = 0; i < 2000; i++) {
    await cache.set(`k${i % 100}`, value);
    await cache.get(`k${i % 100}`);
  }
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const disconnected = new Promise<void>((resolve) => cache.on('disconnect', resolve));
  await server.kill();
  if (timing === 'after-disconnect') await disconnected;
  const latencies = new Float64Array(calls);
  let rejected = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      const t = performance.now();
      try {
        await (i % 2 === 0 ? cache.get(`k${i % 100}`) : cache.set(`k${i % 100}`, value));
      } catch {
        rejected++;
      }
      latencies[i] = performance.now() - t;
    }),
  );
  const elapsedMs = performance.now() - start;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  let heapLater: number | undefined;
  if (timing === 'at-crash') {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    gc();
    heapLater = process.memoryUsage().heapUsed;
  }
  await cache.close();
  await server.restart();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return {
    timing,
    calls,
    settled: calls,
    rejected,
    commandTimeoutMs: commandTimeout,
    maxSettleMs: sorted[sorted.length - 1]!,
    p99SettleMs: sorted[Math.floor(sorted.length * 0.99)]!,
    elapsedMs,
    heapBefore,
    heapAfter,
    heapChange: heapAfter / heapBefore - 1,
    ...(heapLater === undefined ? {} : { heapLater }),
  };
}
