/**
 * The codec's options, as a remote tier takes them (`serializer`,
 * `compression`, `maxDecompressedSize`): one interface a tier's options
 * extend, defaults as named constants, and the one validation, with errors
 * that name the option.
 * @module
 */
import { constants as bufferConstants } from 'node:buffer';
import { InvalidOptionError, assertKnownOptions, describeValue } from '@cache/core';
import type { Serializer, SerializerName } from './serializer.js';
import { DEFAULT_MAX_DECOMPRESSED_SIZE, type CompressionSettings } from './codec.js';

/** Default compression threshold, bytes. */
export const DEFAULT_COMPRESSION_THRESHOLD = 1024;
/** Default zlib level. */
export const DEFAULT_COMPRESSION_LEVEL = 6;

/** Compression options. */
export interface CompressionOptions {
  /** Encoded values of at least this many bytes are deflate-compressed. @default 1024 */
  threshold?: number;
  /** zlib level, 1 (fast) to 9 (small). @default 6 */
  level?: number;
}

/**
 * The value codec's options. A remote tier's options extend this interface
 * and pass it to {@link parseCodecOptions}, so every tier takes them with the
 * same names, defaults and errors.
 */
export interface CodecOptions {
  /**
   * How values become bytes: `'msgpack'` (Date, Map, Set, BigInt, Buffer,
   * typed arrays round-trip), `'json'` (readable by any program), or your own.
   * Reads accept both built-in formats whatever is chosen.
   * @default 'msgpack'
   */
  serializer?: SerializerName | Serializer;
  /** Deflate values above a size threshold; `true` uses the defaults. @default false */
  compression?: boolean | CompressionOptions;
  /**
   * The most bytes one compressed value may inflate to when read (whatever
   * this tier's `compression` setting: any writer's compressed values are
   * read). Inflating stops as soon as the output passes it, and the read
   * fails with SerializationError (a miss in `miss` mode), so a small hostile
   * value (a "zip bomb") cannot make reads allocate hundreds of megabytes.
   * Writes whose body before compression is larger fail with
   * SerializationError, so what this tier writes it can read. Give every
   * instance sharing the data the same value. Bytes, 1 to
   * `buffer.constants.MAX_LENGTH`.
   * @default 67108864 (64 MiB)
   */
  maxDecompressedSize?: number;
}

/** {@link CodecOptions} after validation, with the defaults filled in: what {@link ValueCodec}'s constructor takes. */
export interface ResolvedCodecOptions {
  /** The serializer: a built-in one by name, or yours. */
  serializer: SerializerName | Serializer;
  /** Compression settings; `undefined`: values are written uncompressed. */
  compression: CompressionSettings | undefined;
  /** Bytes a compressed value may inflate to (reads) and a compressed body may hold (writes). */
  maxDecompressedSize: number;
}

const COMPRESSION_KNOWN: ReadonlySet<string> = new Set(['threshold', 'level']);

function integer(value: unknown, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `${option} must be an integer from ${min} to ${max} (got ${describeValue(value)})`);
  }
  return value;
}

/**
 * Validates the codec's options (`serializer`, then `compression`, then
 * `maxDecompressedSize`) and fills in the defaults. Other properties of `o`
 * are ignored: the tier whose options extend {@link CodecOptions} checks for
 * unknown names.
 * @throws InvalidOptionError naming the first bad option (`compression.level`…)
 */
export function parseCodecOptions(o: CodecOptions): ResolvedCodecOptions {
  const serializer = o.serializer ?? 'msgpack';
  if (
    serializer !== 'msgpack' &&
    serializer !== 'json' &&
    (typeof serializer !== 'object' || serializer === null || typeof serializer.encode !== 'function' || typeof serializer.decode !== 'function')
  ) {
    throw new InvalidOptionError('serializer', `serializer must be 'msgpack', 'json' or an object with encode(value) and decode(bytes) (got ${describeValue(serializer)})`);
  }

  let compression: CompressionSettings | undefined;
  if (o.compression !== undefined && o.compression !== false) {
    const c = o.compression === true ? {} : o.compression;
    if (typeof c !== 'object' || c === null) {
      throw new InvalidOptionError('compression', `compression must be a boolean or { threshold, level } (got ${describeValue(c)})`);
    }
    assertKnownOptions(c, COMPRESSION_KNOWN, 'compression', 'compression.');
    compression = {
      threshold: c.threshold === undefined ? DEFAULT_COMPRESSION_THRESHOLD : integer(c.threshold, 'compression.threshold', 0),
      level: c.level === undefined ? DEFAULT_COMPRESSION_LEVEL : integer(c.level, 'compression.level', 1, 9),
    };
  }

  const maxDecompressedSize =
    o.maxDecompressedSize === undefined ? DEFAULT_MAX_DECOMPRESSED_SIZE : integer(o.maxDecompressedSize, 'maxDecompressedSize', 1, bufferConstants.MAX_LENGTH);

  return { serializer, compression, maxDecompressedSize };
}
