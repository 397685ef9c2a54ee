/** Type tests for the public generics (checked by `pnpm typecheck`). */
import { expectTypeOf } from 'vitest';
import type { CacheEntry, CacheTier, InvalidationBus } from '@cache/core';
import { RedisCache, RedisInvalidationBus, type RedisCacheStats } from '../src/index.js';

interface User {
  name: string;
}
declare const users: RedisCache<User>;

expectTypeOf(users).toMatchTypeOf<CacheTier<User>>();
expectTypeOf(users.get('1')).toEqualTypeOf<Promise<User | undefined>>();
expectTypeOf(users.getEntry('1')).toEqualTypeOf<Promise<CacheEntry<User> | undefined>>();
expectTypeOf(users.getMany(['1'])).toEqualTypeOf<Promise<(User | undefined)[]>>();
expectTypeOf(users.increment('n')).toEqualTypeOf<Promise<number | undefined>>();
expectTypeOf(users.ttl('n')).toEqualTypeOf<Promise<number | undefined>>();
expectTypeOf(users.getStats()).toEqualTypeOf<Promise<RedisCacheStats>>();
expectTypeOf<RedisInvalidationBus>().toMatchTypeOf<InvalidationBus>();

// @ts-expect-error values must match the tier's type
void users.set('1', { nom: 'x' });
// @ts-expect-error unknown events are type errors
users.on('reconnected', () => {});
