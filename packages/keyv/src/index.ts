/**
 * A Keyv storage adapter over any `@cache` tier: Keyv, cache-manager 7,
 * cacheable and `@nestjs/cache-manager` on the memory, Redis, Redis Cluster
 * and tiered caches.
 * @module
 */
export { KeyvCacheStore, DEFAULT_CLEAR_SCOPE, type KeyvCacheStoreOptions, type KeyvCacheStoreOpts, type KeyvStoreEntry } from './keyv-cache-store.js';
export type { AnyTier } from './tier-capabilities.js';
