/**
 * The libraries compared, behind one small interface. Raw ioredis stores JSON
 * strings, as applications do without a cache layer.
 */
import { Redis } from 'ioredis';
import { RedisCache } from '@cache/redis';

export interface BenchClient {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  getMany(keys: string[]): Promise<unknown[]>;
  close(): Promise<void>;
  /** Resolves once connected (the first calls then measure Redis, not the connect). */
  ready(): Promise<void>;
}

/** The scenarios, in table order. */
export const SCENARIOS = ['get-sequential', 'set-sequential', 'get-1000-in-flight', 'set-1000-in-flight', 'getMany-100'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Library names as they appear in the table and the JSON. */
export const LIBRARIES = [
  '@cache/redis',
  'ioredis',
  '@cache/redis (autoPipelining: false)',
  '@cache/redis (serializer: json)',
  'ioredis (enableAutoPipelining: true)',
] as const;
export type Library = (typeof LIBRARIES)[number];

function cache(url: string, prefix: string, autoPipelining: boolean, serializer: 'msgpack' | 'json' = 'msgpack'): BenchClient {
  const tier = new RedisCache({ url, prefix, autoPipelining, serializer });
  return {
    get: (key) => tier.get(key),
    set: (key, value) => tier.set(key, value),
    getMany: (keys) => tier.getMany(keys),
    ready: () => tier.ready(),
    close: () => tier.close(),
  };
}

function raw(url: string, prefix: string, enableAutoPipelining: boolean): BenchClient {
  const redis = new Redis(url, { enableAutoPipelining });
  const k = (key: string) => `${prefix}:${key}`;
  return {
    get: async (key) => {
      const text = await redis.get(k(key));
      return text === null ? undefined : JSON.parse(text);
    },
    set: (key, value) => redis.set(k(key), JSON.stringify(value)),
    getMany: async (keys) => (await redis.mget(keys.map(k))).map((text) => (text === null ? undefined : JSON.parse(text))),
    ready: () => (redis.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => redis.once('ready', () => resolve()))),
    close: async () => {
      await redis.quit();
    },
  };
}

export function createClient(library: Library, url: string, prefix: string): BenchClient {
  switch (library) {
    case '@cache/redis':
      return cache(url, prefix, true);
    case '@cache/redis (autoPipelining: false)':
      return cache(url, prefix, false);
    case '@cache/redis (serializer: json)':
      return cache(url, prefix, true, 'json');
    case 'ioredis':
      return raw(url, prefix, false);
    case 'ioredis (enableAutoPipelining: true)':
      return raw(url, prefix, true);
  }
}

/** A ~1 KB object (995 bytes as JSON): a user record with nested items. */
export function sampleValue(seed: number): Record<string, unknown> {
  return {
    id: seed,
    name: 'user name here',
    email: 'someone@example.com',
    active: true,
    score: 98.6,
    tags: ['a', 'bb', 'ccc', 'dddd'],
    created: '2024-01-01T00:00:00Z',
    address: { street: '123 Main Street', city: 'Springfield', zip: '12345', country: 'US' },
    items: Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${i}`, qty: i, price: i * 1.25, title: `Item title number ${i}` })),
    notes: 'x'.repeat(200),
  };
}
