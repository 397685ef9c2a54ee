import { describeConformance } from '@cache/core/testing/vitest';
import { createCache } from './helpers.js';

describeConformance({
  name: 'redis-cluster',
  time: 'real',
  ttl: 200,
  create: () => createCache(),
});

describeConformance({
  name: 'redis-cluster (json, compression, miss mode)',
  time: 'real',
  ttl: 200,
  // (not readFrom: 'replica': replicas lag their master, so read-your-write is not guaranteed there; see replica-reads.test.ts)
  create: () => createCache({ serializer: 'json', compression: { threshold: 0 }, onError: 'miss' }),
});
