/**
 * The default size estimate used for `maxBytes` when no `sizeOf` is given.
 * @module
 */

/** Bytes charged per entry on top of its key and value (map slot, arrays, links). */
export const ENTRY_OVERHEAD = 64;
/** Nodes visited at most when estimating one object graph. */
const WALK_LIMIT = 1000;

/**
 * Estimates an entry's footprint in bytes: `ENTRY_OVERHEAD` + 2 bytes per
 * key character + the value's estimate:
 *
 * - string: 2 bytes per UTF-16 code unit; number 8; boolean 4; bigint 8 per
 *   64 bits; null 0;
 * - Buffer, typed array, ArrayBuffer, DataView: its `byteLength`;
 * - arrays, plain objects, Maps and Sets: 8 bytes per slot plus their keys
 *   and members, walked breadth-first up to 1,000 nodes (shared and cyclic
 *   references may be counted more than once; the walk stops at the limit);
 * - anything else (functions, symbols, class instances' hidden state): 8.
 *
 * It is an estimate to bound memory, not a measurement; pass `sizeOf` when
 * you know better (e.g. `(v) => v.byteLength`).
 */
export function estimateSize(value: unknown, key: string): number {
  return ENTRY_OVERHEAD + 2 * key.length + estimateValue(value);
}

function estimateValue(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 2 * value.length;
    case 'number':
      return 8;
    case 'boolean':
      return 4;
    case 'bigint':
      return 8 * Math.ceil((value < 0n ? -value : value).toString(16).length / 16);
    case 'object':
      return value === null ? 0 : walk(value);
    default:
      return 8;
  }
}

function walk(root: object): number {
  let bytes = 0;
  let visited = 0;
  const queue: unknown[] = [root];
  for (let i = 0; i < queue.length && visited < WALK_LIMIT; i++) {
    const node = queue[i];
    visited++;
    if (typeof node !== 'object' || node === null) {
      bytes += estimateValue(node);
      continue;
    }
    if (ArrayBuffer.isView(node) || node instanceof ArrayBuffer) {
      bytes += node.byteLength;
    } else if (Array.isArray(node)) {
      bytes += 16 + 8 * node.length;
      for (const item of node) queue.push(item);
    } else if (node instanceof Map) {
      bytes += 16 + 24 * node.size;
      for (const [k, v] of node) queue.push(k, v);
    } else if (node instanceof Set) {
      bytes += 16 + 16 * node.size;
      for (const v of node) queue.push(v);
    } else {
      bytes += 16;
      for (const k of Object.keys(node)) {
        bytes += 8 + 2 * k.length;
        queue.push((node as Record<string, unknown>)[k]);
      }
    }
  }
  return bytes;
}
