import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError, SerializationError } from '@cache/core';
import { ValueCodec, Format, COMPRESSED, DEFAULT_MAX_DECOMPRESSED_SIZE } from '../src/codec.js';
import { createJsonSerializer, createMsgpackSerializer, type Serializer } from '../src/serializer.js';
import { richValue, zipBomb } from './fixtures.js';

const msgpack = () => new ValueCodec('msgpack', undefined, 'redis');
const bytes = (payload: Buffer | string) => (typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload);
const roundTrip = (codec: ValueCodec, value: unknown) => codec.decode(bytes(codec.encode(value, 'k')), 'k');

describe('msgpack codec', () => {
  it('round-trips Date, Map, Set, BigInt of any size, Buffer, Uint8Array and nested objects exactly', () => {
    const value = richValue();
    const back = roundTrip(msgpack(), value) as ReturnType<typeof richValue>;
    expect(back).toEqual(value);
    expect(back.map).toBeInstanceOf(Map);
    expect(back.set).toBeInstanceOf(Set);
    expect(back.date).toBeInstanceOf(Date);
    expect(back.hugeBig).toBe(value.hugeBig);
    expect(back.negativeBig).toBe(value.negativeBig);
    expect(typeof back.smallBig).toBe('bigint');
    expect(Buffer.isBuffer(back.buffer)).toBe(true);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(back.bytes)).toBe(false);
  });

  it('keeps top-level scalars, null and strings', () => {
    for (const value of [null, true, false, 'text', '', 0, -1, 3.5, 1e21, 2 ** 60, 7n, [], {}]) {
      expect(roundTrip(msgpack(), value)).toEqual(value);
    }
  });

  it('writes standard msgpack, or records when a Map must stay a Map', () => {
    expect((msgpack().encode({ a: [1, { b: new Set([2]) }] }, 'k') as Buffer)[0]).toBe(Format.Msgpack);
    expect((msgpack().encode({ a: [1, { b: new Map() }] }, 'k') as Buffer)[0]).toBe(Format.MsgpackRecords);
    expect((msgpack().encode(new Map([['x', {}]]), 'k') as Buffer)[0]).toBe(Format.MsgpackRecords);
  });

  it('keeps a Map and an object with the same entries apart', () => {
    const value = [new Map([['a', 1]]), { a: 1 }];
    const back = roundTrip(msgpack(), value) as unknown[];
    expect(back[0]).toBeInstanceOf(Map);
    expect(back[1]).not.toBeInstanceOf(Map);
    expect(back).toEqual(value);
  });

  it('stores finite numbers as decimal text so INCRBY works on them', () => {
    expect(msgpack().encode(42, 'k')).toBe('42');
    expect(msgpack().encode(-2.5, 'k')).toBe('-2.5');
    expect(roundTrip(msgpack(), 0.1 + 0.2)).toBe(0.1 + 0.2);
    expect(Object.is(roundTrip(msgpack(), -0), -0)).toBe(true);
    expect(msgpack().decode(Buffer.from('17'), 'k')).toBe(17);
    expect(msgpack().decode(Buffer.from('-1.25e3'), 'k')).toBe(-1250);
  });

  it('throws SerializationError naming the key when a value cannot be encoded', () => {
    const json = new ValueCodec('json', undefined, 'redis');
    let caught: unknown;
    try {
      json.encode({ n: 1n }, 'user:1');
    } catch (error) {
      caught = error;
    }
    expect(isCacheError(caught, ErrorCode.Serialization)).toBe(true);
    expect((caught as SerializationError).key).toBe('user:1');
    expect((caught as SerializationError).tier).toBe('redis');
  });
});

