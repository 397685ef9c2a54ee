// Robustness of the default policy's hit ratio over random seeds (hashing and
// admission jitter depend on the seed), against the acceptance thresholds
// (best reference column - 2 points, from /work/shared/traces/README.md).
// Usage: node scripts/replay-seeds.mjs [traceDir] [seeds=20]   (needs a build)
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { replay, DEFAULT_POLICY } from '../dist/index.js';

const dir = process.argv[2] ?? '/work/shared/traces';
const count = Number(process.argv[3] ?? 20);
const rows = [['oltp', 1000, 38.93], ['oltp', 2000, 45.01], ['web12', 300, 51.48], ['sprite', 100, 28.27], ['glimpse', 500, 31.6]];
const seeds = Array.from({ length: count }, (_, i) => 1000 + i * 7919);
console.log(`policy ${DEFAULT_POLICY}, ${count} seeds`);
console.log(['trace', 'size', 'threshold', 'min', 'mean', 'max', 'below'].join('\t'));
for (const [name, size, threshold] of rows) {
  const keys = gunzipSync(readFileSync(join(dir, `${name}.keys.gz`))).toString('utf8').split('\n').filter(Boolean);
  const ratios = seeds.map((seed) => 100 * replay(keys, { capacity: size, seed }).hitRatio);
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  console.log([name, size, threshold, Math.min(...ratios).toFixed(2), mean.toFixed(2), Math.max(...ratios).toFixed(2), ratios.filter((r) => r < threshold).length].join('\t'));
}
