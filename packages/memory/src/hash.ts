/**
 * 32-bit (signed, so it stays a small integer in V8) string hash for the frequency sketch and the S3-FIFO ghost:
 * FNV-1a over UTF-16 code units from a per-instance seed, finished with
 * murmur3's fmix32 so every input bit reaches every output bit.
 * @module
 */
export function hashKey(key: string, seed: number): number {
  let h = (seed ^ 0x811c9dc5) | 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