describe('reading foreign and corrupt bytes', () => {
  const cases: [string, Buffer][] = [
    ['an empty value', Buffer.alloc(0)],
    ['JSON text from another program', Buffer.from('{"a":1}')],
    ['plain text', Buffer.from('hello world')],
    ['a header with nothing after it', Buffer.from([Format.Msgpack])],
    ['truncated msgpack', Buffer.concat([Buffer.from([Format.Msgpack]), createMsgpackSerializer().encode({ a: 'long string value' }).subarray(0, 6)])],
    ['msgpack with trailing garbage', Buffer.from([Format.Msgpack, 0x01, 0x02])],
    ['invalid JSON after a JSON header', Buffer.from([Format.Json, 0x7b, 0x7b])],
    ['a compressed flag over bytes that are not deflate', Buffer.from([Format.Msgpack | COMPRESSED, 1, 2, 3, 4])],
    ['a custom-serializer value with no custom serializer configured', Buffer.from([Format.Custom, 1, 2])],
    ['random bytes', Buffer.from([0xff, 0x00, 0xc1, 0x13, 0x37])],
    ['an array header claiming 4 billion items', Buffer.from([Format.Msgpack, 0xdd, 0xff, 0xff, 0xff, 0xff, 0x01])],
    ['a map header claiming 4 billion entries', Buffer.from([Format.Msgpack, 0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x61, 0x01])],
    ['a string header longer than the value', Buffer.from([Format.Msgpack, 0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61])],
    ['a bigint extension with no body', Buffer.from([Format.Msgpack, 0xc7, 0x00, 0x42])],
  ];
  for (const [label, raw] of cases) {
    it(`rejects ${label} with SerializationError`, () => {
      expect(() => msgpack().decode(raw, 'k')).toThrow(SerializationError);
    });
  }

  it('never evaluates code hidden in record key names and never pollutes prototypes', () => {
    const hostileKeys = ['a"]:(globalThis.__pwned=1),["b', 'x}); globalThis.__pwned=2; ({', '__proto__', 'constructor', 'toString'];
    const rows = Array.from({ length: 8 }, () => Object.fromEntries(hostileKeys.map((k, i) => [k, { polluted: i }])));
    // a Map makes the serializer use records, whose readers msgpackr compiles after a few objects of one shape
    const encoded = createMsgpackSerializer().encode({ map: new Map([[1, 1]]), rows });
    for (const header of [Format.MsgpackRecords, Format.Msgpack]) {
      const back = msgpack().decode(Buffer.concat([Buffer.from([header]), encoded]), 'k') as { rows: Record<string, unknown>[] };
      expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(back.rows[7])).toBe(Object.prototype);
      expect(back.rows[7]![hostileKeys[0]!]).toEqual({ polluted: 0 });
    }
  });
});

describe('formats coexist', () => {
  it('JSON keeps unicode and lone surrogates, and rejects what it cannot represent', () => {
    const json = new ValueCodec('json', undefined, 'redis');
    const value = { s: 'héllo ✓ 日本 🎉', lone: '\ud800x' };
    expect(json.decode(bytes(json.encode(value, 'k')), 'k')).toEqual(value);
    expect(() => json.encode(() => 1, 'k')).toThrow(SerializationError);
    expect(() => json.encode(10n, 'k')).toThrow(SerializationError);
  });

  it('reads JSON-written values with a msgpack reader and the reverse', () => {
    const json = new ValueCodec('json', undefined, 'redis');
    const value = { a: [1, 'b', null], c: { d: true } };
    expect(msgpack().decode(bytes(json.encode(value, 'k')), 'k')).toEqual(value);
    expect(json.decode(bytes(msgpack().encode(value, 'k')), 'k')).toEqual(value);
  });

  it('compresses above the threshold only, and both kinds stay readable without compression configured', () => {
    const compressing = new ValueCodec('msgpack', { threshold: 100, level: 6 }, 'redis');
    const small = compressing.encode({ s: 'x' }, 'k') as Buffer;
    const large = compressing.encode({ s: 'x'.repeat(5000) }, 'k') as Buffer;
    expect(small[0]).toBe(Format.Msgpack);
    expect(large[0]).toBe(Format.Msgpack | COMPRESSED);
    expect(large.length).toBeLessThan(500);
    expect(msgpack().decode(large, 'k')).toEqual({ s: 'x'.repeat(5000) });
    expect(compressing.decode(bytes(msgpack().encode({ plain: 1 }, 'k')), 'k')).toEqual({ plain: 1 });
  });

  it('uses a custom serializer, and its decode errors become SerializationError', () => {
    const reverse: Serializer = {
      encode: (value) => Buffer.from(String(value).split('').reverse().join('')),
      decode: (buf) => {
        const text = buf.toString();
        if (text === 'bad') throw new Error('nope');
        return text.split('').reverse().join('');
      },
    };
    const custom = new ValueCodec(reverse, undefined, 'redis');
    const out = custom.encode('hello', 'k') as Buffer;
    expect(out[0]).toBe(Format.Custom);
    expect(out.subarray(1).toString()).toBe('olleh');
    expect(custom.decode(out, 'k')).toBe('hello');
    expect(() => custom.decode(Buffer.from([Format.Custom, ...Buffer.from('bad')]), 'k')).toThrow(SerializationError);
    expect(custom.decode(bytes(msgpack().encode([1, 2], 'k')), 'k')).toEqual([1, 2]);
  });
});

