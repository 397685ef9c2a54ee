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

