/** Type tests for the public generics (checked by vitest typecheck and `pnpm typecheck`). */
import { expectTypeOf } from 'vitest';
import type { CacheEntry, CacheTier } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache, type LoaderContext, type MultiLevelStats, type StoredEntry } from '../src/index.js';

interface User {
  name: string;
}
declare const users: MultiLevelCache<User>;

expectTypeOf(users).toMatchTypeOf<CacheTier<User>>();
expectTypeOf(users.get('1')).toEqualTypeOf<Promise<User | undefined>>();
expectTypeOf(users.getEntry('1')).toEqualTypeOf<Promise<CacheEntry<User> | undefined>>();
expectTypeOf(users.getMany(['1'])).toEqualTypeOf<Promise<(User | undefined)[]>>();
expectTypeOf(users.getOrSet('1', () => ({ name: 'Ada' }))).toEqualTypeOf<Promise<User>>();
expectTypeOf(users.getOrSet('1', async (ctx) => ({ name: ctx.key }))).toEqualTypeOf<Promise<User>>();
expectTypeOf<Parameters<Parameters<typeof users.getOrSet>[1]>[0]>().toEqualTypeOf<LoaderContext>();
expectTypeOf(users.multilevelStats()).toEqualTypeOf<MultiLevelStats>();

const byId = users.wrap(async (id: number, _full: boolean) => ({ name: String(id) }), { key: (id, full) => `${id}:${full}` });
expectTypeOf(byId).toEqualTypeOf<(id: number, full: boolean) => Promise<User>>();

// levels take MemoryCache itself, its async face, or any CacheTier
new MultiLevelCache<User>({ levels: [{ name: 'l1', tier: new MemoryCache<StoredEntry<User>>({ maxEntries: 10 }) }] });
new MultiLevelCache<User>({ levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }).asAsync(), maxTtl: '30s' }] });

// @ts-expect-error values must match the cache's type
void users.set('1', { nom: 'x' });
// @ts-expect-error the loader must produce the cache's type
void users.getOrSet('1', () => 42);
// @ts-expect-error levels are required
new MultiLevelCache<User>({});
// @ts-expect-error a bad duration string is a type error
new MultiLevelCache<User>({ levels: [], grace: 'soon' });
