/**
 * Regression: `startReporter({ interval: '30d' })` (or any interval past
 * setInterval's 2^31 − 1 ms limit) was accepted: Node printed a
 * TimeoutOverflowWarning and the reporter fired every millisecond. It is
 * now an InvalidOptionError naming interval and the bound; nothing starts.
 */
import { ErrorCode, MAX_TIMER_DELAY, isCacheError, type InvalidOptionError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { startReporter } from '../src/index.js';

describe('startReporter with an interval past the timer limit', () => {
  it('is refused with InvalidOptionError naming interval; nothing is collected or printed', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    let collected = 0;
    try {
      for (const interval of ['30d', 2 ** 31, 1e10] as const) {
        let error: unknown;
        try {
          startReporter({ interval, collect: () => ++collected, report: () => {}, onError: () => {} }).stop();
        } catch (e) {
          error = e;
        }
        expect(isCacheError(error, ErrorCode.InvalidOption), String(error)).toBe(true);
        expect((error as InvalidOptionError).option).toBe('interval');
        expect((error as Error).message).toMatch(/^interval must be at most 2147483647 ms/);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    expect(collected).toBe(0);
    startReporter({ interval: MAX_TIMER_DELAY, collect: () => 0, report: () => {}, onError: () => {} }).stop();
  });
});
