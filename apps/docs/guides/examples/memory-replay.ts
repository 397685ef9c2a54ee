import assert from 'node:assert/strict';
import { POLICIES, replay } from '@cache/memory';

// Hit ratio: replay one access sequence through every policy.
//    A skewed workload (a few hot keys, a long tail) interrupted by scans
//    (every key of a large range read once), as batch jobs and crawlers do.
function* workload(): Generator<string> {
  let state = 42;
  const random = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32); // seeded: same trace every run
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 5_000; i++) yield `item:${Math.floor(1_000 * random() ** 3)}`; // hot items
    for (let i = 0; i < 2_000; i++) yield `scan:${round}:${i}`; // read once, never again
  }
}
const keys = [...workload()];
const ratios = Object.fromEntries(POLICIES.map((policy) => [policy, replay(keys, { capacity: 500, policy }).hitRatio]));
console.table(Object.fromEntries(Object.entries(ratios).map(([policy, ratio]) => [policy, `${(ratio * 100).toFixed(1)}%`])));
assert.ok(ratios['w-tinylfu']! > ratios['lru']!); // the scans flush LRU; W-TinyLFU does not admit them
