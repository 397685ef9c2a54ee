/**
 * The caches a hit-ratio replay can run: every `@cache/memory` policy (built
 * package, loaded on demand), ARC (a reference implementation, `arc.ts`),
 * lru-cache as the library reference for "the lru policy equals lru-cache",
 * and Belady's optimum `opt`.
 * @module
 */
import { ARC, ArcCache } from './arc.js';
import type { ReplayCacheFactory } from './replay.js';

/** Name of the Belady-optimum row. */
export const OPT = 'opt';
/** Name of the lru-cache library row. */
export const LRU_CACHE = 'lru-cache';

/** What the replay can run, in table order. */
export interface ReplayPolicies {
  /** Policy names in display order: memory's policies, then arc, lru-cache and opt. */
  readonly names: readonly string[];
  /** @cache/memory's default policy. */
  readonly defaultPolicy: string;
  /** A factory per name; `'opt'` for Belady. */
  factory(name: string): ReplayCacheFactory | 'opt';
  /** Whether the result may depend on the seed (every @cache/memory policy is replayed per seed). */
  seeded(name: string): boolean;
}

/** Loads @cache/memory and lru-cache and lists every replayable policy. */
export async function loadReplayPolicies(): Promise<ReplayPolicies> {
  const [{ MemoryCache, POLICIES, DEFAULT_POLICY }, { LRUCache }] = await Promise.all([import('@cache/memory'), import('lru-cache')]);
  const memoryPolicies: readonly string[] = POLICIES;
  const names = [...memoryPolicies, ARC, LRU_CACHE, OPT];
  return {
    names,
    defaultPolicy: DEFAULT_POLICY,
    seeded: (name) => memoryPolicies.includes(name),
    factory(name) {
      if (name === OPT) return 'opt';
      if (name === LRU_CACHE) return (size) => new LRUCache<string, true>({ max: size });
      if (name === ARC) return (size) => new ArcCache(size);
      const policy = POLICIES.find((p) => p === name);
      if (policy === undefined) throw new RangeError(`unknown policy '${name}'`);
      return (size, seed) => new MemoryCache<true>({ maxEntries: size, policy, seed });
    },
  };
}
