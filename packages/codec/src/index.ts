/**
 * `@cache/codec`: the value codec of the `@cache` remote tiers
 * (`@cache/redis`, `@cache/cluster` and the other tiers that store bytes on a
 * server): a serializer (msgpack through msgpackr, JSON, or your own) and
 * optional deflate compression behind a one-byte header, so every tier
 * stores the same bytes for the same value and reads what any other wrote.
 * @module
 */
export { ValueCodec, Format, COMPRESSED, DEFAULT_MAX_DECOMPRESSED_SIZE, type CompressionSettings } from './codec.js';
export { type Serializer, type SerializerName, type MsgpackSerializer, createMsgpackSerializer, createJsonSerializer } from './serializer.js';
export {
  parseCodecOptions,
  type CodecOptions,
  type CompressionOptions,
  type ResolvedCodecOptions,
  DEFAULT_COMPRESSION_THRESHOLD,
  DEFAULT_COMPRESSION_LEVEL,
} from './options.js';
