import { describe, expect, it } from 'vitest';
import { richValue } from './fixtures.js';
import { closeAfterAll } from './helpers.js';

const make = closeAfterAll();

describe('values round-trip through Redis', () => {
  it('msgpack (default): every promised type, exactly', async () => {
    const cache = make();
    const value = richValue();
    await cache.set('rich', value);
    const back = (await cache.get('rich')) as typeof value;
    expect(back).toEqual(value);
    expect(back.map).toBeInstanceOf(Map);
    expect(back.hugeBig).toBe(value.hugeBig);
    expect(Buffer.isBuffer(back.buffer)).toBe(true);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(back.bytes)).toBe(false);
  });

  it('top-level Buffer, BigInt, Date, Map and Set values', async () => {
    const cache = make();
    const values: [string, unknown][] = [
      ['buffer', Buffer.from([0, 255, 10, 13])],
      ['big', -(2n ** 1000n)],
      ['date', new Date(86_400_000)],
      ['map', new Map([[1, 'one']])],
      ['set', new Set(['a'])],
      ['negzero', -0],
    ];
    await cache.setMany(values.map(([key, value]) => ({ key, value })));
    expect(await cache.getMany(values.map(([key]) => key))).toEqual(values.map(([, value]) => value));
    expect(Object.is(await cache.get('negzero'), -0)).toBe(true);
  });

  it('compressed values are read by a tier without compression, and the reverse', async () => {
    const writer = make({ compression: { threshold: 64 } });
    const reader = make({ prefix: writer.prefix });
    const big = { text: 'lorem ipsum '.repeat(1000), when: new Date(5) };
    await writer.set('big', big);
    await reader.set('small', { plain: true });
    const raw = await writer.client.getBuffer(`${writer.prefix}:big`);
    expect(raw!.length).toBeLessThan(1000);
    expect(await reader.get('big')).toEqual(big);
    expect(await writer.get('small')).toEqual({ plain: true });
  });

  it('json serializer stores JSON text after the header byte', async () => {
    const cache = make({ serializer: 'json' });
    await cache.set('k', { a: [1, 2] });
    const raw = await cache.client.getBuffer(`${cache.prefix}:k`);
    expect(raw!.subarray(1).toString()).toBe('{"a":[1,2]}');
    expect(await cache.get('k')).toEqual({ a: [1, 2] });
  });

  it('a custom serializer is used for writes', async () => {
    const cache = make({
      serializer: { encode: (v) => Buffer.from(JSON.stringify({ wrapped: v })), decode: (b) => (JSON.parse(b.toString()) as { wrapped: unknown }).wrapped },
    });
    await cache.set('k', ['x']);
    expect(await cache.get('k')).toEqual(['x']);
  });
});
