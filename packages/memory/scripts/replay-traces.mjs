// Replays the shared access traces against every policy and prints hit ratios (%).
// Usage: node scripts/replay-traces.mjs [traceDir] [policy,policy,...]
// Needs a build (pnpm --filter @cache/memory build). Traces are not part of the repo.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { replay, POLICIES } from '../dist/index.js';

const dir = process.argv[2] ?? '/work/shared/traces';
const policies = process.argv[3] ? process.argv[3].split(',') : POLICIES;
const rows = [
  ['oltp', 1000], ['oltp', 2000], ['web12', 300], ['sprite', 100], ['glimpse', 500],
];
const cache = new Map();
const load = (name) => {
  if (!cache.has(name)) cache.set(name, gunzipSync(readFileSync(join(dir, `${name}.keys.gz`))).toString('utf8').split('\n').filter(Boolean));
  return cache.get(name);
};
console.log(['trace', 'size', ...policies].join('\t'));
for (const [name, size] of rows) {
  const keys = load(name);
  const cells = policies.map((policy) => (100 * replay(keys, { capacity: size, policy, seed: 1 }).hitRatio).toFixed(2));
  console.log([name, size, ...cells].join('\t'));
}
