/**
 * Serializers turn values into bytes and back. The tier adds a one-byte
 * header (see `codec.ts`) so data written by different serializers, with or
 * without compression, coexists under one prefix.
 * @module
 */
import { Packr, RESERVE_START_SPACE } from 'msgpackr';

/** A pluggable serializer. `decode` must never evaluate code found in the bytes. */
export interface Serializer {
  /** Encodes a value (never `undefined`). Throwing makes the write fail with SerializationError. */
  encode(value: unknown): Buffer | Uint8Array;
  /** Decodes bytes produced by `encode`. Throwing makes the read fail with SerializationError (or miss). */
  decode(bytes: Buffer): unknown;
}

/** The built-in serializers, by name. */
export type SerializerName = 'msgpack' | 'json';

/**
 * msgpackr with records (so `Map` and plain objects stay distinct), more
 * types (`Set`, typed arrays, `Error`, `RegExp`), its big-integer extension
 * (BigInt of any size) and the timestamp extension (`Date`). Each message
 * carries its own record definitions (no shared structures), so any instance
 * can read what any other wrote.
 *
 * Safety: msgpackr never evaluates data. After the third object of one shape
 * in a message it compiles a reader with `new Function` whose property names
 * are emitted through `JSON.stringify` (or a strict identifier check), so key
 * names cannot inject code; `__proto__` keys are renamed, so no prototype is
 * polluted. The test "hostile msgpack bytes" covers both.
 */
export function createMsgpackSerializer(): Serializer & { encodeWithHeaderSpace(value: unknown): Buffer } {
  const packr = new Packr({
    useRecords: true,
    mapsAsObjects: false,
    moreTypes: true,
    useBigIntExtension: true,
    int64AsType: 'bigint',
  });
  return {
    encode: (value) => packr.pack(value),
    /** Encodes with one spare byte in front, for the header, avoiding a copy. */
    encodeWithHeaderSpace: (value) => packr.pack(value, RESERVE_START_SPACE | 1),
    decode: (bytes) => packr.unpack(bytes),
  };
}

/**
 * Plain JSON (UTF-8), readable by any program. Types JSON lacks do not
 * round-trip: `Date` becomes a string, `Map`/`Set` become `{}`, `BigInt`
 * throws a SerializationError.
 */
export function createJsonSerializer(): Serializer {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value), 'utf8'),
    decode: (bytes) => JSON.parse(bytes.toString('utf8')),
  };
}
