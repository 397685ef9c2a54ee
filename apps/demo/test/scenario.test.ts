import { describe, expect, it } from 'vitest';
import { createDemoCache, runSeedScenario } from '../src/index.js';
import { memoryConfig } from './support.js';

describe("the seed's demo scenario", () => {
  it('writes through every level, reads back, misses user:999 and reports per-level hit ratios', async () => {
    const demo = await createDemoCache(memoryConfig());
    try {
      const lines = await runSeedScenario(demo.cache);
      expect(lines.slice(0, 4)).toEqual([
        '=== Cache Systems Demo ===',
        'User: {"name":"John","email":"john@example.com"}',
        'Product: {"name":"Widget","price":29.99}',
        'Missing user: None',
      ]);
      const text = lines.join('\n');
      expect(text).toContain('L1_Memory:\n  hits: 2\n  misses: 1\n  sets: 2\n  size: 2');
      expect(text).toContain('L2_Memory:\n  hits: 0\n  misses: 1\n  sets: 2\n  size: 2');
      expect(text).toContain('  total_gets: 3\n  total_sets: 2\n  total_misses: 1');
      expect(text).toContain('  L1_Memory_hit_ratio: 66.7%\n  L2_Memory_hit_ratio: 0.0%');
    } finally {
      await demo.close();
    }
  });
});
