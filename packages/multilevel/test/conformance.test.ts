/** The tiered cache meets the tier contract, over memory levels (fake time) and memory + a real Redis (real time). */
import { describeConformance } from '@cache/core/testing/vitest';
import { MultiLevelCache } from '../src/index.js';
import { memory, redis } from './helpers.js';

describeConformance({
  name: 'multilevel (memory + memory)',
  create: ({ clock }) =>
    new MultiLevelCache({
      clock,
      levels: [
        { name: 'l1', tier: memory(clock), maxTtl: '1h' },
        { name: 'l2', tier: memory(clock).asAsync() },
      ],
    }),
});

describeConformance({
  name: 'multilevel (memory + redis)',
  time: 'real',
  create: () =>
    new MultiLevelCache({
      levels: [
        { name: 'memory', tier: memory() },
        { name: 'redis', tier: redis() },
      ],
    }),
});
