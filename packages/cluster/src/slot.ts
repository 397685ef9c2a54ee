/**
 * Redis Cluster hash slots: `CRC16(key) mod 16384`, where CRC16 is the
 * XMODEM variant (polynomial 0x1021, initial value 0) the Redis Cluster
 * specification gives, computed over the key's UTF-8 bytes. When the key has
 * a hash tag — the bytes between the first `{` and the first `}` after it,
 * if that span is non-empty — only the tag is hashed, so keys sharing a tag
 * share a slot (and a node), and multi-key commands may combine them.
 *
 * Reference: Redis Cluster specification, "Key distribution model" and
 * "Hash tags" (https://redis.io/docs/reference/cluster-spec/); test vector
 * CRC16("123456789") = 0x31C3, so slot("123456789") = 12739.
 * @module
 */
import { InvalidArgumentError, describeValue } from '@cache/core';

/** Number of hash slots of a Redis Cluster. */
export const SLOT_COUNT = 16384;

const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

/** CRC16-XMODEM of `bytes[start, end)`. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** The [start, end) span that is hashed: the hash tag when there is one, else the whole key. */
function hashedSpan(at: (i: number) => number, length: number): [number, number] {
  for (let open = 0; open < length; open++) {
    if (at(open) !== OPEN) continue;
    for (let close = open + 1; close < length; close++) {
      if (at(close) === CLOSE) return close > open + 1 ? [open + 1, close] : [0, length];
    }
    return [0, length];
  }
  return [0, length];
}

function isAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The hash slot (0..16383) of a Redis key: what Redis Cluster uses to pick
 * the node that holds it. Pass the full Redis key (with the tier's prefix).
 */
export function keySlot(key: string | Uint8Array): number {
  if (typeof key === 'string' && isAscii(key)) {
    const [start, end] = hashedSpan((i) => key.charCodeAt(i), key.length);
    let crc = 0;
    for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ key.charCodeAt(i)) & 0xff]!;
    return crc & (SLOT_COUNT - 1);
  }
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const [start, end] = hashedSpan((i) => bytes[i]!, bytes.length);
  return crc16(bytes, start, end) & (SLOT_COUNT - 1);
}

/**
 * A key that Redis Cluster stores in the same slot as every other key made
 * with the same `tag`: `hashTag('user:42', 'profile')` is
 * `'{user:42}:profile'`, `hashTag('user:42', 'cart')` is `'{user:42}:cart'`.
 * Co-located keys land in one MGET / one UNLINK in `getMany` and
 * `deleteMany`, and survive together on one node. Use it for keys read
 * together; don't put a large share of all keys under one tag (one slot is
 * one node: a hot spot).
 *
 * With `parts` omitted it returns just `'{tag}'`, for building keys yourself.
 * @throws InvalidArgumentError when `tag` is empty or contains `}` (the tag
 *   would end early, and keys would not co-locate the way the name suggests)
 */
export function hashTag(tag: string, ...parts: string[]): string {
  if (typeof tag !== 'string' || tag === '') {
    throw new InvalidArgumentError('tag', `tag must be a non-empty string (got ${describeValue(tag)}); an empty {} hashes the whole key`);
  }
  if (tag.includes('}')) {
    throw new InvalidArgumentError('tag', `tag must not contain "}" (got ${JSON.stringify(tag)}): Redis ends the hash tag at the first "}"`);
  }
  for (const part of parts) {
    if (typeof part !== 'string') throw new InvalidArgumentError('parts', `every part must be a string (got ${describeValue(part)})`);
  }
  const head = `{${tag}}`;
  return parts.length === 0 ? head : `${head}:${parts.join(':')}`;
}
