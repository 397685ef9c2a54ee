import { describeConformance } from '@cache/core/testing/vitest';
import { createCache, useMemcached } from './helpers.js';

const one = useMemcached(1);
const ring = useMemcached(3);

describeConformance({
  name: 'memcached',
  create: ({ clock }) => createCache(one.addresses, { clock }),
});

describeConformance({
  name: 'memcached (three servers, json, compression, miss mode)',
  create: ({ clock }) => createCache(ring.addresses, { clock, serializer: 'json', compression: { threshold: 0 }, onError: 'miss' }),
});

describeConformance({
  name: 'memcached (real time)',
  time: 'real',
  ttl: 200,
  create: () => createCache(one.addresses),
});
