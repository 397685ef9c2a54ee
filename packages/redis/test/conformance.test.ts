import { describeConformance } from '@cache/core/testing/vitest';
import { createCache } from './helpers.js';

describeConformance({
  name: 'redis',
  time: 'real',
  ttl: 200,
  create: () => createCache(),
});

describeConformance({
  name: 'redis (json, compression, miss mode)',
  time: 'real',
  ttl: 200,
  create: () => createCache({ serializer: 'json', compression: { threshold: 0 }, onError: 'miss' }),
});
