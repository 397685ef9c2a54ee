/**
 * The value codec: serializer + optional compression behind a one-byte header.
 *
 * Header byte (chosen outside printable ASCII, so JSON or text written by
 * another program is never mistaken for ours):
 *
 * | byte   | meaning                         |
 * |--------|---------------------------------|
 * | `0x01` | msgpack (standard)              |
 * | `0x02` | msgpack with records (holds a Map) |
 * | `0x03` | JSON                            |
 * | `0x04` | the user's custom serializer    |
 * | `+0x10`| the body is deflate-compressed  |
 *
 * A value with no header that is a plain decimal number (what Redis's INCRBY
 * and INCRBYFLOAT, or Memcached's incr, store) reads as a number, and finite
 * numbers are written that way by the built-in serializers, so `set(k, 0)`
 * then `increment(k)` works.
 *
 * Readers accept every built-in format whatever the configured writer, so a
 * switch from JSON to msgpack (or turning compression on) needs no migration.
 * @module
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SerializationError } from '@cache/core';
import { checkJson, Unrepresentable } from './representable.js';
import { createJsonSerializer, createMsgpackSerializer, type Serializer, type SerializerName } from './serializer.js';

/** Header format codes. */
export const Format = { Msgpack: 0x01, MsgpackRecords: 0x02, Json: 0x03, Custom: 0x04 } as const;
/** Header flag: the body is deflate-compressed. */
export const COMPRESSED = 0x10;
const JSON_HEADER = String.fromCharCode(Format.Json);

/**
 * Default bound on what one compressed value may inflate to: 64 MiB. A read
 * stops inflating as soon as the output passes it (zlib's
 * `maxOutputLength`), so a small hostile value cannot make every read
 * allocate hundreds of megabytes (deflate reaches ~1000:1: 505 KB of it
 * inflated to 511 MB).
 */
export const DEFAULT_MAX_DECOMPRESSED_SIZE = 64 * 1024 * 1024;
const NUMBER_PATTERN = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const MAX_NUMBER_TEXT = 32;

/** Compression settings, validated. */
export interface CompressionSettings {
  /** Bodies of at least this many bytes are compressed. */
  threshold: number;
  /** zlib level 1..9. */
  level: number;
}

/**
 * Encodes values for a remote tier (Redis, Memcached…) and decodes what it
 * returns. Every tier built on it reads what any other wrote with the same
 * options. Build one from a tier's options with {@link parseCodecOptions}:
 * `new ValueCodec(o.serializer, o.compression, name, o.maxDecompressedSize)`.
 */
export class ValueCodec {
  readonly #tier: string;
  readonly #format: number;
  readonly #custom: Serializer | undefined;
  readonly #msgpack = createMsgpackSerializer();
  readonly #json = createJsonSerializer();
  readonly #compression: CompressionSettings | undefined;
  readonly #numbersAsText: boolean;
  readonly #maxDecompressed: number;

  /**
   * @param serializer `'msgpack'`, `'json'` or your own serializer: what `encode` writes (`decode` reads every format)
   * @param compression compress bodies of at least `threshold` bytes; `undefined`: never compress
   * @param tier the tier's name, set on every SerializationError
   * @param maxDecompressedSize bytes a compressed value may inflate to (reads) and a compressed body may hold (writes)
   */
  constructor(
    serializer: SerializerName | Serializer,
    compression: CompressionSettings | undefined,
    tier: string,
    maxDecompressedSize = DEFAULT_MAX_DECOMPRESSED_SIZE,
  ) {
    this.#tier = tier;
    this.#compression = compression;
    this.#maxDecompressed = maxDecompressedSize;
    if (serializer === 'msgpack') this.#format = Format.Msgpack;
    else if (serializer === 'json') this.#format = Format.Json;
    else {
      this.#format = Format.Custom;
      this.#custom = serializer;
    }
    this.#numbersAsText = this.#format !== Format.Custom;
  }

