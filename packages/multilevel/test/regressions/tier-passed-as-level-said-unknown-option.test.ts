/**
 * Regression (issue 12): `levels: [memoryCache]` said `unknown level option
 * "policy"` instead of showing what a level is; and an unknown option named
 * no valid one.
 */
import { InvalidOptionError } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { describe, expect, it } from 'vitest';
import { MultiLevelCache, type MultiLevelCacheOptions } from '../../src/index.js';

describe('MultiLevelCache options', () => {
  it('a tier passed where a level belongs gets an error that shows the { name, tier } shape', () => {
    const levels = [new MemoryCache({ maxEntries: 10 })] as unknown as MultiLevelCacheOptions['levels'];
    expect(() => new MultiLevelCache({ levels })).toThrow(InvalidOptionError);
    expect(() => new MultiLevelCache({ levels })).toThrow(/levels\[0\] is a tier, but a level is \{ name, tier \}/);
  });

  it('an unknown option names the closest valid one', () => {
    const options = { levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }) }], ttl: '5m' } as unknown as MultiLevelCacheOptions;
    expect(() => new MultiLevelCache(options)).toThrow(/unknown MultiLevelCache option "ttl" \(did you mean "defaultTtl"\?\)/);
    const level = { levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }), maxttl: 5 }] } as unknown as MultiLevelCacheOptions;
    expect(() => new MultiLevelCache(level)).toThrow(/unknown level option "maxttl" \(did you mean "maxTtl"\?\)/);
  });
});
