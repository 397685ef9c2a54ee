declare module '@cache/memory' {
  export type PolicyName = 'lru' | 'lfu' | 'fifo' | 'ttl' | 'random' | 'sieve' | 's3-fifo' | 'w-tinylfu';
  export const POLICIES: readonly PolicyName[];
  export const DEFAULT_POLICY: PolicyName;
  export class MemoryCache<V> {
    constructor(options: { maxEntries?: number; maxBytes?: number; policy?: PolicyName; stats?: boolean });
    get(key: string): V | undefined;
    set(key: string, value: V): boolean;
    readonly size: number;
  }
}
