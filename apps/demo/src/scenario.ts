/**
 * The seed's `demo_cache_systems()`, on the tiered cache: write a user and a
 * product through every level, read them back, read a missing key, and
 * report per-level and overall statistics. Returns the report's lines (the
 * caller prints them).
 * @module
 */
import type { MultiLevelCache } from '@cache/multilevel';

const show = (value: unknown) => (value === undefined ? 'None' : JSON.stringify(value));
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** Runs the seed's scenario on `cache` and returns the report. */
export async function runSeedScenario(cache: MultiLevelCache<unknown>): Promise<string[]> {
  const lines = ['=== Cache Systems Demo ==='];
  await cache.set('user:123', { name: 'John', email: 'john@example.com' });
  await cache.set('product:456', { name: 'Widget', price: 29.99 });
  lines.push(`User: ${show(await cache.get('user:123'))}`);
  lines.push(`Product: ${show(await cache.get('product:456'))}`);
  lines.push(`Missing user: ${show(await cache.get('user:999'))}`);

  const stats = cache.multilevelStats();
  lines.push('', '=== Cache Statistics ===');
  for (const level of stats.levels) {
    lines.push('', `${level.name}:`);
    const own = level.stats;
    if (own === undefined) {
      lines.push('  stats: unavailable');
      continue;
    }
    lines.push(`  hits: ${own.hits}`, `  misses: ${own.misses}`, `  sets: ${own.sets}`, `  size: ${own.size}`, `  hit_ratio: ${percent(own.hitRatio)}`);
  }
  lines.push('', 'Multi-level stats:', `  total_gets: ${stats.totalGets}`, `  total_sets: ${stats.totalSets}`, `  total_misses: ${stats.totalMisses}`);
  for (const level of stats.levels) lines.push(`  ${level.name}_hit_ratio: ${percent(level.hitRatio)}`);
  return lines;
}
