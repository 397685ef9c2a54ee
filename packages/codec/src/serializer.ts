/**
 * Serializers turn values into bytes and back. The tier adds a one-byte
 * header (see `codec.ts`) so data written by different serializers, with or
 * without compression, coexists under one prefix.
 * @module
 */
import { Packr, RESERVE_START_SPACE } from 'msgpackr';
import { checkJson, checkMsgpack } from './representable.js';

/**
 * A pluggable serializer. `decode` must never evaluate code found in the
 * bytes; `encode` should throw for values it cannot represent (rather than
 * write something that reads back as another value).
 */
export interface Serializer {
  /** Encodes a value (never `undefined`). Throwing makes the write fail with SerializationError. */
  encode(value: unknown): Buffer | Uint8Array;
  /** Decodes bytes produced by `encode`. Throwing makes the read fail with SerializationError (or miss). */
  decode(bytes: Buffer): unknown;
}

/** The built-in serializers, by name. */
export type SerializerName = 'msgpack' | 'json';

/**
 * msgpack through msgpackr, with more types (`Set`, typed arrays, `Error`,
 * `RegExp`), its big-integer extension (BigInt of any size) and the timestamp
 * extension (`Date`).
 *
 * Plain MessagePack maps cannot tell a `Map` from an object, so a value that
 * holds a `Map` anywhere is written with msgpackr's record extension
 * (objects become records, `Map`s stay maps); everything else is standard
 * MessagePack, which any msgpack library can read and which decodes faster.
 * `encodeWithHeaderSpace` says which one it wrote. Each message carries its
 * own record definitions (no shared structures), so any instance can read
 * what any other wrote.
 *
 * Safety: msgpackr never evaluates data. For the fourth object of one record
 * shape in a message it compiles a reader with `new Function` whose property
 * names are emitted through `JSON.stringify` (or a strict identifier check),
 * so key names cannot inject code; `__proto__` keys are renamed `__proto_`,
 * so no prototype is polluted. The test "hostile msgpack bytes" covers both.
 *
 * `encode` throws for values msgpack would not read back as themselves
 * (functions, Promises, WeakMaps…): see `representable.ts` for the list.
 * The check is the walk that looks for a `Map`, so it costs no extra pass.
 */
export interface MsgpackSerializer extends Serializer {
  /**
   * Encodes with one spare byte in front (for the header, avoiding a copy);
   * `records` tells whether the record extension was used.
   */
  encodeWithHeaderSpace(value: unknown): { bytes: Buffer; records: boolean };
  /** Decodes bytes written with the record extension. */
  decodeRecords(bytes: Buffer): unknown;
}

/** Creates the msgpack serializer (see {@link MsgpackSerializer}). */
export function createMsgpackSerializer(): MsgpackSerializer {
  const common = { moreTypes: true, useBigIntExtension: true, int64AsType: 'bigint' as const };
  const standard = new Packr({ ...common, useRecords: false, mapsAsObjects: true });
  const records = new Packr({ ...common, useRecords: true, mapsAsObjects: false });
  return {
    encode: (value) => (checkMsgpack(value) ? records.pack(value) : standard.pack(value)),
    encodeWithHeaderSpace: (value) =>
      checkMsgpack(value)
        ? { bytes: records.pack(value, RESERVE_START_SPACE | 1), records: true }
        : { bytes: standard.pack(value, RESERVE_START_SPACE | 1), records: false },
    decode: (bytes) => standard.unpack(bytes),
    decodeRecords: (bytes) => records.unpack(bytes),
  };
}

/**
 * Plain JSON (UTF-8), readable by any program. `Date` reads back as its ISO
 * string; `encode` throws for everything else JSON would turn into another
 * value (`Map`, `Set`, `BigInt`, `NaN`, binary data, functions…: see
 * `representable.ts`).
 */
export function createJsonSerializer(): Serializer {
  return {
    encode: (value) => {
      checkJson(value);
      return Buffer.from(JSON.stringify(value), 'utf8');
    },
    decode: (bytes) => JSON.parse(bytes.toString('utf8')),
  };
}
