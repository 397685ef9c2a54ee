/**
 * The libraries the memory benchmark compares, each loaded only inside its own
 * child process (running several in one process skews results).
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KeyHash } from './read-floor.js';

/** The operations a benchmark loop calls. */
export interface BenchCache {
  get(key: string): unknown;
  set(key: string, value: object): unknown;
}

/** Makes an empty cache bounded to `capacity` entries. */
export type BenchCacheFactory = (capacity: number) => BenchCache;

/**
 * Library names as published, plus two floors that are not caches: `Map` (a
 * bare Map: the floor for bytes and reads) and `read-floor` (the least an
 * LRU read over @cache/memory's key hash costs, see `read-floor.ts`).
 */
export const LIBRARIES = ['lru-cache', 'mnemonist', 'lru.min', '@cache/memory', 'Map', 'read-floor'] as const;
/** One of {@link LIBRARIES}. */
export type Library = (typeof LIBRARIES)[number];

/** The peer every ratio is taken against. */
export const BASELINE: Library = 'lru-cache';

/** Loads `library` and returns its factory; `policy` selects the @cache/memory policy. */
export async function loadLibrary(library: Library, policy?: string): Promise<BenchCacheFactory> {
  switch (library) {
    case 'lru-cache': {
      const { LRUCache } = await import('lru-cache');
      return (max) => new LRUCache<string, object>({ max });
    }
    case 'mnemonist': {
      const { LRUMap } = await import('mnemonist');
      return (capacity) => new LRUMap<string, object>(capacity);
    }
    case 'lru.min': {
      const { createLRU } = await import('lru.min');
      return (max) => createLRU<string, object>({ max });
    }
    case '@cache/memory': {
      const { MemoryCache, POLICIES } = await import('@cache/memory');
      const found = POLICIES.find((p) => p === policy);
      if (found === undefined) throw new RangeError(`@cache/memory has no policy '${policy}' (has ${POLICIES.join(', ')})`);
      return (maxEntries) => new MemoryCache<object>({ maxEntries, policy: found });
    }
    case 'Map':
      return () => new Map<string, object>();
    case 'read-floor': {
      const { ReadFloor } = await import('./read-floor.js');
      const hash = await memoryKeyHash();
      return (capacity) => new ReadFloor(capacity, hash);
    }
  }
}

/**
 * @cache/memory's key hash, read from the built package's own module (the
 * package does not export it; the benchmark runs inside the workspace).
 */
async function memoryKeyHash(): Promise<KeyHash> {
  const manifest = createRequire(import.meta.url).resolve('@cache/memory/package.json');
  const { hashKey } = (await import(pathToFileURL(join(dirname(manifest), 'dist', 'hash.js')).href)) as { hashKey: KeyHash };
  return hashKey;
}

/** The @cache/memory policies and the default one, read from the built package. */
export async function memoryPolicies(): Promise<{ policies: readonly string[]; defaultPolicy: string }> {
  const { POLICIES, DEFAULT_POLICY } = await import('@cache/memory');
  return { policies: POLICIES, defaultPolicy: DEFAULT_POLICY };
}