  /**
   * Bytes (or a decimal string, for numbers) to store for `value`.
   * @throws SerializationError when the serializer cannot encode the value
   */
  encode(value: unknown, key: string): Buffer | string {
    if (this.#numbersAsText && typeof value === 'number' && Number.isFinite(value)) {
      return Object.is(value, -0) ? '-0' : String(value);
    }
    if (this.#format === Format.Json) return this.#encodeJson(value, key);
    let out: Buffer;
    try {
      if (this.#format === Format.Msgpack) {
        const packed = this.#msgpack.encodeWithHeaderSpace(value);
        out = packed.bytes;
        out[0] = packed.records ? Format.MsgpackRecords : Format.Msgpack;
      } else {
        const body = this.#custom!.encode(value);
        out = Buffer.allocUnsafe(body.byteLength + 1);
        out[0] = this.#format;
        out.set(body, 1);
      }
    } catch (error) {
      throw this.#unencodable(key, error);
    }
    const compression = this.#compression;
    if (compression !== undefined && out.length - 1 >= compression.threshold) return this.#compress(out[0], out.subarray(1), key);
    return out;
  }

  /**
   * JSON is returned as a string (header character + text), which a client
   * such as ioredis writes without building a Buffer first.
   */
  #encodeJson(value: unknown, key: string): Buffer | string {
    let text: string | undefined;
    try {
      checkJson(value);
      text = JSON.stringify(value);
    } catch (error) {
      throw this.#unencodable(key, error);
    }
    if (typeof text !== 'string') throw this.#unencodable(key, new Error(`JSON cannot represent ${typeof value} values`));
    const compression = this.#compression;
    if (compression !== undefined && text.length >= compression.threshold) {
      const body = Buffer.from(text, 'utf8');
      if (body.length >= compression.threshold) return this.#compress(Format.Json, body, key);
    }
    return JSON_HEADER + text;
  }

  /** @throws SerializationError when the body is larger than readers will inflate (`maxDecompressedSize`) */
  #compress(header: number, body: Buffer, key: string): Buffer {
    if (body.length > this.#maxDecompressed) {
      throw new SerializationError(
        `could not store the value of key ${JSON.stringify(key)}: it is ${body.length} bytes before compression, more than maxDecompressedSize (${this.#maxDecompressed}), so no reader would inflate it; raise maxDecompressedSize on every instance, or store less; nothing was stored`,
        { key, tier: this.#tier },
      );
    }
    const compressed = deflateRawSync(body, { level: this.#compression!.level });
    const framed = Buffer.allocUnsafe(compressed.length + 1);
    framed[0] = header | COMPRESSED;
    framed.set(compressed, 1);
    return framed;
  }

  #unencodable(key: string, error: unknown): SerializationError {
    const why = error instanceof Unrepresentable ? `${error.message}; nothing was stored` : `(${(error as Error)?.message ?? String(error)})`;
    return new SerializationError(
      `could not encode the value of key ${JSON.stringify(key)}: ${why}; store plain data (see "What it refuses" in the @cache/codec README) or choose another serializer`,
      { key, tier: this.#tier, cause: error },
    );
  }

  /**
   * The value stored in `bytes`.
   * @throws SerializationError for an unknown header, corrupt or foreign bytes
   */
  decode(bytes: Buffer, key: string): unknown {
    const header = bytes[0];
    if (header === undefined) throw this.#corrupt(key, 'the stored value is empty');
    const format = header & ~COMPRESSED;
    if (format !== Format.Msgpack && format !== Format.MsgpackRecords && format !== Format.Json && format !== Format.Custom) {
      if (bytes.length <= MAX_NUMBER_TEXT) {
        const text = bytes.toString('latin1');
        if (NUMBER_PATTERN.test(text)) return Number(text);
      }
      throw this.#corrupt(key, `unknown header byte 0x${header.toString(16).padStart(2, '0')} (written by another program?)`);
    }
    let body = bytes.subarray(1);
    if (header & COMPRESSED) body = this.#inflate(body, key);
    try {
      if (format === Format.Msgpack) return this.#msgpack.decode(body);
      if (format === Format.MsgpackRecords) return this.#msgpack.decodeRecords(body);
      if (format === Format.Json) return this.#json.decode(body);
    } catch (error) {
      throw this.#corrupt(key, (error as Error)?.message ?? String(error), error);
    }
    if (this.#custom === undefined) {
      throw this.#corrupt(key, 'the value was written with a custom serializer; configure the same `serializer` to read it');
    }
    try {
      return this.#custom.decode(body);
    } catch (error) {
      throw this.#corrupt(key, (error as Error)?.message ?? String(error), error);
    }
  }

  /** Inflates, stopping as soon as the output passes the bound (never inflates fully, then checks). */
  #inflate(body: Buffer, key: string): Buffer {
    try {
      return inflateRawSync(body, { maxOutputLength: this.#maxDecompressed });
    } catch (error) {
      if ((error as { code?: unknown })?.code === 'ERR_BUFFER_TOO_LARGE') {
        throw this.#corrupt(
          key,
          `the compressed value inflates to more than maxDecompressedSize (${this.#maxDecompressed} bytes; ${body.length} compressed): a zip bomb, or a value written with a larger limit — raise maxDecompressedSize if it is yours`,
          error,
        );
      }
      throw this.#corrupt(key, `the compressed body is not valid deflate data (${(error as Error)?.message ?? String(error)})`, error);
    }
  }

  #corrupt(key: string, why: string, cause?: unknown): SerializationError {
    return new SerializationError(`could not decode the value of key ${JSON.stringify(key)}: ${why}; delete the key or fix the writer`, {
      key,
      tier: this.#tier,
      cause,
    });
  }
}
