/**
 * Regression: a soft or hard timeout beyond setTimeout's limit (2^31 - 1 ms,
 * about 24.8 days) was accepted, and Node fires such a timer after 1 ms: a
 * `hardTimeout: '30d'` failed every load at once. Durations that arm a timer
 * are now bounded by MAX_TIMER_DELAY, at construction and per call.
 */
import { InvalidArgumentError, InvalidOptionError, MAX_TIMER_DELAY } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { describe, expect, it } from 'vitest';
import { MultiLevelCache } from '../../src/index.js';

const levels = () => [{ name: 'memory', tier: new MemoryCache({ maxEntries: 10 }) }];

describe('a timeout past the timer limit', () => {
  it.each(['softTimeout', 'hardTimeout', 'lockWait', 'lockPollInterval', 'recoveryInterval'])('is refused as the %s option', (option) => {
    expect(() => new MultiLevelCache({ levels: levels(), [option]: '30d' })).toThrow(InvalidOptionError);
    expect(() => new MultiLevelCache({ levels: levels(), [option]: MAX_TIMER_DELAY + 1 })).toThrow(/at most 2147483647 ms/);
  });

  it('is refused per call, and nothing is loaded', async () => {
    const cache = new MultiLevelCache<number>({ levels: levels() });
    let loads = 0;
    const loader = () => ++loads;
    await expect(cache.getOrSet('k', loader, { hardTimeout: '30d' })).rejects.toThrow(InvalidArgumentError);
    await expect(cache.getOrSet('k', loader, { softTimeout: MAX_TIMER_DELAY + 1 })).rejects.toThrow(InvalidArgumentError);
    expect(loads).toBe(0);
    await cache.close();
  });

  it('still accepts the limit itself and Infinity', async () => {
    const cache = new MultiLevelCache<number>({ levels: levels(), hardTimeout: MAX_TIMER_DELAY, softTimeout: Infinity });
    expect(await cache.getOrSet('k', async () => 1, { hardTimeout: Infinity })).toBe(1);
    await cache.close();
  });
});
