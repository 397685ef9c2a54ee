/**
 * Converts access traces published in other simulators' formats (Caffeine's
 * simulator resources, the cache2k, Scarab, Corda and CloudPhysics traces,
 * address traces, the ARC paper's `.lis` traces) into this benchmark's
 * format: one key per line, gzip.
 * With it, traces outside the shared set can be replayed by `pnpm
 * bench:hit-ratio` as a hold-out check of a policy tuned on the shared ones.
 * @module
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { isGzip } from './trace.js';

/** The input formats {@link convertTrace} reads. */
export const TRACE_FORMATS = ['int32', 'uint32', 'int64', 'address', 'arc'] as const;
/** One of {@link TRACE_FORMATS}. */
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** What each format is, for help texts. */
export const TRACE_FORMAT_HELP: Record<TraceFormat, string> = {
  int32: 'big-endian signed 32-bit keys, back to back (cache2k: orm-busy, web07, …)',
  uint32: 'big-endian unsigned 32-bit keys (CloudPhysics w*)',
  int64: 'big-endian signed 64-bit keys (Scarab, Corda)',
  address: 'text lines "<op> <hex address> …": the second field is the key (gcc, gzip, mcf, swim, twolf)',
  arc: 'text lines "<first block> <blocks> <ignored> <request #>", each block one request (the ARC paper\'s .lis: OLTP, P1–P14, DS1, S1–S3)',
};

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

/** Thrown for input the converter cannot read; the message says what to change. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}

/**
 * The keys of a trace in `format`, in request order. `bytes` may be
 * gzip-compressed (detected by its magic bytes); xz is refused with the
 * command that decompresses it, and so is input without a single request
 * (an empty file, or a pipe whose command failed).
 */
export function convertTrace(bytes: Uint8Array, format: TraceFormat): string[] {
  if (XZ_MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new TraceFormatError('the input is xz-compressed, which Node cannot read: decompress it first (xz -dc FILE.xz > FILE, or pipe it to --in -)');
  }
  const data = Buffer.from(isGzip(bytes) ? gunzipSync(bytes) : bytes);
  const keys = keysOf(data, format);
  if (keys.length === 0) throw new TraceFormatError('the input holds no request: check the --in path or the command piping into it');
  return keys;
}

function keysOf(data: Buffer, format: TraceFormat): string[] {
  switch (format) {
    case 'int32':
      return fixedWidth(data, 4, format, (at) => String(data.readInt32BE(at)));
    case 'uint32':
      return fixedWidth(data, 4, format, (at) => String(data.readUInt32BE(at)));
    case 'int64':
      return fixedWidth(data, 8, format, (at) => String(data.readBigInt64BE(at)));
    case 'address':
      return addresses(data.toString('utf8'));
    case 'arc':
      return arcBlocks(data.toString('utf8'));
    default:
      throw new TraceFormatError(`unknown trace format '${String(format)}' (known: ${TRACE_FORMATS.join(', ')})`);
  }
}

function fixedWidth(data: Buffer, width: number, format: TraceFormat, read: (at: number) => string): string[] {
  if (data.length % width !== 0) {
    throw new TraceFormatError(`${data.length} bytes is not a whole number of ${width}-byte keys: is the input really '${format}' (${TRACE_FORMAT_HELP[format]})?`);
  }
  const keys = new Array<string>(data.length / width);
  for (let i = 0; i < keys.length; i++) keys[i] = read(i * width);
  return keys;
}

/** The non-empty lines of `text`, trimmed, each with its 1-based number. */
function* numberedLines(text: string): Generator<[number, string]> {
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line.length !== 0) yield [n + 1, line];
  }
}

function addresses(text: string): string[] {
  const keys: string[] = [];
  for (const [n, line] of numberedLines(text)) {
    const address = line.split(/\s+/)[1];
    if (address === undefined || !/^(0x)?[0-9a-f]+$/i.test(address)) {
      throw new TraceFormatError(`line ${n} has no hex address as its second field: '${line.slice(0, 60)}'`);
    }
    keys.push(address.toLowerCase().replace(/^0x/, ''));
  }
  return keys;
}

/**
 * The ARC paper's `.lis` traces (Megiddo and Modha, FAST'03): a line per
 * request of `<blocks>` consecutive blocks from `<first block>`, each block
 * one access, as the paper counts them (P2: 12.7M accesses, 913k blocks).
 */
function arcBlocks(text: string): string[] {
  const keys: string[] = [];
  for (const [n, line] of numberedLines(text)) {
    const [first, blocks] = line.split(/\s+/);
    if (first === undefined || blocks === undefined || !/^\d+$/.test(first) || !/^\d+$/.test(blocks) || blocks === '0' || !Number.isSafeInteger(Number(first) + Number(blocks))) {
      throw new TraceFormatError(`line ${n} is not '<first block> <blocks> …' with whole numbers and at least one block: '${line.slice(0, 60)}'`);
    }
    const start = Number(first);
    for (let block = start; block < start + Number(blocks); block++) keys.push(String(block));
  }
  return keys;
}

/** `keys` as this benchmark's trace format: one key per line, gzip. */
export function traceBytes(keys: readonly string[]): Buffer {
  return gzipSync(keys.length === 0 ? '' : `${keys.join('\n')}\n`);
}