describe('values the serializer cannot represent', () => {
  const refusal = (codec: ValueCodec, value: unknown): string => {
    try {
      codec.encode(value, 'k');
    } catch (error) {
      expect(isCacheError(error, ErrorCode.Serialization)).toBe(true);
      expect((error as SerializationError).key).toBe('k');
      return (error as Error).message;
    }
    throw new Error(`encoded ${String(value)} without complaint`);
  };

  it('msgpack names what and where: functions, Promises, WeakMaps, empty instances, deep nesting and cycles', () => {
    class Empty {}
    const cycle: Record<string, unknown> = { a: {} };
    (cycle.a as Record<string, unknown>).back = cycle;
    const cases: [unknown, RegExp][] = [
      [{ user: { save() {} } }, /value\.user\.save is a function \(save\), which msgpack cannot store/],
      [[1, [2, Promise.resolve()]], /value\[1\]\[1\] is a Promise/],
      [{ 'odd key': new WeakMap() }, /value\["odd key"\] is a WeakMap/],
      [new Set([new WeakSet()]), /value<set item> is a WeakSet/],
      [new Map([['m', new WeakRef({})]]), /value\.get\("m"\) is a WeakRef/],
      [new Empty(), /value is an instance of Empty with no enumerable own property \(it would read back as \{\}\)/],
      [new Map([1, 2].entries()).keys(), /value is an iterator/],
      [Object(1n), /value is a boxed BigInt/],
      [cycle, /value\.a\.back\.a\.back\.a\.back….* is nested more than 1000 levels deep \(a cycle\?\)/],
    ];
    for (const [value, message] of cases) expect(refusal(msgpack(), value)).toMatch(message);
  });

  it('json also refuses what JSON would turn into something else', () => {
    const json = new ValueCodec('json', undefined, 'redis');
    const cases: [unknown, RegExp][] = [
      [{ m: new Map() }, /value\.m is a Map \(JSON writes \{\}; use msgpack\)/],
      [[new Set()], /value\[0\] is a Set/],
      [{ n: -Infinity }, /value\.n is -Infinity \(JSON writes null/],
      [{ b: 1n }, /value\.b is a BigInt/],
      [{ bytes: new Uint8Array(2) }, /value\.bytes is binary data \(a Uint8Array/],
      [[1, undefined], /value\[1\] is undefined in an array/],
      [{ re: /x/ }, /value\.re is an instance of RegExp with no enumerable own property/],
    ];
    for (const [value, message] of cases) expect(refusal(json, value)).toMatch(message);
    // what JSON keeps: Dates read back as ISO strings, undefined properties are left out, toJSON is honoured
    const back = json.decode(bytes(json.encode({ d: new Date(0), u: undefined, url: new URL('https://x.test/') }, 'k')), 'k');
    expect(back).toEqual({ d: '1970-01-01T00:00:00.000Z', url: 'https://x.test/' });
  });

  it('keeps everything msgpack round-trips, including class instances (as their data) and null-prototype objects', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    const value = { ...richValue(), point: new Point(1, 2), bare, none: undefined, error: new TypeError('boom'), re: /a+/gi, view: new DataView(new ArrayBuffer(2)) };
    const back = roundTrip(msgpack(), value) as Record<string, unknown>;
    expect(back.point).toEqual({ x: 1, y: 2 });
    expect(back.bare).toEqual({ a: 1 });
    expect(back.error).toBeInstanceOf(TypeError);
    expect(back.re).toEqual(/a+/gi);
    expect(back).toHaveProperty('none', undefined);
  });

  it('the exported serializers refuse the same values', () => {
    expect(() => createMsgpackSerializer().encode({ f: () => 1 })).toThrow(/value\.f is a function/);
    expect(() => createJsonSerializer().encode(new Map())).toThrow(/value is a Map/);
  });
});

describe('decompression is bounded by maxDecompressedSize', () => {
  it('stops inflating a zip bomb at the bound with SerializationError (never inflates fully, then checks)', () => {
    const codec = new ValueCodec('msgpack', undefined, 'redis', 1 << 20);
    const bomb = zipBomb(64 << 20);
    expect(bomb.length).toBeLessThan(80 * 1024);
    expect(() => codec.decode(bomb, 'k')).toThrow(/inflates to more than maxDecompressedSize \(1048576 bytes; \d+ compressed\)/);
    // the same value inflates under a bound that holds it
    const decoded = new ValueCodec('msgpack', undefined, 'redis', 65 << 20).decode(bomb, 'k') as Buffer;
    expect(decoded.length).toBe((64 << 20) - 5);
  });

  it('the default is 64 MiB, and a compressed write above the bound is refused', () => {
    expect(DEFAULT_MAX_DECOMPRESSED_SIZE).toBe(64 * 1024 * 1024);
    expect(() => msgpack().decode(zipBomb((64 << 20) + 1024), 'k')).toThrow(SerializationError);
    const small = new ValueCodec('json', { threshold: 10, level: 1 }, 'redis', 100);
    expect(() => small.encode('y'.repeat(200), 'k')).toThrow(/it is 202 bytes before compression, more than maxDecompressedSize \(100\)/);
    expect(small.decode(bytes(small.encode('y'.repeat(90), 'k')), 'k')).toBe('y'.repeat(90));
  });
});

describe('any bytes decode to a value or a typed SerializationError, never anything else (fast-check)', () => {
  const codecs = [
    msgpack(),
    new ValueCodec('json', { threshold: 0, level: 1 }, 'redis', 1 << 20),
    new ValueCodec({ encode: (v) => Buffer.from(String(v)), decode: (b) => b.toString('latin1') }, undefined, 'redis', 1 << 20),
  ];
  const decodes = (raw: Uint8Array): boolean => {
    for (const codec of codecs) {
      try {
        codec.decode(Buffer.from(raw), 'k');
      } catch (error) {
        if (!(error instanceof SerializationError) || error.key !== 'k') throw error;
      }
    }
    return true;
  };
  const header = fc.constantFrom(0x01, 0x02, 0x03, 0x04, 0x11, 0x12, 0x13, 0x14);

  it('random byte strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), decodes), { numRuns: 1000 });
  });

  it('one of our headers over random bytes (compressed flag included)', () => {
    fc.assert(fc.property(header, fc.uint8Array({ maxLength: 256 }), (h, body) => decodes(Uint8Array.of(h, ...body))), { numRuns: 1000 });
  });

  it('valid encodings of random values, truncated or with one byte changed', () => {
    const compressing = new ValueCodec('msgpack', { threshold: 0, level: 1 }, 'redis');
    const value = fc.anything({ withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true });
    fc.assert(
      fc.property(value, fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (v, compress, at, byte, truncate) => {
        let encoded: Buffer;
        try {
          encoded = bytes((compress ? compressing : msgpack()).encode(v, 'k'));
        } catch (error) {
          if (error instanceof SerializationError) return true;
          throw error;
        }
        const mutated = Buffer.from(encoded);
        const i = at % mutated.length;
        if (truncate) return decodes(mutated.subarray(0, i));
        mutated[i] = byte;
        return decodes(mutated);
      }),
      { numRuns: 1000 },
    );
  });
});
