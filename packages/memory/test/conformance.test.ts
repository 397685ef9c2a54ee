import { describeConformance } from '@cache/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { MemoryCache, POLICIES } from '../src/index.js';

for (const policy of POLICIES) {
  describeConformance({
    name: `MemoryCache (${policy})`,
    create: ({ clock }) => new MemoryCache({ maxEntries: 1000, policy, clock }).asAsync(),
  });
}

describeConformance({
  name: 'MemoryCache (maxBytes only, default estimate)',
  create: ({ clock }) => new MemoryCache({ maxBytes: 1_000_000, clock }).asAsync(),
});

describe('the async face', () => {
  it('is the same instance, without copies', async () => {
    const cache = new MemoryCache<{ big: string }>({ maxEntries: 10 });
    const tier = cache.asAsync();
    expect(tier.sync).toBe(cache);
    expect(cache.asAsync()).toBe(tier);
    const value = { big: 'object' };
    await tier.set('k', value);
    expect(cache.get('k')).toBe(value);
    expect(await tier.get('k')).toBe(value);
    expect((await tier.getEntry('k'))?.value).toBe(value);
    expect(tier.name).toBe('memory');
  });
});
