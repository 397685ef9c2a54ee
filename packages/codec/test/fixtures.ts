/**
 * Values for the codec's tests (the same ones @cache/redis's tests store
 * through a server).
 */
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';

/** Every type the msgpack codec promises to keep exactly. */
export const richValue = () => ({
  date: new Date(1_700_000_000_123),
  map: new Map<unknown, unknown>([
    ['a', 1],
    [2, { nested: new Set(['x', 3]) }],
  ]),
  set: new Set([1, 'two', null]),
  smallBig: 42n,
  negativeBig: -(2n ** 70n) - 3n,
  hugeBig: 2n ** 4000n + 12345n,
  buffer: Buffer.from([0, 1, 2, 254, 255]),
  bytes: new Uint8Array([9, 8, 7]),
  nested: { list: [1, 'two', { three: [3, new Date(0)] }, null], empty: {}, deep: { a: { b: { c: { d: 'e' } } } } },
  float: 0.1 + 0.2,
  nan: Number.NaN,
  infinity: -Infinity,
  unicode: 'héllo ✓ 日本 🎉',
});

/**
 * A hostile compressed value: our compressed-msgpack header over a deflate
 * stream that inflates to `inflatedBytes` (a msgpack bin32 of zeros, so a
 * reader with no limit decodes it into a Buffer of that size). Deflated in
 * independent 1 MiB segments (full flush), so building it never holds the
 * inflated bytes: 511 MiB make a ~510 KB value, the 505 KB bomb.
 */
export function zipBomb(inflatedBytes: number): Buffer {
  const MiB = 1 << 20;
  const flush = { finishFlush: zlibConstants.Z_FULL_FLUSH, level: 9 };
  const head = Buffer.from([0xc6, 0, 0, 0, 0]);
  head.writeUInt32BE(inflatedBytes - head.length, 1);
  const parts = [Buffer.from([0x01 | 0x10]), deflateRawSync(head, flush)];
  const segment = deflateRawSync(Buffer.alloc(MiB), flush);
  let left = inflatedBytes - head.length;
  for (; left >= MiB; left -= MiB) parts.push(segment);
  if (left > 0) parts.push(deflateRawSync(Buffer.alloc(left), flush));
  parts.push(deflateRawSync(Buffer.alloc(0)));
  return Buffer.concat(parts);
}
